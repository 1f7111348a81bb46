// Evaluation: an aggregated bucket becomes a KpiResult, compared with its target, with the error
// budget used and the consequences (and credits) a breach triggers.
import { compare, type Consequence, type Kpi } from '../model.js';
import { aggregateOf, Bucket } from './aggregate.js';
import { difference, tidy } from '../numbers.js';
import type { KpiResult, ResultPeriod, Status, TriggeredConsequence } from './types.js';

/** A period's value computed elsewhere (an engine's result, `sla check --aggregates`): the actual and its samples. */
export interface Measured {
  value: number | null;
  n: number;
  open: number;
}

/** One KPI in one period: status, margin, error budget and the consequences a breach triggers. */
export function evaluate(kpi: Kpi, { period, periodKind, start, end, partial = false }: ResultPeriod, bucket: Bucket | Measured | undefined, consequences: readonly Consequence[], noData = false): KpiResult {
  const { op, target } = kpi.objective;
  const raw = noData ? null : bucket !== undefined && !(bucket instanceof Bucket) ? bucket.value : aggregateOf(kpi.measure.aggregate, bucket ?? new Bucket(false));
  const actual = raw === null ? null : tidy(raw);
  const samples = bucket?.n ?? 0;
  // Too few samples to judge (minSamples): the value is shown, but neither verdict, margin, budget nor credit.
  const tooFew = actual !== null && kpi.minSamples !== undefined && samples < kpi.minSamples;
  const status: Status = actual === null ? 'no-data' : tooFew ? 'insufficient-data' : compare(actual, op, target) ? 'met' : 'breached';
  const judged = status === 'met' || status === 'breached';
  const bounds = creditBounds(consequences);
  return {
    kpi: kpi.id,
    name: kpi.name,
    period,
    periodKind,
    start,
    end,
    partial,
    status,
    actual,
    target,
    op,
    unit: kpi.unit,
    samples,
    minSamples: kpi.minSamples ?? null,
    open: bucket?.open ?? 0,
    margin: judged ? difference(actual!, target) : null,
    budgetUsed: judged ? budgetUsed(kpi, actual!) : null,
    consequences: status === 'breached' ? consequences.map((c) => triggered(c, actual!)) : [],
    ...(bounds.length > 0 ? { bounds } : {}),
  };
}

/** The credit tiers' bounds (below/above) of a KPI's consequences, distinct and sorted. */
export function creditBounds(consequences: readonly Consequence[]): number[] {
  const bounds = new Set<number>();
  for (const c of consequences) for (const t of c.credits ?? []) {
    if (t.below !== undefined) bounds.add(t.below);
    if (t.above !== undefined) bounds.add(t.above);
  }
  return [...bounds].sort((a, b) => a - b);
}

/** Target 99.5 allows 0.5 points of failure; an actual 99.8 used 0.2 of them, 40 %. */
export function budgetUsed(kpi: Kpi, actual: number): number | null {
  const { op, target } = kpi.objective;
  if (kpi.unit !== 'percent' || (op !== '>=' && op !== '>') || target >= 100) return null;
  // Each shortfall rounded first at the precision of 100: 100 − 99.99 is 0.010000000000005116 in
  // binary, which would make a budget of exactly 10000 come out as 9999.99999999.
  return tidy((difference(100, actual) / difference(100, target)) * 100);
}

/** The credit that applies: the largest of the tiers whose bound the actual value crosses (0 if none does). */
export function creditFor(c: Consequence, actual: number): number | null {
  if (c.credits === undefined || c.credits.length === 0) return null;
  let credit = 0;
  for (const t of c.credits) {
    const crosses = (t.below === undefined && t.above === undefined) || (t.below !== undefined && actual < t.below) || (t.above !== undefined && actual > t.above);
    if (crosses && t.credit > credit) credit = t.credit;
  }
  return credit;
}

function triggered(c: Consequence, actual: number): TriggeredConsequence {
  return { remedy: c.remedy.trim(), escalation: c.escalation.join(' → '), credit: creditFor(c, actual), ...(c.cap === undefined ? {} : { cap: c.cap }) };
}
