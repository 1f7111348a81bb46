import { endOfTerm, isCalendarDate, isTimeZone } from './dates.js';
import { durationMinutes, parseDuration } from './duration.js';
import type { Sla } from './model.js';
import { pointerOf, type Problem } from './problems.js';

export interface RuleContext {
  /** Today's date, YYYY-MM-DD, for rules about reviews and expiry. */
  asOf: string;
}

/** A finding before it is located in the file: `at` is the path of the node it is about. */
export interface RuleFinding {
  severity: Problem['severity'];
  rule: string;
  at: (string | number)[];
  message: string;
  /** Point at the key rather than the value (e.g. a duplicate id's mapping). */
  key?: boolean;
}

/**
 * Checks what the schema cannot: references, dates, durations, consistency and realism. Runs on a
 * document the schema accepted, so every field has its declared type.
 */
export function checkRules(sla: Sla, context: RuleContext): RuleFinding[] {
  const out: RuleFinding[] = [];
  const error = (rule: string, at: RuleFinding['at'], message: string) => out.push({ severity: 'error', rule: `rule/${rule}`, at, message });
  const warn = (rule: string, at: RuleFinding['at'], message: string) => out.push({ severity: 'warning', rule: `rule/${rule}`, at, message });

  // Ids are how sections refer to each other: a duplicate makes a reference ambiguous.
  const unique = (what: string, items: readonly { id?: string | undefined }[], base: (string | number)[]) => {
    const first = new Map<string, number>();
    items.forEach((item, i) => {
      if (item.id === undefined) return;
      const prev = first.get(item.id);
      if (prev === undefined) first.set(item.id, i);
      else error('unique-ids', [...base, i, 'id'], `${what} id "${item.id}" is used twice (also at ${base.join('.')}[${prev}])`);
    });
  };
  const parties = [sla.parties.provider, ...sla.parties.recipients];
  const partyIds = new Set(parties.map((p) => p.id));
  {
    const seen = new Map<string, string>();
    parties.forEach((p, i) => {
      const at = i === 0 ? ['parties', 'provider', 'id'] : ['parties', 'recipients', i - 1, 'id'];
      if (seen.has(p.id)) error('unique-ids', at, `party id "${p.id}" is used twice (also ${seen.get(p.id)})`);
      else seen.set(p.id, i === 0 ? 'by the provider' : `by recipient ${i - 1}`);
    });
  }
  unique('service', sla.scope.services, ['scope', 'services']);
  unique('priority', sla.expectations.priorities, ['expectations', 'priorities']);
  unique('KPI', sla.metrics, ['metrics']);
  unique('consequence', sla.consequences, ['consequences']);

  sla.parties.signatories?.forEach((s, i) => {
    if (!partyIds.has(s.party)) error('unknown-reference', ['parties', 'signatories', i, 'party'], `signatory "${s.name}" signs for party "${s.party}", which is not the provider or a recipient (parties: ${[...partyIds].join(', ')})`);
    if (s.signed !== undefined && !isCalendarDate(s.signed)) error('date', ['parties', 'signatories', i, 'signed'], `"${s.signed}" is not a date in the calendar`);
  });

  // Dates and term.
  const dateFields: [string, (string | number)[]][] = [[sla.effective, ['effective']]];
  if (sla.expires !== undefined) dateFields.push([sla.expires, ['expires']]);
  dateFields.push([sla.reporting.review.next, ['reporting', 'review', 'next']]);
  sla.scope.coverage.holidays?.forEach((h, i) => dateFields.push([h.date, ['scope', 'coverage', 'holidays', i, 'date']]));
  let datesOk = true;
  for (const [value, at] of dateFields) {
    if (!isCalendarDate(value)) {
      datesOk = false;
      error('date', at, `"${value}" is not a date in the calendar`);
    }
  }
  if (sla.expires === undefined && sla.term === undefined) error('term', [], 'the agreement has no end: give "expires" (a date) or "term" (such as "12 months")');
  if (sla.expires !== undefined && sla.term !== undefined) error('term', ['term'], 'give either "expires" or "term", not both: they could disagree');
  const lastDay = sla.expires ?? (sla.term !== undefined ? endOfTerm(sla.effective, sla.term) : undefined);
  const ordered = !(sla.expires !== undefined && sla.expires <= sla.effective);
  if (datesOk && !ordered) error('date-order', ['expires'], `the agreement expires (${sla.expires}) on or before it takes effect (${sla.effective})`);
  if (datesOk && ordered && lastDay !== undefined && lastDay < context.asOf && sla.status === 'active') warn('expired', sla.expires !== undefined ? ['expires'] : ['term'], `the agreement ended on ${lastDay} but its status is still "active": renew it or mark it "retired"`);
  if (datesOk && sla.reporting.review.next < context.asOf && sla.status !== 'retired') warn('review-overdue', ['reporting', 'review', 'next'], `the next review (${sla.reporting.review.next}) is in the past as of ${context.asOf}: hold the review and set the next date`);

  if (!isTimeZone(sla.timezone)) error('timezone', ['timezone'], `"${sla.timezone}" is not an IANA time zone (such as Europe/London or UTC)`);
  const coverage = sla.scope.coverage;
  if (coverage.timezone !== undefined && !isTimeZone(coverage.timezone)) error('timezone', ['scope', 'coverage', 'timezone'], `"${coverage.timezone}" is not an IANA time zone (such as Europe/London or UTC)`);
  const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const businessDay = minutesOf(coverage.to) - minutesOf(coverage.from);
  if (businessDay <= 0) error('coverage-hours', ['scope', 'coverage', 'to'], `coverage ends (${coverage.to}) before it starts (${coverage.from})`);

  // Priorities: durations must parse, and nobody promises to resolve before they respond.
  sla.expectations.priorities.forEach((p, i) => {
    const response = parseDuration(p.response);
    const resolution = parseDuration(p.resolution);
    if (!response) error('duration', ['expectations', 'priorities', i, 'response'], `"${p.response}" is not a duration: write it like "15m", "4h", "3 days" or "8 business hours"`);
    if (!resolution) error('duration', ['expectations', 'priorities', i, 'resolution'], `"${p.resolution}" is not a duration: write it like "15m", "4h", "3 days" or "8 business hours"`);
    if (response && response.amount === 0) warn('unrealistic-target', ['expectations', 'priorities', i, 'response'], `priority ${p.id} promises a response time of zero, which no team can meet`);
    if (resolution && resolution.amount === 0) warn('unrealistic-target', ['expectations', 'priorities', i, 'resolution'], `priority ${p.id} promises a resolution time of zero, which no team can meet`);
    if (response && resolution && businessDay > 0 && durationMinutes(response, businessDay) > durationMinutes(resolution, businessDay)) warn('response-after-resolution', ['expectations', 'priorities', i, 'resolution'], `priority ${p.id} must be resolved (${p.resolution}) sooner than it must be answered (${p.response})`);
    if ((response?.business || resolution?.business) && coverage.days.length === 0) error('coverage-hours', ['scope', 'coverage'], 'business-hours targets need coverage days');
  });
  const priorityIds = new Set(sla.expectations.priorities.map((p) => p.id));

  // KPIs: targets that can be met, measures that a machine can compute.
  const covered = new Set(sla.consequences.flatMap((c) => c.kpis));
  sla.metrics.forEach((kpi, i) => {
    const at = (...rest: (string | number)[]) => ['metrics', i, ...rest];
    const { op, target } = kpi.objective;
    const { aggregate } = kpi.measure;
    if (kpi.unit === 'percent' && (target < 0 || target > 100)) error('percent-range', at('objective', 'target'), `${kpi.id}: a percentage target must be between 0 and 100 (got ${target})`);
    else if (kpi.unit === 'percent' && ((op === '>=' && target === 100) || (op === '==' && target === 100))) warn('unrealistic-target', at('objective', 'target'), `${kpi.id}: a target of 100 % leaves no room for a single failure; agree a realistic target such as 99.9`);
    else if (kpi.unit === 'percent' && op === '>' && target >= 100) error('impossible-target', at('objective', 'target'), `${kpi.id}: no percentage is above ${target}`);
    if (['milliseconds', 'seconds', 'minutes', 'hours', 'days'].includes(kpi.unit) && (op === '<=' || op === '<' || op === '==') && target <= 0) warn('unrealistic-target', at('objective', 'target'), `${kpi.id}: a time of ${target} ${kpi.unit} or less cannot be met`);
    if ((aggregate === 'attainment' || aggregate === 'ratio') && kpi.unit !== 'percent') warn('unit', at('unit'), `${kpi.id}: ${aggregate} is a percentage, but the unit is "${kpi.unit}"`);
    if (aggregate === 'attainment' && kpi.measure.threshold === undefined) error('measure', at('measure'), `${kpi.id}: attainment needs a "threshold" that each row must meet, such as { op: "<=", value: 15 }`);
    if (aggregate !== 'attainment' && kpi.measure.threshold !== undefined) warn('measure', at('measure', 'threshold'), `${kpi.id}: "threshold" is only used by the attainment aggregation and is ignored for ${aggregate}`);
    if (aggregate === 'ratio' && kpi.measure.denominator === undefined) error('measure', at('measure'), `${kpi.id}: ratio needs a "denominator" column (the value column is summed over it)`);
    if (aggregate !== 'ratio' && kpi.measure.denominator !== undefined) warn('measure', at('measure', 'denominator'), `${kpi.id}: "denominator" is only used by the ratio aggregation and is ignored for ${aggregate}`);
    for (const column of Object.keys(kpi.measure.where ?? {})) {
      if (column === '__proto__' || column === 'constructor' || column === 'prototype') error('reserved-key', at('measure', 'where'), `${kpi.id}: "${column}" cannot be a column name in a filter`);
    }
    const priorityColumn = kpi.measure.priorityColumn ?? 'priority';
    const wherePriority = kpi.measure.where?.[priorityColumn];
    if (wherePriority !== undefined && priorityIds.size > 0 && !priorityIds.has(String(wherePriority))) error('unknown-reference', at('measure', 'where', priorityColumn), `${kpi.id}: priority "${String(wherePriority)}" is not defined in expectations.priorities (${[...priorityIds].join(', ')})`);
    checkClock(kpi, i, businessDay);
    if (!covered.has(kpi.id)) warn('uncovered-kpi', at('id'), `KPI "${kpi.id}" has no consequence: say what happens when it misses its target`);
  });

  /** A duration measure (business-hours clocks): columns, thresholds, priorities and the clock. */
  function checkClock(kpi: Sla['metrics'][number], i: number, businessDay: number): void {
    const at = (...rest: (string | number)[]) => ['metrics', i, 'measure', ...rest];
    const m = kpi.measure;
    const t = m.threshold;
    const d = m.duration;
    if (m.aggregate === 'attainment' && t !== undefined && (t.value === undefined) === (t.target === undefined)) {
      error('measure', at('threshold'), `${kpi.id}: the threshold needs exactly one of "value" (such as 15 or "4 business hours") and "target" (response or resolution, the row's priority's own time)`);
    }
    if (t?.target !== undefined && d === undefined) error('measure', at('threshold', 'target'), `${kpi.id}: a priority's ${t.target} time is a duration; add a "duration" measure (from and to timestamp columns) to compare rows with it`);
    if (typeof t?.value === 'string') {
      if (d === undefined) error('measure', at('threshold', 'value'), `${kpi.id}: a threshold written as a length of time ("${t.value}") needs a "duration" measure; for a value column give a number`);
      else if (!parseDuration(t.value)) error('duration', at('threshold', 'value'), `${kpi.id}: "${t.value}" is not a duration: write it like "15m", "4h", "3 days" or "8 business hours"`);
      else clockMismatch(kpi, d.clock, t.value, at('threshold', 'value'));
    }
    if (m.priorityColumn !== undefined && t?.target === undefined) warn('measure', at('priorityColumn'), `${kpi.id}: "priorityColumn" is only used by a threshold with a priority "target" and is ignored here`);
    if (d === undefined) return;
    if (m.column !== undefined) error('measure', at('column'), `${kpi.id}: give either "column" (a value read from the data) or "duration" (a value computed from two timestamps), not both`);
    if (m.aggregate === 'ratio') error('measure', at('aggregate'), `${kpi.id}: ratio sums a column over a denominator and cannot use a duration; use mean, a percentile or attainment`);
    if (m.aggregate === 'count') warn('measure', at('duration'), `${kpi.id}: count only counts rows, so the duration is ignored`);
    if (d.from === d.to) error('measure', at('duration', 'to'), `${kpi.id}: the duration starts and ends at the same column "${d.from}"`);
    if (m.aggregate !== 'attainment' && m.aggregate !== 'count' && m.aggregate !== 'ratio' && !['milliseconds', 'seconds', 'minutes', 'hours', 'days'].includes(kpi.unit)) {
      warn('unit', ['metrics', i, 'unit'], `${kpi.id}: a duration is a time, but the unit is "${kpi.unit}"; use minutes, hours or days`);
    }
    if (d.clock === 'business' && businessDay <= 0) error('coverage-hours', at('duration', 'clock'), `${kpi.id}: the business clock counts scope.coverage hours, and they end (${sla.scope.coverage.to}) before they start (${sla.scope.coverage.from})`);
    if (t?.target !== undefined) {
      if (sla.expectations.priorities.length === 0) error('unknown-reference', at('threshold', 'target'), `${kpi.id}: the threshold is each priority's ${t.target} time, but expectations.priorities defines no priorities`);
      const pinned = m.where?.[m.priorityColumn ?? 'priority'];
      const used = pinned !== undefined ? sla.expectations.priorities.filter((p) => p.id === String(pinned)) : sla.expectations.priorities;
      const ps = sla.expectations.priorities;
      for (const p of used) clockMismatch(kpi, d.clock, p[t.target], ['expectations', 'priorities', ps.indexOf(p), t.target]);
    }
  }

  /** A business day on a calendar clock, or a calendar day on a business clock, is not what anyone meant. */
  function clockMismatch(kpi: Sla['metrics'][number], clock: 'business' | 'calendar', text: string, path: (string | number)[]): void {
    const d = parseDuration(text);
    if (!d) return;
    if (clock === 'calendar' && d.business) warn('clock', path, `${kpi.id} counts around the clock (clock: calendar), but "${text}" is business time; use clock: business, or a target in calendar time`);
    if (clock === 'business' && !d.business && (d.unit === 'day' || d.unit === 'week')) warn('clock', path, `${kpi.id} counts business time (clock: business), so "${text}" is read as ${durationMinutes(d, 1440) / 60} business hours; write "${d.amount} business ${d.unit}${d.amount === 1 ? '' : 's'}" if that is what is meant`);
  }

  const kpis = new Map(sla.metrics.map((k) => [k.id, k]));
  sla.consequences.forEach((c, i) => {
    c.kpis.forEach((id, j) => {
      if (!kpis.has(id)) error('unknown-reference', ['consequences', i, 'kpis', j], `consequence refers to KPI "${id}", which is not defined in metrics (${[...kpis.keys()].join(', ')})`);
    });
    c.credits?.forEach((tier, j) => {
      const at = ['consequences', i, 'credits', j];
      if ((tier.below === undefined) === (tier.above === undefined)) {
        error('credit-tier', at, 'a credit tier needs exactly one bound: "below" (for a KPI that must stay high) or "above" (for one that must stay low)');
        return;
      }
      for (const id of c.kpis) {
        const kpi = kpis.get(id);
        if (!kpi) continue;
        const high = kpi.objective.op === '>=' || kpi.objective.op === '>';
        const low = kpi.objective.op === '<=' || kpi.objective.op === '<';
        if (high && tier.above !== undefined) warn('credit-tier', [...at, 'above'], `KPI "${id}" must stay at or above its target, so its credit tiers should use "below"`);
        if (low && tier.below !== undefined) warn('credit-tier', [...at, 'below'], `KPI "${id}" must stay at or below its target, so its credit tiers should use "above"`);
      }
    });
  });
  return out;
}

export const findingPointer = (f: RuleFinding): string => pointerOf(f.at);
