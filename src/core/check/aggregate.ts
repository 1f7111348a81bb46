// Aggregation: the running state of one KPI in one period, and the value it stands for. Only the
// exact-percentile aggregates keep their values (in a growing typed array); the rest keep sums.
import type { Kpi } from '../model.js';

export type Aggregate = Kpi['measure']['aggregate'];

const PERCENTILES: Partial<Record<Aggregate, number>> = { median: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };

/** Exact percentiles need every value of the period; the other aggregates only running totals. */
export const keepsValues = (aggregate: Aggregate): boolean => PERCENTILES[aggregate] !== undefined;

/** A bucket's totals as plain data (structured-clonable, for a worker thread's answer). */
export interface BucketState {
  n: number;
  sum: number;
  min: number;
  max: number;
  pass: number;
  den: number;
  open: number;
  values: Float64Array | null;
}

/** Running state of one KPI in one period. */
export class Bucket {
  n = 0;
  sum = 0;
  min = Infinity;
  max = -Infinity;
  pass = 0;
  den = 0;
  /** Rows still open at the end of the data and not (yet) over their target: not counted. */
  open = 0;
  values: Float64Array | null;
  constructor(keepValues: boolean) {
    this.values = keepValues ? new Float64Array(64) : null;
  }
  /** A row's value (and denominator, for ratios); `passed`: it meets the row threshold of an attainment KPI. */
  add(v: number, den: number, passed: boolean): void {
    if (this.values !== null) this.keep(v);
    this.n++;
    this.sum += v;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
    if (passed) this.pass++;
    this.den += den;
  }
  /** A row that only passes or fails its threshold (a duration under attainment, or an open row already over it). */
  addOutcome(passed: boolean): void {
    this.n++;
    if (passed) this.pass++;
  }
  /**
   * The bucket of the same KPI and period from a later range of a split file (services/parallel-check.ts).
   * Counts, min and max merge exactly; kept values are appended in row order; sums add partial sums,
   * which can differ from one running sum in the last bits (about 1e-16 relative per addition).
   */
  absorb(o: BucketState): void {
    if (this.values !== null && o.values !== null && o.n > 0) {
      const need = this.n + o.n;
      if (need > this.values.length) {
        let size = this.values.length;
        while (size < need) size *= 2;
        const grown = new Float64Array(size);
        grown.set(this.values.subarray(0, this.n));
        this.values = grown;
      }
      this.values.set(o.values.subarray(0, o.n), this.n);
    }
    this.n += o.n;
    this.sum += o.sum;
    if (o.min < this.min) this.min = o.min;
    if (o.max > this.max) this.max = o.max;
    this.pass += o.pass;
    this.den += o.den;
    this.open += o.open;
  }
  /** The state to send to another thread: the kept values trimmed to those used. */
  state(): BucketState {
    return { n: this.n, sum: this.sum, min: this.min, max: this.max, pass: this.pass, den: this.den, open: this.open, values: this.values === null ? null : this.values.slice(0, this.n) };
  }
  private keep(v: number): void {
    let vs = this.values!;
    if (this.n === vs.length) {
      const grown = new Float64Array(vs.length * 2);
      grown.set(vs);
      this.values = vs = grown;
    }
    vs[this.n] = v;
  }
}

/** The value a bucket stands for, or null when it has none. */
export function aggregateOf(aggregate: Aggregate, b: Bucket): number | null {
  if (aggregate === 'count') return b.n;
  if (b.n === 0) return null;
  switch (aggregate) {
    case 'mean': return b.sum / b.n;
    case 'sum': return b.sum;
    case 'min': return b.min;
    case 'max': return b.max;
    case 'attainment': return (b.pass * 100) / b.n;
    case 'ratio': return b.den === 0 ? null : (b.sum * 100) / b.den;
    default: return selectPercentile(b.values!.subarray(0, b.n), PERCENTILES[aggregate]!);
  }
}

/**
 * The same value as percentile() on the sorted data, found by selection in O(n) instead of sorting
 * (sorting the values of a busy month was the largest cost of a check). Reorders `values`.
 */
export function selectPercentile(values: Float64Array, p: number): number {
  const h = (values.length - 1) * p;
  const lo = Math.floor(h);
  const a = select(values, lo, 0, values.length - 1);
  if (lo + 1 >= values.length || h === lo) return a;
  // After selecting the lo-th, everything to its right is >= it: the next rank is their minimum.
  let b = Infinity;
  for (let i = lo + 1; i < values.length; i++) if (values[i]! < b) b = values[i]!;
  return a + (h - lo) * (b - a);
}

/** Hoare's quickselect with a middle-of-three pivot: puts the k-th smallest at index k and returns it. */
function select(v: Float64Array, k: number, left: number, right: number): number {
  while (right > left) {
    const mid = (left + right) >>> 1;
    // Median of three, so sorted or reversed input does not go quadratic.
    const x = v[left]!, y = v[mid]!, z = v[right]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = left;
    let j = right;
    while (i <= j) {
      while (v[i]! < pivot) i++;
      while (v[j]! > pivot) j--;
      if (i <= j) {
        const t = v[i]!;
        v[i] = v[j]!;
        v[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return v[k]!;
  }
  return v[k]!;
}

/**
 * Exact percentile of sorted values by linear interpolation between closest ranks (Hyndman & Fan
 * type 7: Excel PERCENTILE.INC, numpy's default, DuckDB quantile_cont); median is p50.
 */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  return lo + 1 < sorted.length ? a + (h - lo) * (sorted[lo + 1]! - a) : a;
}
