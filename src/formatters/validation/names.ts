// The names of `sla validate --format`, with no imports, so cli.ts can offer them without loading the
// formatters; index.ts is typed against this list, so the two cannot drift apart.
export const VALIDATION_FORMATS = ['stylish', 'json', 'github', 'junit', 'sarif'] as const;
export type ValidationFormatName = (typeof VALIDATION_FORMATS)[number];
