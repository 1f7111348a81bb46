// The agreement's term, partial periods, minSamples and drafts (issue 12), with values worked by hand.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { isFailing, type CheckResult, type KpiResult } from '../../src/core/check/index.js';
import { checkFormatters } from '../../src/formatters/check/index.js';
import { periodText, spanText } from '../../src/formatters/check/values.js';
import type { Consequence, Kpi, Sla } from '../../src/core/model.js';
import { check, kpi, makeSla } from './fixtures.js';

/** An SLA with a term: `effective` and `expires` (or `term`), and optionally a status. */
function termSla(metrics: Kpi[], term: { effective: string; expires?: string; term?: string; status?: string }, consequences: Consequence[] = []): Sla {
  return { ...makeSla(metrics, consequences, 'Europe/Berlin'), status: 'active', ...term } as unknown as Sla;
}

const csvOf = (...rows: [string, number][]) => 'timestamp,metric,value\n' + rows.map(([t, v]) => `${t},m,${v}`).join('\n') + '\n';
const spans = (r: CheckResult) => r.results.map((x) => [x.period, x.start, x.end, x.partial]);
const options = { color: new Chalk({ level: 0 }), allowMissing: false, title: 'Term test', slaFile: 'sla.yaml', csvFile: 'metrics.csv' };

// Availability ≥ 99 % as a monthly mean, with a credit below 99: what January and April would have cost.
const availability = kpi('availability', { aggregate: 'mean' }, { op: '>=', target: 99 }, { unit: 'percent' } as Partial<Kpi>);
const credit: Consequence = { kpis: ['availability'], remedy: 'Credit', escalation: ['Lead'], credits: [{ below: 99, credit: 10 }] } as Consequence;

// The agreement: from 2026-02-01 to 2026-03-15, over data from January to April.
const janToApr = csvOf(
  ['2026-01-10', 90], // before the term: would breach January with a credit
  ['2026-02-10', 100],
  ['2026-03-05', 99.5],
  ['2026-03-10', 99.5],
  ['2026-03-20', 90], // after the term: would pull March's mean to 96.33 and breach it
  ['2026-04-10', 90], // after the term: would breach April with a credit
);

