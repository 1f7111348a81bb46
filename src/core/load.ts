import type { Sla } from './model.js';
import { hasErrors, sortProblems, type FileReport, type Problem } from './problems.js';
import { checkRules, findingPointer, type RuleContext } from './rules.js';
import { checkSchema } from './schema-check.js';
import { locate, parseYaml } from './yaml-source.js';

export interface LoadedSla extends FileReport {
  /** The agreement, present only when it has no errors. */
  sla?: Sla;
}

/**
 * The one way into an SLA: parse, check against the schema, then the rules. `validate` prints the
 * problems; `render` and `check` refuse the file with the same problems when it has errors.
 */
export function loadSla(text: string, file: string, context: RuleContext): LoadedSla {
  const source = parseYaml(text);
  let problems: Problem[] = [...source.problems];
  if (!hasErrors(problems)) {
    const data = source.data;
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
      problems.push({ severity: 'error', line: 1, column: 1, path: '', rule: 'schema/type', message: `an SLA file must be a mapping of keys (sla, id, title, parties, ...), not ${Array.isArray(data) ? 'a list' : 'a single value'}` });
    } else {
      problems.push(...checkSchema(source));
      if (!hasErrors(problems)) {
        for (const finding of checkRules(data as Sla, context)) {
          const path = findingPointer(finding);
          problems.push({ severity: finding.severity, path, rule: finding.rule, message: finding.message, ...locate(source, path, finding.key ? 'key' : 'value') });
        }
      }
    }
  }
  problems = sortProblems(problems);
  const valid = !hasErrors(problems);
  return valid ? { file, valid, problems, sla: source.data as Sla } : { file, valid, problems };
}
