import { escapeGithubData as escapeData, escapeGithubProperty as escapeProperty } from '../text.js';
import type { ValidationFormatter } from './types.js';

/** GitHub Actions annotations: `::error file=F,line=L,col=C,title=rule::message`. */
export const github: ValidationFormatter = (result) => {
  const lines: string[] = [];
  for (const file of result.files) {
    for (const p of file.problems) {
      lines.push(`::${p.severity} file=${escapeProperty(file.file)},line=${p.line},col=${p.column},title=${escapeProperty(p.rule)}::${escapeData(p.message)}`);
    }
  }
  return lines.length ? lines.join('\n') + '\n' : '';
};