describe('the agreement term', () => {
  it('measures only inside the term: January and April are not evaluated, March over 1–15 only', async () => {
    const r = await check(termSla([availability], { effective: '2026-02-01', expires: '2026-03-15' }, [credit]), janToApr);
    expect(r.results.map((x) => x.period)).toEqual(['2026-02', '2026-03']);
    expect(spans(r)).toEqual([
      ['2026-02', '2026-02-01', '2026-02-28', false],
      ['2026-03', '2026-03-01', '2026-03-15', true],
    ]);
    // March: (99.5 + 99.5) / 2 = 99.5 over the two in-term rows, not (99.5 + 99.5 + 90) / 3 = 96.33.
    expect(r.results[1]).toMatchObject({ status: 'met', actual: 99.5, samples: 2, consequences: [] });
    expect(r.results[0]).toMatchObject({ status: 'met', actual: 100, samples: 1 });
    expect(r.outside).toEqual({ before: 1, after: 2 });
    expect(r.term).toEqual({ start: '2026-02-01', end: '2026-03-15' });
    // from and to are the data measured (inside the term), as before.
    expect([r.from, r.to, r.status]).toEqual(['2026-02-10', '2026-03-10', 'met']);
  });

  it('takes the end of a term from `term` ("1 month" from 15 January runs to 14 February): both periods partial', async () => {
    const csv = csvOf(['2026-01-14', 50], ['2026-01-15', 100], ['2026-01-31', 98], ['2026-02-14', 99], ['2026-02-15', 50]);
    const r = await check(termSla([availability], { effective: '2026-01-15', term: '1 month' }), csv);
    expect(spans(r)).toEqual([
      ['2026-01', '2026-01-15', '2026-01-31', true],
      ['2026-02', '2026-02-01', '2026-02-14', true],
    ]);
    // January: (100 + 98) / 2 = 99, met; February: 99 alone, met. The 50s lie outside.
    expect(r.results.map((x) => [x.actual, x.status])).toEqual([[99, 'met'], [99, 'met']]);
    expect(r.outside).toEqual({ before: 1, after: 1 });
  });

  it('cuts a week and a quarter at the term too, and says nothing is partial when the term covers whole periods', async () => {
    const csv = csvOf(['2026-01-07', 100], ['2026-01-12', 100]);
    // 2026-01-07 is a Wednesday: week 2 (5–11 January) is measured from the 7th.
    const weekly = await check(termSla([availability], { effective: '2026-01-07', expires: '2026-12-31' }), csv, { period: 'week' });
    expect(spans(weekly)).toEqual([
      ['2026-W02', '2026-01-07', '2026-01-11', true],
      ['2026-W03', '2026-01-12', '2026-01-18', false],
    ]);
    const quarterly = await check(termSla([availability], { effective: '2026-01-07', expires: '2026-12-31' }), csv, { period: 'quarter' });
    expect(spans(quarterly)).toEqual([['2026-Q1', '2026-01-07', '2026-03-31', true]]);
    const whole = await check(termSla([availability], { effective: '2026-01-01', expires: '2026-12-31' }), csv);
    expect(spans(whole)).toEqual([['2026-01', '2026-01-01', '2026-01-31', false]]);
  });

  it('--from inside the term cuts the first period; --to inside it the last; rows outside --from/--to are not "outside the term"', async () => {
    const csv = csvOf(['2026-03-01', 50], ['2026-03-10', 100], ['2026-04-20', 98], ['2026-04-21', 50]);
    const r = await check(termSla([availability], { effective: '2026-01-01', expires: '2026-12-31' }), csv, { from: '2026-03-10', to: '2026-04-20' });
    expect(spans(r)).toEqual([
      ['2026-03', '2026-03-10', '2026-03-31', true],
      ['2026-04', '2026-04-01', '2026-04-20', true],
    ]);
    expect(r.results.map((x) => [x.actual, x.samples])).toEqual([[100, 1], [98, 1]]);
    expect(r.outside).toEqual({ before: 0, after: 0 });
  });

  it('--from before the term starts at the term, not at --from: December 2025 is not listed', async () => {
    const csv = csvOf(['2025-12-15', 50], ['2026-01-15', 100]);
    const r = await check(termSla([availability], { effective: '2026-01-01', expires: '2026-12-31' }), csv, { from: '2025-12-01', to: '2026-01-31' });
    expect(spans(r)).toEqual([['2026-01', '2026-01-01', '2026-01-31', false]]);
    expect(r.from).toBe('2026-01-01');
    expect(r.outside).toEqual({ before: 1, after: 0 });
  });

  it('data only outside the term: no data, and every row counted as outside', async () => {
    const r = await check(termSla([availability], { effective: '2027-01-01', expires: '2027-12-31' }), csvOf(['2026-05-01', 100], ['2028-02-01', 100]));
    expect(r.results.map((x) => [x.period, x.status, x.start])).toEqual([['all', 'no-data', null]]);
    expect(r.outside).toEqual({ before: 1, after: 1 });
  });

  it('counts a row once however many KPIs read it, and rows inside the term are measured whatever their period', async () => {
    const two = [availability, kpi('count', { aggregate: 'count' })];
    const r = await check(termSla(two, { effective: '2026-02-01', expires: '2026-03-15' }), janToApr);
    expect(r.outside).toEqual({ before: 1, after: 2 });
    expect(r.results.filter((x) => x.kpi === 'count').map((x) => [x.period, x.actual])).toEqual([['2026-02', 1], ['2026-03', 2]]);
  });

  it('never enumerates millions of periods: a stray date in the data stops the check with a clear message', async () => {
    const daily = kpi('daily', { aggregate: 'count' }, { op: '>=', target: 0 }, { period: 'day' } as Partial<Kpi>);
    await expect(check(makeSla([daily]), csvOf(['0001-01-01', 1], ['9999-12-31', 1]))).rejects.toThrow(/^the data spans 3,652,059 days, 0001-01-01 \(row 2\) to 9999-12-31 \(row 3\): 3,652,059 results over 1 KPI, more than the 25,000 a check evaluates; is a date in the data wrong\? Limit the range with --from\/--to/);
    // Months over the same span are 119,988: also refused. A term bounds what is enumerated.
    const r = await check(termSla([daily], { effective: '2026-01-01', expires: '2026-01-03' }), csvOf(['0001-01-01', 1], ['2026-01-02', 1], ['9999-12-31', 1]));
    expect(r.results.map((x) => x.period)).toEqual(['2026-01-02']);
    expect(r.outside).toEqual({ before: 1, after: 1 });
  });
});

