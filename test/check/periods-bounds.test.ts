// Bounds on periods and dates (issue 13), worked by hand: the result cap counted exactly, the rows
// named, years 0001-9999, dates compared as dates, SOURCE_DATE_EPOCH. Measured through the binary
// at the limits in test/robustness/periods-limits.cli.test.ts.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { CheckInputError, type CheckResult, type KpiResult } from '../../src/core/check/index.js';
import { MAX_RESULTS, periodCount } from '../../src/core/check/time.js';
import { compareDates, endOfTerm, endOfTermDay, isCalendarDate, LAST_DAY, parseDay } from '../../src/core/dates.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { checkFormatters } from '../../src/formatters/check/index.js';
import { checkEffective } from '../../src/core/init/answers.js';
import { sourceDateEpoch } from '../../src/render/pdf-info.js';
import { example, repoRoot, runInProcess } from '../helpers.js';
import { check, kpi, makeSla } from './fixtures.js';

const day = (s: string) => parseDay(s)!;
const daily = kpi('daily', { aggregate: 'count' }, { op: '>=', target: 0 }, { period: 'day' } as Partial<Kpi>);
const weekly = kpi('weekly', { aggregate: 'count' }, { op: '>=', target: 0 }, { period: 'week' } as Partial<Kpi>);
const wide = (metrics: Kpi[]) => ({ ...makeSla(metrics, [], 'UTC'), effective: '0001-01-01', expires: '9999-12-31' }) as unknown as Sla;
const csvOf = (...days: string[]) => 'timestamp,metric,value\n' + days.map((d) => `${d},m,1`).join('\n') + '\n';

