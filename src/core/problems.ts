/** One finding about an input file, located at a 1-based line and column. */
export interface Problem {
  severity: 'error' | 'warning';
  line: number;
  column: number;
  /** JSON pointer into the document, "" for the whole document. */
  path: string;
  /** Which check found it: `yaml/syntax`, `schema/type`, `rule/unique-ids`, ... */
  rule: string;
  message: string;
}

export interface FileReport {
  file: string;
  valid: boolean;
  problems: Problem[];
}

export const hasErrors = (problems: readonly Problem[]): boolean => problems.some((p) => p.severity === 'error');

export function sortProblems(problems: Problem[]): Problem[] {
  return problems.sort((a, b) => a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule));
}

/** `/metrics/2/objective/target` → `metrics[2].objective.target`, the way a reader names a place. */
export function pointerToReadable(pointer: string): string {
  if (pointer === '') return '(document)';
  let out = '';
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}
