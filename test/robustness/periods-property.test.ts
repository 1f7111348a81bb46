// Periods and dates over the whole calendar sla accepts, 0001-01-01 to 9999-12-31 (issue 13):
// random terms, spans, period kinds and rows dated anywhere in it. A check lists every period it
// counted, or refuses the span with its one message; the end of a term is a date or "after 9999";
// dates compare as dates. `npm run fuzz` runs these longer (SLA_FUZZ_RUNS).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckInputError } from '../../src/core/check/index.js';
import { MAX_RESULTS, periodCount, periodsBetween, periodStart, type PeriodKind } from '../../src/core/check/time.js';
import { compareDates, endOfTerm, endOfTermDay, FIRST_DAY, formatDay, LAST_DAY, parseDay } from '../../src/core/dates.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { check, kpi, makeSla } from '../check/fixtures.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 1_000);
const kinds: PeriodKind[] = ['day', 'week', 'month', 'quarter', 'all'];
const anyDay = fc.integer({ min: FIRST_DAY, max: LAST_DAY });
// Days near the ends of the calendar and near today are where the mistakes are.
const day = fc.oneof(anyDay, fc.integer({ min: FIRST_DAY, max: FIRST_DAY + 800 }), fc.integer({ min: LAST_DAY - 800, max: LAST_DAY }), fc.integer({ min: 20_000, max: 21_000 }));

describe('period arithmetic over 0001-9999', () => {
  it('periodCount is exactly the number of periods listed, and they tile the span', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), day, fc.integer({ min: 0, max: 6_000 }), (kind, first, length) => {
        const last = Math.min(LAST_DAY, first + length);
        const periods = periodsBetween(kind, first, last);
        expect(periodCount(kind, first, last)).toBe(periods.length);
        expect(periods[0]!.start).toBeLessThanOrEqual(first);
        expect(periods[periods.length - 1]!.end).toBeGreaterThanOrEqual(last);
        // One expect for the whole list: thousands of them cost more than the check.
        const gaps = periods.filter((p, i) => (i > 0 && p.start !== periods[i - 1]!.end + 1) || (kind !== 'all' && periodStart(kind, p.end) !== p.start));
        expect(gaps).toEqual([]);
      }),
      { numRuns: runs },
    );
  });

  it('counts spans of any length without listing them, and never lists past the cap', () => {
    fc.assert(
      fc.property(fc.constantFrom(...kinds), day, day, (kind, a, b) => {
        const [first, last] = a <= b ? [a, b] : [b, a];
        const n = periodCount(kind, first, last);
        expect(Number.isInteger(n) && n >= 1).toBe(true);
        // Days, weeks, months and quarters: never more than the days, never fewer than a quarter's share.
        expect(n).toBeLessThanOrEqual(last - first + 1);
        if (n > MAX_RESULTS) expect(() => periodsBetween(kind, first, last)).toThrow(RangeError);
      }),
      { numRuns: runs },
    );
  });
});

describe('the end of a term', () => {
  const term = fc.tuple(fc.oneof(fc.integer({ min: 1, max: 12_000 }), fc.integer({ min: 1, max: 4_000_000 }), fc.constant(300_000), fc.bigInt({ min: 1n, max: 10n ** 40n })), fc.constantFrom('day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years'))
    .map(([n, unit]) => `${n} ${unit}`);

  it('is a date in 0001-9999 on or after the effective date, or "after 9999-12-31"; never a 5-digit year or a throw', () => {
    fc.assert(
      fc.property(day, term, (start, t) => {
        const effective = formatDay(start);
        const last = endOfTermDay(effective, t);
        const text = endOfTerm(effective, t);
        if (last === Infinity) expect(text).toBeUndefined();
        else {
          expect(text).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(parseDay(text!)).toBe(last);
          expect(last!).toBeGreaterThanOrEqual(start);
          expect(last!).toBeLessThanOrEqual(LAST_DAY);
        }
      }),
      { numRuns: runs },
    );
  });

  it('dates compare as dates: the order of their day numbers', () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        expect(Math.sign(compareDates(formatDay(a), formatDay(b)))).toBe(Math.sign(a - b));
      }),
      { numRuns: runs },
    );
  });
});

describe('a check over rows dated anywhere in 0001-9999', () => {
  const daily = kpi('daily', { aggregate: 'count' }, { op: '>=', target: 0 }, { period: 'day' } as Partial<Kpi>);
  const monthly = kpi('monthly', { aggregate: 'mean' }, { op: '>=', target: 50 });
  const stamp = fc.tuple(day, fc.constantFrom('', 'T00:00:00Z', 'T23:59:59+14:00', 'T00:00-12:00', 'T12:00')).map(([d, t]) => formatDay(d) + t);

  it('lists at most the cap of results, each inside the term, or refuses the span in one line', async () => {
    const seen = { listed: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(
        fc.array(stamp, { minLength: 1, maxLength: 6 }),
        day,
        fc.option(fc.integer({ min: 0, max: 5_000 }), { nil: undefined, freq: 2 }), // half the terms run to 9999
        fc.option(fc.constantFrom(...kinds), { nil: undefined }),
        fc.option(fc.tuple(day, fc.integer({ min: 0, max: 40_000 })), { nil: undefined, freq: 2 }),
        async (stamps, effective, length, period, range) => {
          const expires = length === undefined ? LAST_DAY : Math.min(LAST_DAY, effective + length);
          const sla = { ...makeSla([daily, monthly], [], 'Pacific/Kiritimati'), effective: formatDay(effective), expires: formatDay(expires) } as unknown as Sla;
          // A lower cap than a check's 25,000 (the cap is the same code), so a run takes milliseconds.
          const options = { period, limit: { results: 3_000, by: 'this test allows' }, ...(range ? { from: formatDay(range[0]), to: formatDay(Math.min(LAST_DAY, range[0] + range[1])) } : {}) };
          const csv = 'timestamp,metric,value\n' + stamps.map((s) => `${s},m,60`).join('\n') + '\n';
          const started = Date.now();
          try {
            const r = await check(sla, csv, options, 64);
            seen.listed++;
            expect(r.results.length).toBeLessThanOrEqual(3_000);
            for (const x of r.results) {
              if (x.start === null) continue;
              expect(compareDates(x.start, sla.effective)).toBeGreaterThanOrEqual(0);
              expect(compareDates(x.end!, formatDay(expires))).toBeLessThanOrEqual(0);
            }
          } catch (err) {
            seen.refused++;
            expect(err).toBeInstanceOf(CheckInputError);
            expect((err as Error).message).toMatch(/^the (data|range checked) spans [\d,]+ days?, .* more than the 3,000 this test allows; .*--from\/--to/);
            expect((err as Error).message).not.toContain('\n');
          }
          expect(Date.now() - started).toBeLessThan(5_000);
        },
      ),
      { numRuns: Math.max(100, Math.floor(runs / 5)) },
    );
    // Both outcomes reached, so the property says something about each.
    expect(seen.listed).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  }, Math.max(120_000, runs * 100));
});