describe('minSamples', () => {
  // Tickets answered in time, as an attainment percentage ≥ 95 %, judged only over 3 tickets or more.
  const answered = kpi('answered', { aggregate: 'attainment', threshold: { op: '<=', value: 10 } }, { op: '>=', target: 95 }, { unit: 'percent', minSamples: 3 } as Partial<Kpi>);
  const penalty: Consequence = { kpis: ['answered'], remedy: 'Credit', escalation: ['Lead'], credits: [{ below: 95, credit: 25 }] } as Consequence;
  // January: 2 tickets, one late (50 %); February: 4 tickets, one late (75 %).
  const csv = csvOf(['2026-01-05', 5], ['2026-01-06', 30], ['2026-02-02', 5], ['2026-02-03', 5], ['2026-02-04', 5], ['2026-02-05', 30]);

  it('a period with fewer samples is insufficient-data: its value shown, but no margin, budget, verdict or credit', async () => {
    const r = await check(termSla([answered], { effective: '2026-01-01', expires: '2026-12-31' }, [penalty]), csv);
    const [jan, feb] = r.results as [KpiResult, KpiResult];
    expect(jan).toMatchObject({ period: '2026-01', status: 'insufficient-data', actual: 50, samples: 2, minSamples: 3, margin: null, budgetUsed: null, consequences: [] });
    // February: 3 of 4 in time = 75 %, margin −20, budget (100 − 75) / (100 − 95) = 500 %.
    expect(feb).toMatchObject({ period: '2026-02', status: 'breached', actual: 75, samples: 4, margin: -20, budgetUsed: 500, consequences: [{ credit: 25 }] });
  });

  it('counts like no data: it fails the check unless missing data is allowed', async () => {
    expect(isFailing('insufficient-data', { allowMissing: false })).toBe(true);
    expect(isFailing('insufficient-data', { allowMissing: true })).toBe(false);
    const onlyJanuary = csvOf(['2026-01-05', 5], ['2026-01-06', 5]);
    const r = await check(termSla([answered], { effective: '2026-01-01', expires: '2026-12-31' }), onlyJanuary);
    expect(r.results.map((x) => [x.status, x.actual])).toEqual([['insufficient-data', 100]]);
    expect(r.status).toBe('no-data');
    const allowed = await check(termSla([answered], { effective: '2026-01-01', expires: '2026-12-31' }), onlyJanuary, { allowMissing: true });
    expect(allowed.status).toBe('no-data');
  });

  it('without minSamples two tickets are judged as before', async () => {
    const plain = { ...answered, minSamples: undefined } as Kpi;
    const r = await check(termSla([plain], { effective: '2026-01-01', expires: '2026-12-31' }), csv);
    expect(r.results.map((x) => [x.status, x.budgetUsed, x.minSamples])).toEqual([['breached', 1000, null], ['breached', 500, null]]);
  });

  it('every output says "too few samples"', async () => {
    const r = await check(termSla([answered], { effective: '2026-01-01', expires: '2026-12-31' }), csv);
    const table = checkFormatters.table!(r, options);
    expect(table).toMatch(/answered +2026-01 +50 % +≥ 95 % +– +\? too few samples/);
    expect(table).toContain('1 of 2 results breached, 1 with too few samples, 1 KPI');
    expect(JSON.parse(checkFormatters.json!(r, options)).results[0]).toMatchObject({ status: 'insufficient-data', samples: 2, minSamples: 3 });
    expect(checkFormatters.github!(r, options)).toContain('title=SLA answered too few samples::answered: too few samples in 2026-01 (2, at least 3 needed)');
    expect(checkFormatters.junit!(r, options)).toContain('<failure message="too few samples (2, at least 3 needed)" type="insufficient-data">');
    expect(checkFormatters.junit!(r, { ...options, allowMissing: true })).toContain('<skipped message="too few samples (2, at least 3 needed)"/>');
    expect(checkFormatters.markdown!(r, options)).toContain('| answered | 2026-01 | 50 % | ≥ 95 % | – |  | **? too few samples** |');
  });
});

