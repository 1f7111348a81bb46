import type { ValidationFormatter } from './types.js';

// Workflow commands need %, CR and LF escaped in the message, and also : and , in properties.
const escapeData = (s: string) => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
const escapeProperty = (s: string) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

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
