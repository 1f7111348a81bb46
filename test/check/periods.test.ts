import { describe, expect, it } from 'vitest';
import type { CheckResult, PeriodKind } from '../../src/core/check/index.js';
import { check, kpi, makeSla } from './fixtures.js';

// Results say which period they are for: kind, key and first and last local day.
const spans = (r: CheckResult) => r.results.map((x) => [x.periodKind, x.period, x.start, x.end]);
const rows = (...timestamps: string[]) => 'timestamp,metric,value\n' + timestamps.map((t) => `${t},m,1`).join('\n') + '\n';
const run = (period: PeriodKind, csv: string, options: { from?: string; to?: string } = {}) => check(makeSla([kpi('k', { aggregate: 'count' })], [], 'Europe/Berlin'), csv, { period, ...options });

describe('the period of each result', () => {
  it('day: one day, start = end, in the SLA time zone (23:30 UTC on 31 December is 1 January in Berlin)', async () => {
    const r = await run('day', rows('2026-12-30T12:00:00Z', '2026-12-31T23:30:00Z'));
    expect(spans(r)).toEqual([
      ['day', '2026-12-30', '2026-12-30', '2026-12-30'],
      ['day', '2026-12-31', '2026-12-31', '2026-12-31'],
      ['day', '2027-01-01', '2027-01-01', '2027-01-01'],
    ]);
    expect(r.results.map((x) => x.samples)).toEqual([1, 0, 1]);
  });

  it('week: ISO weeks across a year boundary, Monday to Sunday (2026-W53 ends in 2027)', async () => {
    const r = await run('week', rows('2026-12-31', '2027-01-05'));
    expect(spans(r)).toEqual([
      ['week', '2026-W53', '2026-12-28', '2027-01-03'],
      ['week', '2027-W01', '2027-01-04', '2027-01-10'],
    ]);
    // And the first ISO week of a year that starts in the year before.
    expect(spans(await run('week', rows('2026-01-01')))).toEqual([['week', '2026-W01', '2025-12-29', '2026-01-04']]);
  });

  it('month: the whole calendar month, whatever days the data covers (29 days in February 2024)', async () => {
    const r = await run('month', rows('2024-02-10', '2024-03-02'));
    expect(spans(r)).toEqual([
      ['month', '2024-02', '2024-02-01', '2024-02-29'],
      ['month', '2024-03', '2024-03-01', '2024-03-31'],
    ]);
  });

  it('month: --from and --to cut the first and last period to the days measured, marked partial', async () => {
    const r = await run('month', rows('2026-01-20', '2026-02-05'), { from: '2026-01-15', to: '2026-02-10' });
    expect(spans(r)).toEqual([
      ['month', '2026-01', '2026-01-15', '2026-01-31'],
      ['month', '2026-02', '2026-02-01', '2026-02-10'],
    ]);
    expect(r.results.map((x) => x.partial)).toEqual([true, true]);
  });

  it('quarter: three calendar months, across a year boundary', async () => {
    const r = await run('quarter', rows('2026-12-31', '2027-01-01'));
    expect(spans(r)).toEqual([
      ['quarter', '2026-Q4', '2026-10-01', '2026-12-31'],
      ['quarter', '2027-Q1', '2027-01-01', '2027-03-31'],
    ]);
  });

  it('all: the first and last day of the data, or of --from/--to when given', async () => {
    expect(spans(await run('all', rows('2026-01-15', '2026-03-02')))).toEqual([['all', 'all', '2026-01-15', '2026-03-02']]);
    expect(spans(await run('all', rows('2026-01-15', '2026-03-02'), { from: '2026-01-01', to: '2026-03-31' }))).toEqual([['all', 'all', '2026-01-01', '2026-03-31']]);
  });

  it('all without a single dated row and no --from/--to: no window, so no dates', async () => {
    expect(spans(await run('month', rows()))).toEqual([['all', 'all', null, null]]);
  });
});
