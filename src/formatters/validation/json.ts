import type { ValidationFormatter } from './types.js';

export const json: ValidationFormatter = (result) =>
  JSON.stringify({
    valid: result.valid,
    files: result.files.map((f) => ({ file: f.file, valid: f.valid, problems: f.problems.map(({ severity, line, column, path, rule, message }) => ({ severity, line, column, path, rule, message })) })),
  }, null, 2) + '\n';
