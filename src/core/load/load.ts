import type { Sla } from '../model.js';
import { escapePointerSegment, hasErrors, pointerToReadable, sortProblems, type FileReport, type Problem } from '../problems.js';
import { checkRules, findingPointer, type RuleContext, type RuleSeverities } from '../rules/index.js';
import { guardRefused } from './refused-reads.js';
import { checkSchema } from './schema-check.js';
import { locate, parseYaml } from './yaml-source.js';

/** Longer than any text a person writes into an agreement; bounds what templates and reports carry. */
const MAX_TEXT_LENGTH = 10_000;
/** Far deeper than the format nests; deeper input is refused before recursive checks see it. */
const MAX_DEPTH = 32;

/** Refuses absurd text lengths and nesting, iteratively, so hostile input cannot exhaust the stack. */
function checkShape(data: unknown): Omit<Problem, 'line' | 'column'>[] {
  const out: Omit<Problem, 'line' | 'column'>[] = [];
  const stack: [unknown, string, number][] = [[data, '', 0]];
  while (stack.length > 0 && out.length < 20) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === 'string' && value.length > MAX_TEXT_LENGTH) {
      out.push({ severity: 'error', path, rule: 'schema/maxLength', message: `${pointerToReadable(path)} is ${value.length.toLocaleString('en')} characters long; keep text under ${MAX_TEXT_LENGTH.toLocaleString('en')} characters` });
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        out.push({ severity: 'error', path, rule: 'schema/depth', message: `${pointerToReadable(path)} nests more than ${MAX_DEPTH} levels deep, far deeper than an SLA does` });
        continue;
      }
      for (const [key, child] of Object.entries(value)) stack.push([child, `${path}/${escapePointerSegment(key)}`, depth + 1]);
    }
  }
  return out;
}

const SIGNATURES_RULE = 'rule/signatures';

export interface LoadedSla extends FileReport {
  /**
   * The agreement, present when it has no errors but missing or stale signatures: those say the
   * text is not agreed yet, not that it cannot be read, so render shows them and sign mends them.
   */
  sla?: Sla;
  /** Where a node of the agreement stands in the file (a JSON pointer to line and column). */
  locate?: (pointer: string) => { line: number; column: number };
}

/**
 * The one way into an SLA: parse, check against the schema, then the rules. `validate` prints the
 * problems; `render` and `check` refuse the file with the same problems when it has errors.
 */
export function loadSla(text: string, file: string, context: RuleContext, severities: RuleSeverities = {}): LoadedSla {
  const source = parseYaml(text);
  let problems: Problem[] = [...source.problems];
  if (!hasErrors(problems)) {
    const data = source.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      problems.push({ severity: 'error', line: 1, column: 1, path: '', rule: 'schema/type', message: `an SLA file must be a mapping of keys (sla, id, title, parties, ...), not ${Array.isArray(data) ? 'a list' : 'a single value'}` });
    } else {
      problems.push(...checkShape(data).map((f) => ({ ...f, ...locate(source, f.path) })));
    }
    if (!hasErrors(problems)) {
      const schemaProblems = checkSchema(source);
      problems.push(...schemaProblems);
      // The rules run even when the schema failed, so a misspelt key does not hide a bad time zone:
      // each rule sees a view that throws when it reads a refused node, and is then skipped; a
      // finding on or inside a refused node is dropped too, as it would only echo the schema's.
      const partial = hasErrors(schemaProblems);
      const refused = new Set(schemaProblems.map((p) => p.path));
      const onRefused = (path: string) => [...refused].some((r) => path === r || path.startsWith(`${r}/`));
      {
        const view = partial ? guardRefused(data as Sla, refused) : (data as Sla);
        for (const finding of checkRules(view, context, severities, { partial })) {
          const path = findingPointer(finding);
          if (partial && onRefused(path)) continue;
          problems.push({ severity: finding.severity, path, rule: finding.rule, message: finding.message, ...locate(source, path, finding.key ? 'key' : 'value') });
        }
      }
    }
  }
  problems = sortProblems(problems);
  const valid = !hasErrors(problems);
  const usable = !problems.some((p) => p.severity === 'error' && p.rule !== SIGNATURES_RULE);
  return usable ? { file, valid, problems, sla: source.data as Sla, locate: (pointer) => locate(source, pointer) } : { file, valid, problems };
}
