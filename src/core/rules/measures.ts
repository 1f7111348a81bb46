import { durationInWords, durationMinutes, largestUnit, parseDuration, withBusiness } from '../duration.js';
import type { Kpi } from '../model.js';
import type { Path, Report, Rule } from './rule.js';
import { isTimeUnit } from './targets.js';

/** A measure a machine can compute: each aggregation's own fields, and a duration used consistently. */
export const measure: Rule = {
  id: 'measure',
  severity: 'error',
  description: 'a measure missing what its aggregation needs, or giving what it ignores (a warning)',
  docs: 'docs/rules.md#measure',
  check(sla, _facts, report) {
    sla.metrics.forEach((kpi, i) => {
      const at = (...rest: Path) => ['metrics', i, 'measure', ...rest];
      const m = kpi.measure;
      const { aggregate, threshold, duration } = m;
      if (aggregate === 'attainment' && threshold === undefined) report(at(), `${kpi.id}: attainment needs a "threshold" that each row must meet, such as { op: "<=", value: 15 }`);
      if (aggregate !== 'attainment' && threshold !== undefined) report(at('threshold'), `${kpi.id}: "threshold" is only used by the attainment aggregation and is ignored for ${aggregate}`, 'warning');
      if (aggregate === 'ratio' && m.denominator === undefined) report(at(), `${kpi.id}: ratio needs a "denominator" column (the value column is summed over it)`);
      if (aggregate !== 'ratio' && m.denominator !== undefined) report(at('denominator'), `${kpi.id}: "denominator" is only used by the ratio aggregation and is ignored for ${aggregate}`, 'warning');
      if (aggregate === 'attainment' && threshold !== undefined && (threshold.value === undefined) === (threshold.target === undefined)) {
        report(at('threshold'), `${kpi.id}: the threshold needs exactly one of "value" (such as 15 or "4 business hours") and "target" (response or resolution, the row's priority's own time)`);
      }
      if (threshold?.target !== undefined && duration === undefined) report(at('threshold', 'target'), `${kpi.id}: a priority's ${threshold.target} time is a duration; add a "duration" measure (from and to timestamp columns) to compare rows with it`);
      if (typeof threshold?.value === 'string' && duration === undefined) report(at('threshold', 'value'), `${kpi.id}: a threshold written as a length of time ("${threshold.value}") needs a "duration" measure; for a value column give a number`);
      if (m.priorityColumn !== undefined && threshold?.target === undefined) report(at('priorityColumn'), `${kpi.id}: "priorityColumn" is only used by a threshold with a priority "target" and is ignored here`, 'warning');
      if (duration === undefined) return;
      if (m.column !== undefined) report(at('column'), `${kpi.id}: give either "column" (a value read from the data) or "duration" (a value computed from two timestamps), not both`);
      if (aggregate === 'ratio') report(at('aggregate'), `${kpi.id}: ratio sums a column over a denominator and cannot use a duration; use mean, a percentile or attainment`);
      if (aggregate === 'count') report(at('duration'), `${kpi.id}: count only counts rows, so the duration is ignored`, 'warning');
      if (duration.from === duration.to) report(at('duration', 'to'), `${kpi.id}: the duration starts and ends at the same column "${duration.from}"`);
    });
  },
};

export const unit: Rule = {
  id: 'unit',
  severity: 'warning',
  description: 'a unit that does not fit the aggregation: attainment and ratio are percentages, a duration is a time',
  docs: 'docs/rules.md#unit',
  check(sla, _facts, report) {
    sla.metrics.forEach((kpi, i) => {
      const { aggregate } = kpi.measure;
      if ((aggregate === 'attainment' || aggregate === 'ratio') && kpi.unit !== 'percent') report(['metrics', i, 'unit'], `${kpi.id}: ${aggregate} is a percentage, but the unit is "${kpi.unit}"`);
      // count counts rows whatever they measure.
      if (kpi.measure.duration !== undefined && aggregate !== 'attainment' && aggregate !== 'count' && aggregate !== 'ratio' && !isTimeUnit(kpi.unit)) {
        report(['metrics', i, 'unit'], `${kpi.id}: a duration is a time, but the unit is "${kpi.unit}"; use minutes, hours or days`);
      }
    });
  },
};

/** Names that would reach an object's prototype when a filter is applied to a row. */
const RESERVED_KEYS = ['__proto__', 'constructor', 'prototype'];

export const reservedKey: Rule = {
  id: 'reserved-key',
  severity: 'error',
  description: 'a filter on a column named __proto__, constructor or prototype',
  docs: 'docs/rules.md#reserved-key',
  check(sla, _facts, report) {
    sla.metrics.forEach((kpi, i) => {
      for (const column of Object.keys(kpi.measure.where ?? {})) {
        if (RESERVED_KEYS.includes(column)) report(['metrics', i, 'measure', 'where'], `${kpi.id}: "${column}" cannot be a column name in a filter`);
      }
    });
  },
};

/** A business day on a calendar clock, or a calendar day on a business clock, is not what anyone meant. */
function reportClockMismatch(report: Report, kpi: Kpi, clock: 'business' | 'calendar', text: string, at: Path): void {
  const d = parseDuration(text);
  if (!d) return;
  if (clock === 'calendar' && d.business) report(at, `${kpi.id} counts around the clock (clock: calendar), but "${text}" is business time; use clock: business, or a target in calendar time`);
  if (clock === 'business' && !d.business && (largestUnit(d) === 'day' || largestUnit(d) === 'week')) report(at, `${kpi.id} counts business time (clock: business), so "${text}" is read as ${durationMinutes(d, 1440) / 60} business hours; write "${durationInWords(withBusiness(d, true))}" if that is what is meant`);
}

export const clock: Rule = {
  id: 'clock',
  severity: 'warning',
  description: "a KPI's clock and its target disagree: business time on a calendar clock, calendar days on a business clock",
  docs: 'docs/rules.md#clock',
  check(sla, _facts, report) {
    const priorities = sla.expectations.priorities;
    sla.metrics.forEach((kpi, i) => {
      const { threshold, duration } = kpi.measure;
      if (duration === undefined) return;
      if (typeof threshold?.value === 'string') reportClockMismatch(report, kpi, duration.clock, threshold.value, ['metrics', i, 'measure', 'threshold', 'value']);
      const target = threshold?.target;
      if (target === undefined) return;
      // A KPI filtered to one priority is measured against that priority's time only.
      const pinned = kpi.measure.where?.[kpi.measure.priorityColumn ?? 'priority'];
      const used = pinned !== undefined ? priorities.filter((p) => p.id === String(pinned)) : priorities;
      for (const p of used) reportClockMismatch(report, kpi, duration.clock, p[target], ['expectations', 'priorities', priorities.indexOf(p), target]);
    });
  },
};
