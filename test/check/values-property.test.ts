// Metric values at and past their bounds (issue 13): a sum never overflows to Infinity (a null actual
// that read as "breached"), and a ratio's good and total columns, being counts, are never negative.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CELL_VALUE } from '../../src/core/check/values.js';
import { check, kpi, makeSla } from './fixtures.js';

const runs = Math.min(Number(process.env.SLA_FUZZ_RUNS ?? 200), 2_000);

// Values that cluster at the edges: 0, the bound, just past it, 1e308, and their negatives.
const edge = fc.oneof(
  fc.constantFrom(0, 1, MAX_CELL_VALUE, MAX_CELL_VALUE * 1.5, 1e308, -1, -MAX_CELL_VALUE, -1e308),
  fc.double({ min: -2 * MAX_CELL_VALUE, max: 2 * MAX_CELL_VALUE, noNaN: true, noDefaultInfinity: true }),
);

describe('metric values at their bounds', () => {
  it('an error naming the first bad row and column, or finite results for every KPI', async () => {
    const kpis = [
      kpi('sum', { aggregate: 'sum', metric: 'a', column: 'value' }, { op: '>=', target: 0 }, { period: 'all' }),
      kpi('mean', { aggregate: 'mean', metric: 'a', column: 'value' }, { op: '>=', target: 0 }, { period: 'all' }),
      kpi('ratio', { aggregate: 'ratio', metric: 'a', column: 'good', denominator: 'total' }, { op: '>=', target: 0 }, { period: 'all' }),
    ];
    const sla = makeSla(kpis, [], 'UTC');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(edge, edge, edge), { minLength: 1, maxLength: 40 }), async (rows) => {
        const csv = 'timestamp,metric,value,good,total\n' + rows.map(([v, g, t], i) => `2026-01-${String(1 + (i % 28)).padStart(2, '0')},a,${v},${g},${t}`).join('\n') + '\n';
        // The first cell the checker must refuse, in the order it reads a row: value, good, total.
        let expected: { row: number; column: string; why: RegExp } | undefined;
        rows.some(([v, g, t], i) => {
          const cells: [string, number, boolean][] = [['value', v, false], ['good', g, true], ['total', t, true]];
          for (const [column, x, count] of cells) {
            if (Math.abs(x) > MAX_CELL_VALUE) expected = { row: i + 2, column, why: /is too large: a metric value is at most 10\^15/ };
            else if (count && x < 0) expected = { row: i + 2, column, why: /is negative, but the KPI counts events/ };
            if (expected) return true;
          }
          return false;
        });
        let result;
        try {
          result = await check(sla, csv);
        } catch (err) {
          // Every cell in bounds, yet a ratio over a denominator summing to almost nothing overflows: a clear error, not Infinity.
          const good = rows.reduce((n, r) => n + r[1], 0);
          const total = rows.reduce((n, r) => n + r[2], 0);
          if (expected === undefined && total !== 0 && !Number.isFinite((good * 100) / total)) {
            expect(String((err as Error).message)).toMatch(/KPI "ratio", all: the ratio is too large to compute \(the "total" column sums to almost zero/);
            return;
          }
          expect(expected, String(err)).toBeDefined();
          expect(err).toMatchObject({ row: expected!.row });
          expect(String((err as Error).message)).toMatch(expected!.why);
          return;
        }
        expect(expected, 'a bad cell was accepted').toBeUndefined();
        for (const r of result.results) if (r.actual !== null) expect(Number.isFinite(r.actual), `${r.kpi}: ${r.actual}`).toBe(true);
        expect(result.results.find((r) => r.kpi === 'sum')!.actual).not.toBeNull();
      }),
      { numRuns: runs, examples: [[[[0, 1e15, 5e-324]]]] },
    );
  }, 120_000);
});
