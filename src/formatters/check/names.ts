// The names of `sla check --format`, with no imports, so cli.ts can offer them without loading the
// formatters; index.ts is typed against this list, so the two cannot drift apart.
export const CHECK_FORMATS = ['table', 'json', 'markdown', 'github', 'junit'] as const;
export type CheckFormatName = (typeof CHECK_FORMATS)[number];
