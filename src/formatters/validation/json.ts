import { printableJson } from '../../core/printable.js';
import type { ValidationFormatter } from './types.js';

export const json: ValidationFormatter = (result) =>
  printableJson({
    valid: result.valid,
    files: result.files.map((f) => ({ file: f.file, valid: f.valid, problems: f.problems.map(({ severity, line, column, path, rule, message }) => ({ severity, line, column, path, rule, message })) })),
  }) + '\n';