describe('years 0001-9999', () => {
  it('a date has a four-digit year from 0001', () => {
    expect(isCalendarDate('0001-01-01')).toBe(true);
    expect(isCalendarDate('9999-12-31')).toBe(true);
    expect(isCalendarDate('0000-12-31')).toBe(false);
    expect(isCalendarDate('10000-01-01')).toBe(false);
    expect(day('9999-12-31')).toBe(LAST_DAY);
  });

  it('a term ending after 9999-12-31 has no end date, whatever its size', () => {
    expect(endOfTerm('9999-12-31', '1 day')).toBe('9999-12-31');
    expect(endOfTerm('9998-12-31', '1 year')).toBe('9999-12-30');
    expect(endOfTerm('2026-01-01', '7974 years')).toBe('9999-12-31');
    expect(endOfTerm('2026-01-01', '7975 years')).toBeUndefined();
    expect(endOfTermDay('2026-01-01', '8000 years')).toBe(Infinity);
    expect(endOfTermDay('2026-01-01', '300000 years')).toBe(Infinity);
    expect(endOfTermDay('2026-01-01', `${'9'.repeat(400)} days`)).toBe(Infinity);
    expect(endOfTermDay('9999-12-31', '1 month')).toBe(Infinity);
    expect(endOfTermDay('9999-12-01', '1 month')).toBe(LAST_DAY);
    expect(endOfTermDay('2026-01-01', 'forever')).toBeUndefined();
  });

  it('dates compare as dates, and a text that is not one sorts first without throwing', () => {
    expect(compareDates('2026-01-02', '2026-01-10')).toBeLessThan(0);
    expect(compareDates('9999-12-31', '0001-01-01')).toBeGreaterThan(0);
    expect(compareDates('2026-03-01', '2026-03-01')).toBe(0);
    expect(compareDates('', '0001-01-01')).toBeLessThan(0);
    expect(compareDates('not a date', 'nor this')).toBe(0);
  });

  it('validate: a term past 9999 is an error located at the term, and the agreement is not called expired', async () => {
    const r = await runInProcess(['validate', 'test/fixtures/bad/periods-term-8000-years.yaml', '--as-of', '2026-03-01', '--format', 'json']);
    expect(r.code).toBe(1);
    // The fixture's signatures are plain dates, warned by rule/signatures: not what this test is about.
    const problems = JSON.parse(r.stdout).files[0].problems.filter((p: { rule: string }) => p.rule !== 'rule/signatures');
    expect(problems.map((p: { rule: string; line: number; column: number }) => [p.rule, p.line, p.column])).toEqual([['rule/term', 8, 7]]);
  });

  it('init refuses an effective date whose 12-month term would end after 9999 (the service desk sample looped for ever)', async () => {
    expect(checkEffective('9999-01-01')).toBeUndefined();
    expect(checkEffective('9999-01-02')).toBe('the effective date must be 9999-01-01 or earlier, so the 12-month term ends by 9999-12-31 (got "9999-01-02")');
    const r = await runInProcess(['init', '--preset', 'service-desk', '--provider', 'A', '--recipient', 'B', '--service', 'S', '--timezone', 'UTC', '--effective', '9999-12-01', '--stdout']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--effective: the effective date must be 9999-01-01 or earlier');
  });

  it('render and report do not show an end in year 10000: the agreement is refused first', async () => {
    const r = await runInProcess(['render', 'test/fixtures/bad/periods-term-8000-years.yaml']);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(/10025|\+0100/);
  });
});

describe('the result cap, counted before any period is listed', () => {
  it('periodCount is exact for each kind', () => {
    expect(periodCount('day', day('2026-01-01'), day('2026-12-31'))).toBe(365);
    // 2026-W01 starts on Monday 29 December 2025; 2027-01-03 is in 2026-W53.
    expect(periodCount('week', day('2026-01-01'), day('2027-01-03'))).toBe(53);
    expect(periodCount('month', day('2026-01-31'), day('2026-03-01'))).toBe(3);
    expect(periodCount('quarter', day('2026-03-31'), day('2026-04-01'))).toBe(2);
    expect(periodCount('month', day('0001-01-01'), day('9999-12-31'))).toBe(119_988);
    expect(periodCount('all', day('0001-01-01'), day('9999-12-31'))).toBe(1);
    expect(periodCount('day', day('2026-01-02'), day('2026-01-01'))).toBe(0);
  });

  it('exactly the cap is evaluated; one more is refused, naming the span, the rows of its ends and what to do', async () => {
    // 21,000 days daily + 3,000 weeks = 24,000: under 25,000. Over the whole calendar: refused.
    const limit = { results: 1_000, by: 'a check evaluates' };
    const r = await check(wide([daily]), csvOf('2026-01-01', '2028-09-26'), { limit });
    expect(r.results).toHaveLength(1_000);
    await expect(check(wide([daily]), csvOf('2026-01-01', '2028-09-27'), { limit })).rejects.toThrow(
      'the data spans 1,001 days, 2026-01-01 (row 2) to 2028-09-27 (row 3): 1,001 results over 1 KPI, more than the 1,000 a check evaluates; is a date in the data wrong? Limit the range with --from/--to, or use a longer --period',
    );
    // Every KPI counts: 1,000 days daily and 144 weeks weekly.
    await expect(check(wide([daily, weekly]), csvOf('2026-01-01', '2028-09-26'), { limit })).rejects.toThrow('1,144 results over 2 KPIs');
    // The rows are where the dates are, not where they come in the file.
    await expect(check(wide([daily]), csvOf('2026-06-01', '9999-12-31', '2026-01-01', '2026-07-01'))).rejects.toThrow(
      /^the data spans 2,912,443 days, 2026-01-01 \(row 4\) to 9999-12-31 \(row 3\): 2,912,443 results over 1 KPI, more than the 25,000 a check evaluates/,
    );
    expect(MAX_RESULTS).toBe(25_000);
  });

  it('--from/--to that make the span are named as the range checked, with no row', async () => {
    const err = await check(wide([daily]), csvOf('2026-01-01'), { from: '0001-01-01', to: '9999-12-31' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckInputError);
    expect((err as CheckInputError).row).toBeUndefined();
    expect((err as Error).message).toBe('the range checked spans 3,652,059 days, 0001-01-01 to 9999-12-31: 3,652,059 results over 1 KPI, more than the 25,000 a check evaluates; limit the range with --from/--to, or use a longer --period');
  });

  it('the term bounds the span: rows outside it are counted, not listed', async () => {
    const sla = { ...wide([daily]), effective: '2026-01-01', expires: '2026-01-31' } as Sla;
    const r = await check(sla, csvOf('0001-01-01', '2026-01-15', '9999-12-31'), { from: '0001-01-01', to: '9999-12-31' });
    expect(r.results).toHaveLength(31);
    expect(r.outside).toEqual({ before: 1, after: 1 });
  });

  it('check names the file and exits 2 in one line; --from after --to compares dates', async () => {
    const r = await runInProcess(['check', 'test/fixtures/bad/periods-wide-term.yaml', example('platform-api', 'metrics.csv'), '--period', 'week', '--from', '0001-01-01']);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^sla: .*metrics\.csv: the range checked spans 739,797 days, 0001-01-01 to 2026-06-30 \(row 12,970\): 422,744 results over 4 KPIs/); // 105,686 ISO weeks each
    const order = await runInProcess(['check', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '--from', '2026-02-01', '--to', '2026-01-31']);
    expect(order.code).toBe(2);
    expect(order.stderr).toContain('--from 2026-02-01 is after --to 2026-01-31');
  });
});

describe('no spread over periods or results', () => {
  // Math.max(...array) passes one argument per element: past ~120,000 the stack overflows. A check
  // never gives more than MAX_RESULTS, so the table is tried at that; the source is searched for the rest.
  const many = MAX_RESULTS;
  const results: KpiResult[] = Array.from({ length: many }, (_, i) => ({
    kpi: 'daily', name: 'Daily', period: `p${i}`, periodKind: 'day', start: '2026-01-01', end: '2026-01-01', partial: false, status: 'met', actual: 1, target: 0, op: '>=', unit: 'count', samples: 1, minSamples: null, open: 0, margin: 1, budgetUsed: null, consequences: [],
  }) as unknown as KpiResult);
  const result = { sla: 's', status: 'met', draft: false, term: { start: '2026-01-01', end: null }, from: '2026-01-01', to: '2026-01-01', outside: { before: 0, after: 0 }, results, skipped: [], credits: [], creditTotals: [] } as unknown as CheckResult;

  it('the table formatter prints the most results a check gives', () => {
    const text = checkFormatters.table!(result, { color: new Chalk({ level: 0 }), allowMissing: false, title: 'T', slaFile: 's.yaml', csvFile: 'm.csv' });
    expect(text).toContain(`p${many - 1}`);
  });

  it('no Math.max/min spread over a list in the code that handles periods, results, rows or credits', () => {
    const dirs = ['src/core/check', 'src/core/calendar', 'src/report', 'src/formatters/check', 'src/render'];
    const found: string[] = [];
    for (const dir of dirs) {
      for (const f of readdirSync(join(repoRoot, dir), { recursive: true }) as string[]) {
        if (!f.endsWith('.ts')) continue;
        readFileSync(join(repoRoot, dir, f), 'utf8').split('\n').forEach((line, i) => {
          if (/Math\.(max|min)\([^)]*\.\.\./.test(line) && !/^\s*\/\//.test(line)) found.push(`${dir}/${f}:${i + 1}`);
        });
      }
    }
    expect(found).toEqual([]);
  });

  it('SOURCE_DATE_EPOCH is bounded to 9999-12-31T23:59:59Z and named when it is not', () => {
    expect(sourceDateEpoch({ SOURCE_DATE_EPOCH: '253402300799' })!.toISOString()).toBe('9999-12-31T23:59:59.000Z');
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: '253402300800' })).toThrow('SOURCE_DATE_EPOCH=253402300800 is after 9999-12-31T23:59:59Z');
    expect(() => sourceDateEpoch({ SOURCE_DATE_EPOCH: '999999999999' })).toThrow(/SOURCE_DATE_EPOCH=999999999999 .* at most 253402300799/);
  });
});
