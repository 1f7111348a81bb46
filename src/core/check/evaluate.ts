// Evaluation: an aggregated bucket becomes a KpiResult, compared with its target, with the error
// budget used and the consequences (and credits) a breach triggers.
import { compare, type Consequence, type Kpi } from '../model.js';
import { aggregateOf, Bucket } from './aggregate.js';
import type { KpiResult, ResultPeriod, Status, TriggeredConsequence } from './types.js';

/** 12 significant digits: hides binary noise (95.00000000000001) without changing any real value. */
const tidy = (v: number) => Number(v.toPrecision(12));

/** One KPI in one period: status, margin, error budget and the consequences a breach triggers. */
export function evaluate(kpi: Kpi, { period, periodKind, start, end }: ResultPeriod, bucket: Bucket | undefined, consequences: readonly Consequence[], noData = false): KpiResult {
  const { op, target } = kpi.objective;
  const raw = noData ? null : aggregateOf(kpi.measure.aggregate, bucket ?? new Bucket(false));
  const actual = raw === null ? null : tidy(raw);
  const status: Status = actual === null ? 'no-data' : compare(actual, op, target) ? 'met' : 'breached';
  return {
    kpi: kpi.id,
    name: kpi.name,
    period,
    periodKind,
    start,
    end,
    status,
    actual,
    target,
    op,
    unit: kpi.unit,
    samples: bucket?.n ?? 0,
    open: bucket?.open ?? 0,
    margin: actual === null ? null : tidy(actual - target),
    budgetUsed: actual === null ? null : budgetUsed(kpi, actual),
    consequences: status === 'breached' ? consequences.map((c) => triggered(c, actual!)) : [],
  };
}

/** Target 99.5 allows 0.5 points of failure; an actual 99.8 used 0.2 of them, 40 %. */
export function budgetUsed(kpi: Kpi, actual: number): number | null {
  const { op, target } = kpi.objective;
  if (kpi.unit !== 'percent' || (op !== '>=' && op !== '>') || target >= 100) return null;
  return tidy(((100 - actual) / (100 - target)) * 100);
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
