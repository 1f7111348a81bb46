// The names of `sla diff --format`, with no imports, so cli.ts can offer them without loading the formatters.
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;
export type DiffFormatName = (typeof DIFF_FORMATS)[number];
