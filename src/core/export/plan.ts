// Which KPIs of an agreement are SLOs in the SRE tools' sense, and how: one plan per KPI, decided
// once here so OpenSLO, Prometheus and Sloth export the same KPIs for the same reasons and `sla
// import openslo` can read the same mapping back.
import type { Comparison, Consequence, Kpi, Sla } from '../model.js';
import { periodStart } from '../check/time.js';
import { formatDay, parseDay } from '../dates.js';

/** OpenSLO's comparison words for the SLA's operators (no equality: a threshold is a bound). */
export const OPENSLO_OPS = { '<=': 'lte', '<': 'lt', '>=': 'gte', '>': 'gt' } as const;
export type OpensloOp = (typeof OPENSLO_OPS)[keyof typeof OPENSLO_OPS];

/** The percentile each aggregate stands for: "p95 <= 300 ms" is "95 % of values <= 300 ms". */
export const PERCENTILE_TARGETS = { median: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
export type PercentileAggregate = keyof typeof PERCENTILE_TARGETS;

/** The calendar-aligned OpenSLO window of each period (duration shorthand: d, w, M, Q). */
export const PERIOD_WINDOWS = { day: '1d', week: '1w', month: '1M', quarter: '1Q' } as const;
export type WindowedPeriod = keyof typeof PERIOD_WINDOWS;

/** The step a promql measure is sampled at when it names none (the Prometheus source's default). */
export const DEFAULT_STEP = '5m';

/** Rows of a metrics CSV: the columns that pick and read them. */
export interface CsvSelector {
  metric?: string;
  column?: string;
  where?: Record<string, string | number | boolean>;
  timestamp?: string;
}

export type Indicator =
  /** Sum of good over sum of total rows of a CSV (aggregate ratio). */
  | { kind: 'ratio'; good: CsvSelector; total: CsvSelector }
  /** A PromQL query whose value is the good share in percent (0 to 100, as sla check reads it), averaged over samples. */
  | { kind: 'raw-ratio'; promql: string; step: string }
  /** Each value (a CSV row or a PromQL sample) is good when it passes `op value`. */
  | { kind: 'threshold'; op: OpensloOp; value: number; csv?: CsvSelector; promql?: string; step?: string };

export interface SloPlan {
  kpi: Kpi;
  indicator: Indicator;
  /** The objective as a fraction in [0, 1): the share of good events, samples or rows. */
  target: number;
  /** Where the fraction came from, so an import can give back the same KPI. */
  aggregate: 'ratio' | 'mean' | 'attainment' | PercentileAggregate;
  period: WindowedPeriod;
  window: string;
  /** The first day of the period that holds the effective date, in the agreement's time zone. */
  windowStart: string;
}

export interface Skipped {
  kpi: Kpi;
  reason: string;
}

export interface Plans {
  plans: SloPlan[];
  skipped: Skipped[];
}

/**
 * A decimal fraction from a percentage without binary noise (99.9 -> 0.999, not 0.9990000000000001),
 * and back: twelve significant digits are far more than any target states.
 */
export const percentToFraction = (percent: number): number => Number((percent / 100).toPrecision(12));
export const fractionToPercent = (fraction: number): number => Number((fraction * 100).toPrecision(12));

function csvSelector(kpi: Kpi, column: string | undefined): CsvSelector {
  const m = kpi.measure;
  const s: CsvSelector = {};
  if (m.metric !== undefined) s.metric = m.metric;
  if (column !== undefined) s.column = column;
  if (m.where !== undefined) s.where = { ...m.where };
  if (m.timestamp !== undefined) s.timestamp = m.timestamp;
  return s;
}

/** The plan for one KPI, or why it is not an SLO the SRE tools can hold. */
export function planKpi(kpi: Kpi, sla: Sla): SloPlan | Skipped {
  const skip = (reason: string): Skipped => ({ kpi, reason });
  const m = kpi.measure;
  const { op, target } = kpi.objective;
  if (kpi.period === 'all') return skip('its period is "all" (the whole data at once); an SLO needs a time window (day, week, month or quarter)');
  const period = kpi.period as WindowedPeriod;
  const base = { kpi, period, window: PERIOD_WINDOWS[period], windowStart: windowStart(period, sla.effective) };
  const promql = m.promql;
  const step = m.step ?? DEFAULT_STEP;
  const fractionOf = (percent: number): number | string => {
    if (!(percent > 0 && percent < 100)) return `its target ${percent} % is not between 0 and 100 (exclusive): OpenSLO targets are fractions in [0, 1) and a 100 % objective leaves no error budget`;
    return percentToFraction(percent);
  };

  if (m.duration !== undefined) {
    return skip(`it is a ${m.duration.clock === 'business' ? 'business-hours' : 'calendar'} clock between two timestamp columns (${m.duration.from} to ${m.duration.to}); the SRE tools have no clock that counts coverage hours, holidays and pauses`);
  }
  switch (m.aggregate) {
    case 'ratio':
    case 'attainment':
    case 'mean': {
      if (m.aggregate === 'mean' && promql === undefined) return skip('it is a mean of values (such as a satisfaction score or a daily uptime figure), not a share of good events; OpenSLO has no mean objective');
      if (op !== '>=') return skip(`its objective is "${op} ${target}"; an SLO is a share of good events that must be at least its target (">=")`);
      if (kpi.unit !== 'percent') return skip(`its unit is ${kpi.unit}; an SLO objective is a percentage of good events`);
      const fraction = fractionOf(target);
      if (typeof fraction === 'string') return skip(fraction);
      if (m.aggregate === 'ratio') {
        if (promql !== undefined) return skip('a ratio reads two CSV columns, but the measure is a promql query; write the query as good over total with aggregate mean');
        return { ...base, aggregate: 'ratio', target: fraction, indicator: { kind: 'ratio', good: csvSelector(kpi, m.column ?? 'value'), total: csvSelector(kpi, m.denominator) } };
      }
      if (m.aggregate === 'mean') {
        if (promql === undefined) throw new Error('unreachable: a mean without promql was skipped above');
        return { ...base, aggregate: 'mean', target: fraction, indicator: { kind: 'raw-ratio', promql, step } };
      }
      const t = m.threshold;
      if (t === undefined || typeof t.value !== 'number') return skip('its threshold is a priority\'s response or resolution time, which differs per row; an SLO threshold is one number');
      if (t.op === '==') return skip('its threshold compares with "=="; an SLO threshold is a bound (<=, <, >=, >)');
      return { ...base, aggregate: 'attainment', target: fraction, indicator: threshold(kpi, t.op, t.value, promql, step) };
    }
    case 'median':
    case 'p90':
    case 'p95':
    case 'p99': {
      if (op === '==') return skip(`its objective compares with "=="; a percentile objective is a bound (<=, <, >=, >)`);
      return { ...base, aggregate: m.aggregate, target: PERCENTILE_TARGETS[m.aggregate], indicator: threshold(kpi, op, target, promql, step) };
    }
    case 'count':
    case 'sum':
      return skip(`it is a ${m.aggregate} per period (a number of things, not a share of good events); OpenSLO and Prometheus burn rates have no such objective`);
    case 'min':
    case 'max':
      return skip(`it is the ${m.aggregate} of a period, which one bad value breaks: no error budget to spend`);
  }
}

function threshold(kpi: Kpi, op: Exclude<Comparison, '=='>, value: number, promql: string | undefined, step: string): Indicator {
  return promql !== undefined
    ? { kind: 'threshold', op: OPENSLO_OPS[op], value, promql, step }
    : { kind: 'threshold', op: OPENSLO_OPS[op], value, csv: csvSelector(kpi, kpi.measure.column) };
}

export function planAgreement(sla: Sla): Plans {
  const plans: SloPlan[] = [];
  const skipped: Skipped[] = [];
  for (const kpi of sla.metrics) {
    const p = planKpi(kpi, sla);
    if ('reason' in p) skipped.push(p);
    else plans.push(p);
  }
  return { plans, skipped };
}

function windowStart(period: WindowedPeriod, effective: string): string {
  const day = parseDay(effective)!;
  return formatDay(periodStart(period, day));
}

const byKpi = new WeakMap<Sla, Map<string, Consequence[]>>();

/** The consequences that name a KPI: its remedies and escalation paths (indexed once per agreement). */
export function consequencesOf(sla: Sla, kpiId: string): readonly Consequence[] {
  let index = byKpi.get(sla);
  if (index === undefined) {
    index = new Map();
    for (const c of sla.consequences) {
      for (const k of new Set(c.kpis)) {
        const list = index.get(k);
        if (list === undefined) index.set(k, [c]);
        else list.push(c);
      }
    }
    byKpi.set(sla, index);
  }
  return index.get(kpiId) ?? [];
}

/** A name OpenSLO and Kubernetes accept (RFC 1123 label: at most 63 lower-case letters, digits, dashes). */
export function dnsLabel(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+/, '').slice(0, 63).replace(/-+$/, '');
  return s === '' ? 'x' : s;
}
