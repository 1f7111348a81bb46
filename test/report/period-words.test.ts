import { describe, expect, it } from 'vitest';
import type { PeriodKind } from '../../src/core/check/index.js';
import { periodInWordsOf, periodLabelOf } from '../../src/report/view-model.js';
import { check, kpi, makeSla } from '../check/fixtures.js';

const rows = (...timestamps: string[]) => 'timestamp,metric,value\n' + timestamps.map((t) => `${t},m,1`).join('\n') + '\n';
const run = (period: PeriodKind, csv: string) => check(makeSla([kpi('k', { aggregate: 'count' })], [], 'Europe/Berlin'), csv, { period });

describe('a period in words, from its kind and dates', () => {
  const words = async (period: PeriodKind, csv: string) => (await run(period, csv)).results.map((x) => [periodInWordsOf(x), periodLabelOf(x)]);

  it('says each kind as the report always has', async () => {
    expect(await words('day', rows('2026-01-31'))).toEqual([['31 January 2026', '31 January 2026']]);
    expect(await words('week', rows('2026-12-31', '2027-01-05'))).toEqual([['Week 53, 2026', 'Week 53, 2026'], ['Week 1, 2027', 'Week 1, 2027']]);
    expect(await words('month', rows('2024-02-10', '2024-03-02'))).toEqual([['February 2024', 'Feb 2024'], ['March 2024', 'Mar 2024']]);
    expect(await words('quarter', rows('2026-12-31', '2027-01-01'))).toEqual([['Q4 2026', 'Q4 2026'], ['Q1 2027', 'Q1 2027']]);
    expect(await words('all', rows('2026-01-15'))).toEqual([['All data', 'All data']]);
  });
});
