import type { Sla } from '../model.js';
import type { Problem } from '../problems.js';
import type { Path, RuleFacts } from './facts.js';

export type { Path, RuleContext } from './facts.js';

export type Severity = Problem['severity'];

/** A finding before it is located in the file: `at` is the path of the node it is about. */
export interface RuleFinding {
  severity: Severity;
  /** The rule's id with the `rule/` prefix, such as `rule/unique-ids`. */
  rule: string;
  at: Path;
  message: string;
  /** Point at the key rather than the value (e.g. a duplicate id's mapping). */
  key?: boolean;
}

/** Records one finding of the rule at hand; without a severity it takes the rule's default. */
export type Report = (at: Path, message: string, severity?: Severity) => void;

/**
 * One check beyond the schema. `id` names it in findings (as `rule/<id>`), in docs/rules.md and in
 * per-rule severity settings; `severity` is the default its findings take, though a rule whose
 * findings range from a mistake to a hint reports some of them with the other severity.
 */
export interface Rule {
  id: string;
  severity: Severity;
  /** What it catches, in one line. */
  description: string;
  /** Where its reference lives: `docs/rules.md#<id>`. */
  docs: string;
  /** Runs on a document the schema accepted, so every field has its declared type. */
  check(sla: Sla, facts: RuleFacts, report: Report): void;
}
