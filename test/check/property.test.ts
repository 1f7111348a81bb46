import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PeriodKind } from '../../src/core/check/time.js';
import { check, kpi, makeSla } from './fixtures.js';

// The streaming evaluator against the obvious in-memory computation: keep every row, group by the
// period Intl.DateTimeFormat gives for the instant, sort, aggregate.

const ZONES = ['Europe/London', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
const START = Date.UTC(2025, 11, 20);
const END = Date.UTC(2026, 6, 10);

interface Row { ms: number; offset: number | null; metric: 'a' | 'b'; value: number; den: number }

const rowArb: fc.Arbitrary<Row> = fc.record({
  ms: fc.integer({ min: START, max: END }).map((ms) => ms - (ms % 60_000)),
  offset: fc.constantFrom(null, -300, -240, 0, 60, 330, 600),
  metric: fc.constantFrom('a' as const, 'b' as const),
  value: fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true })),
  den: fc.integer({ min: 1, max: 10_000 }),
  // Metric b feeds the ratio KPI, whose good and total columns are counts: never negative.
}).map((r) => (r.metric === 'b' ? { ...r, value: Math.abs(r.value) } : r));

function isoWithOffset(ms: number, offset: number | null): string {
  if (offset === null) return new Date(ms).toISOString().replace('.000Z', 'Z');
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  return `${local}${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function naivePeriod(kind: PeriodKind, ms: number, zone: string): string {
  const date = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms));
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  if (kind === 'day') return date;
  if (kind === 'month') return date.slice(0, 7);
  if (kind === 'quarter') return `${y}-Q${Math.ceil(m / 3)}`;
  if (kind === 'all') return 'all';
  // ISO week with Date objects: the Thursday of the week decides the year.
  const t = new Date(Date.UTC(y, m - 1, d));
  const weekday = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(t.getUTCFullYear(), 0, 1);
  const week = Math.ceil(((t.getTime() - yearStart) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

function naiveAggregate(aggregate: string, values: number[], dens: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const q = (p: number) => {
    const h = (sorted.length - 1) * p;
    const lo = Math.floor(h);
    return lo + 1 < sorted.length ? sorted[lo]! + (h - lo) * (sorted[lo + 1]! - sorted[lo]!) : sorted[lo]!;
  };
  const sum = values.reduce((s, v) => s + v, 0);
  switch (aggregate) {
    case 'mean': return sum / values.length;
    case 'sum': return sum;
    case 'min': return sorted[0]!;
    case 'max': return sorted.at(-1)!;
    case 'count': return values.length;
    case 'median': return q(0.5);
    case 'p90': return q(0.9);
    case 'p95': return q(0.95);
    case 'p99': return q(0.99);
    case 'attainment': return (values.filter((v) => v <= 0).length / values.length) * 100;
    case 'ratio': return (sum / dens.reduce((s, v) => s + v, 0)) * 100;
    default: throw new Error(aggregate);
  }
}

const close = (actual: number, expected: number) => Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));

describe('streaming equals in-memory', () => {
  it('for every aggregation, zone, period and chunking', async () => {
    const aggregates = ['mean', 'median', 'min', 'max', 'sum', 'count', 'p90', 'p95', 'p99', 'attainment'] as const;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 1, maxLength: 120 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<PeriodKind>('day', 'week', 'month', 'quarter', 'all'),
        fc.integer({ min: 1, max: 64 }),
        async (rows, zone, period, chunk) => {
          const kpis = [
            ...aggregates.map((a) => kpi(a, { aggregate: a, metric: 'a', ...(a === 'attainment' ? { threshold: { op: '<=' as const, value: 0 } } : {}) }, { op: '>=', target: 0 }, { period })),
            kpi('ratio', { aggregate: 'ratio', metric: 'b', column: 'value', denominator: 'den' }, { op: '>=', target: 0 }, { period }),
          ];
          const csv = 'timestamp,metric,value,den\n' + rows.map((r) => `${isoWithOffset(r.ms, r.offset)},${r.metric},${r.value},${r.den}`).join('\n') + '\n';
          const result = await check(makeSla(kpis, [], zone), csv, {}, chunk);

          for (const k of kpis) {
            const metric = k.measure.metric;
            const groups = new Map<string, { values: number[]; dens: number[] }>();
            for (const r of rows.filter((x) => x.metric === metric)) {
              const key = naivePeriod(period, r.ms, zone);
              const g = groups.get(key) ?? { values: [], dens: [] };
              g.values.push(r.value);
              g.dens.push(r.den);
              groups.set(key, g);
            }
            const mine = result.results.filter((x) => x.kpi === k.id);
            for (const [key, g] of groups) {
              const found = mine.find((x) => x.period === key);
              expect(found, `${k.id} ${key}`).toBeDefined();
              expect(found!.samples).toBe(g.values.length);
              const expected = naiveAggregate(k.measure.aggregate, g.values, g.dens);
              expect(close(found!.actual!, expected), `${k.id} ${key}: ${found!.actual} vs ${expected}`).toBe(true);
            }
            // Every other period in the range is empty.
            for (const x of mine) if (!groups.has(x.period)) expect(x.samples, `${k.id} ${x.period}`).toBe(0);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
