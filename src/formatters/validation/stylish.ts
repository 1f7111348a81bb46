import { plural } from '../../core/text.js';
import { printable } from '../text.js';
import type { ValidationFormatter } from './types.js';

/** Grouped by file, one aligned line a problem, a summary line: what people read in a terminal. */
export const stylish: ValidationFormatter = (result, { color }) => {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const file of result.files) {
    if (file.problems.length === 0) continue;
    lines.push(color.underline(printable(file.file)));
    const width = Math.max(...file.problems.map((p) => `${p.line}:${p.column}`.length));
    for (const p of file.problems) {
      if (p.severity === 'error') errors++;
      else warnings++;
      const where = `${p.line}:${p.column}`.padEnd(width);
      const severity = p.severity === 'error' ? color.red('error  ') : color.yellow('warning');
      lines.push(`  ${color.dim(where)}  ${severity}  ${printable(p.message)}  ${color.dim(printable(p.rule))}`);
    }
    lines.push('');
  }
  const files = result.files.length;
  const total = errors + warnings;
  const fileWord = plural(files, 'file');
  if (total === 0) {
    lines.push(color.green(`✔ ${fileWord} valid`));
  } else {
    const summary = `${plural(total, 'problem')} (${plural(errors, 'error')}, ${plural(warnings, 'warning')}) in ${fileWord}`;
    lines.push(errors > 0 || !result.valid ? color.red.bold(`✖ ${summary}`) : color.yellow.bold(`⚠ ${summary}`));
  }
  return lines.join('\n') + '\n';
};