describe('partial periods and notices in every output', () => {
  it('writes the covered days of a partial period: "2026-03 (1–15 Mar)"', () => {
    expect(spanText('2026-03-01', '2026-03-15')).toBe('1–15 Mar');
    expect(spanText('2026-02-01', '2026-03-15')).toBe('1 Feb–15 Mar');
    expect(spanText('2025-12-29', '2026-01-04')).toBe('29 Dec 2025–4 Jan 2026');
    expect(spanText('2026-03-15', '2026-03-15')).toBe('15 Mar');
    expect(periodText({ period: '2026-03', partial: true, start: '2026-03-01', end: '2026-03-15' })).toBe('2026-03 (1–15 Mar)');
    expect(periodText({ period: '2026-02', partial: false, start: '2026-02-01', end: '2026-02-28' })).toBe('2026-02');
  });

  it('table, json, markdown, github and junit show the term, the partial span, the outside rows and a draft', async () => {
    const r = await check(termSla([availability], { effective: '2026-02-01', expires: '2026-03-15', status: 'draft' }, [credit]), janToApr);
    expect(r.draft).toBe(true);
    const table = checkFormatters.table!(r, options).split('\n');
    expect(table.slice(2, 5)).toEqual([
      'This agreement is a draft (status: draft): checked all the same, but nothing here is agreed yet.',
      "3 rows outside the agreement's term (2026-02-01 to 2026-03-15) not measured: 1 before, 2 after.",
      'Partial period, measured only over the days in the term and --from/--to: 2026-03 (1–15 Mar).',
    ]);
    expect(table.join('\n')).toMatch(/\navailability {2}2026-03 \(1–15 Mar\) +99\.5 % +≥ 99 % .*✔ met\n/);
    const json = JSON.parse(checkFormatters.json!(r, options));
    expect(json).toMatchObject({ draft: true, outside: { before: 1, after: 2 }, term: { start: '2026-02-01', end: '2026-03-15' } });
    expect(json.results.map((x: KpiResult) => [x.period, x.start, x.end, x.partial])).toEqual([['2026-02', '2026-02-01', '2026-02-28', false], ['2026-03', '2026-03-01', '2026-03-15', true]]);
    const md = checkFormatters.markdown!(r, options);
    expect(md).toContain('| availability | 2026-03 (1–15 Mar) | 99.5 % |');
    expect(md).toContain('> This agreement is a draft');
    expect(checkFormatters.github!(r, options)).toContain("::notice file=sla.yaml,title=SLA check::3 rows outside the agreement's term");
    const junit = checkFormatters.junit!(r, options);
    expect(junit).toContain('name="availability 2026-03 (1–15 Mar)"');
    expect(junit).toMatch(/<system-out>This agreement is a draft[^<]*<\/system-out>\n  <\/testsuite>/);
  });

  it('an active agreement over data inside its term prints no notice', async () => {
    const r = await check(termSla([availability], { effective: '2026-01-01', expires: '2026-12-31' }), janToApr);
    expect(r.draft).toBe(false);
    expect(checkFormatters.table!(r, options).split('\n')[2]).toMatch(/^KPI +Period/);
  });
});
