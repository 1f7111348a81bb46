import type { Sla } from '../model.js';
import { pointerOf } from '../problems.js';
import { chargeCurrency, chargePeriod, creditCap } from './charges.js';
import { creditTier, uncoveredKpi } from './consequences.js';
import { calendarDate, dateOrder, expired, reviewOverdue, term } from './dates-and-term.js';
import { dataFormat } from './data.js';
import { deriveFacts, type RuleFacts } from './facts.js';
import { uniqueIds, unknownReference } from './ids-and-references.js';
import { clock, measure, reservedKey, unit } from './measures.js';
import { duration, responseAfterResolution } from './priorities.js';
import { calendarTimeOnBusinessDesk, kpiMatchesPriority } from './priority-table.js';
import type { Rule, RuleContext, RuleFinding, Severity } from './rule.js';
import { signatures } from './signatures.js';
import { impossibleTarget, percentRange, unrealisticTarget } from './targets.js';
import { coverageHours, timezone } from './timezones-and-coverage.js';

export type { Rule, RuleContext, RuleFinding } from './rule.js';

/** Every check beyond the schema, each documented under its id in docs/rules.md. */
export const RULES: readonly Rule[] = [
  uniqueIds,
  unknownReference,
  calendarDate,
  term,
  dateOrder,
  expired,
  reviewOverdue,
  timezone,
  coverageHours,
  duration,
  unrealisticTarget,
  responseAfterResolution,
  calendarTimeOnBusinessDesk,
  percentRange,
  impossibleTarget,
  unit,
  measure,
  reservedKey,
  clock,
  kpiMatchesPriority,
  uncoveredKpi,
  creditTier,
  creditCap,
  chargeCurrency,
  chargePeriod,
  signatures,
  dataFormat,
];

/** Per-rule settings keyed by rule id without the `rule/` prefix: 'off' drops a rule's findings. */
export type RuleSeverities = Readonly<Record<string, 'off' | 'warn' | 'error'>>;

const SEVERITY_OF_SETTING: Record<'warn' | 'error', Severity> = { warn: 'warning', error: 'error' };

/**
 * Checks what the schema cannot: references, dates, durations, consistency and realism. Runs on a
 * document the schema accepted, so every field has its declared type. A rule set in `severities`
 * reports every finding with that severity, whatever its own default. With `partial`, the document
 * failed the schema somewhere: a rule that throws on a part of the wrong shape stops there.
 */
export function checkRules(sla: Sla, context: RuleContext, severities: RuleSeverities = {}, options: { partial?: boolean } = {}): RuleFinding[] {
  const partial = options.partial === true;
  let facts: RuleFacts;
  try {
    facts = deriveFacts(sla, context);
  } catch (err) {
    if (!partial) throw err;
    // The facts need a part the schema refused: the rules that use them are skipped, the rest run.
    facts = new Proxy({} as RuleFacts, { get: () => { throw new Error('facts unavailable'); } });
  }
  const findings: RuleFinding[] = [];
  for (const rule of RULES) {
    const setting = Object.hasOwn(severities, rule.id) ? severities[rule.id] : undefined;
    if (setting === 'off') continue;
    const forced = setting === undefined ? undefined : SEVERITY_OF_SETTING[setting];
    const own: RuleFinding[] = [];
    try {
      rule.check(sla, facts, (at, message, severity = rule.severity) => own.push({ severity: forced ?? severity, rule: `rule/${rule.id}`, at, message }));
    } catch (err) {
      // On a document the schema refused, a rule stops at the first part of the wrong shape it reads
      // (core/load/refused-reads.ts); what it found before came from parts that passed.
      if (!partial) throw err;
    }
    findings.push(...own);
  }
  return findings;
}

export const findingPointer = (f: RuleFinding): string => pointerOf(f.at);
