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
  for (const seg of pointerSegments(pointer)) {
    if (/^\d+$/.test(seg)) out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** One key as a JSON pointer segment (RFC 6901): `~` → `~0`, `/` → `~1`. */
export function escapePointerSegment(key: string | number): string {
  return String(key).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The key a JSON pointer segment names: `~1` → `/`, then `~0` → `~`. */
export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `["metrics", 2, "a/b"]` → `/metrics/2/a~1b`. */
export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + escapePointerSegment(s)).join('');
}

/** `/metrics/2/a~1b` → `["metrics", "2", "a/b"]`; the whole document, "", has none. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map(unescapePointerSegment);
}
