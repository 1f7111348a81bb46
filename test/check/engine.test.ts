import { describe, expect, it } from 'vitest';
import { CheckInputError } from '../../src/core/check/index.js';
import { percentile } from '../../src/core/check/aggregate.js';
import { budgetUsed, creditFor } from '../../src/core/check/evaluate.js';
import type { Consequence } from '../../src/core/model.js';
import { check, kpi, makeSla, result } from './fixtures.js';

// Five January rows, 10..50: every aggregation below is worked out by hand from these.
const FIVE = 'timestamp,metric,value\n' + [10, 20, 30, 40, 50].map((v, i) => `2026-01-0${i + 1}T12:00:00Z,m,${v}`).join('\n') + '\n';

describe('aggregations, worked by hand on 10, 20, 30, 40, 50', () => {
  const cases: [string, Partial<ReturnType<typeof kpi>['measure']>, number][] = [
    ['mean', { aggregate: 'mean' }, 30],
    ['median', { aggregate: 'median' }, 30],
    ['min', { aggregate: 'min' }, 10],
    ['max', { aggregate: 'max' }, 50],
    ['sum', { aggregate: 'sum' }, 150],
    ['count', { aggregate: 'count' }, 5],
    // Linear interpolation between closest ranks: h = (n − 1)·p = 3.6 → 40 + 0.6 × (50 − 40).
    ['p90', { aggregate: 'p90' }, 46],
    ['p95', { aggregate: 'p95' }, 48],
    ['p99', { aggregate: 'p99' }, 49.6],
    // 10 and 20 are ≤ 25: 2 of 5 rows.
    ['attainment', { aggregate: 'attainment', threshold: { op: '<=', value: 25 } }, 40],
  ];
  for (const [name, measure, expected] of cases) {
    it(name, async () => {
      const r = await check(makeSla([kpi('k', measure)]), FIVE);
      expect(result(r, 'k', '2026-01')).toMatchObject({ actual: expected, samples: 5, status: 'met' });
    });
  }

  it('median of an even number of values is the mean of the middle two', async () => {
    const r = await check(makeSla([kpi('k', { aggregate: 'median' })]), 'timestamp,metric,value\n2026-01-01,m,4\n2026-01-02,m,1\n2026-01-03,m,3\n2026-01-04,m,100\n');
    expect(result(r, 'k', '2026-01').actual).toBe(3.5);
  });

  it('percentiles of a single value are that value', () => {
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([1, 2], 0.5)).toBe(1.5);
  });

  it('ratio is the sum of the column over the sum of the denominator, as a percentage', async () => {
    const csv = 'timestamp,metric,good,total\n2026-01-01,requests,990,1000\n2026-01-02,requests,2985,3000\n';
    const r = await check(makeSla([kpi('avail', { aggregate: 'ratio', metric: 'requests', column: 'good', denominator: 'total' }, { op: '>=', target: 99 }, { unit: 'percent' })]), csv);
    // (990 + 2985) / (1000 + 3000) = 3975 / 4000 = 99.375 %
    expect(result(r, 'avail', '2026-01')).toMatchObject({ actual: 99.375, status: 'met', margin: 0.375, budgetUsed: 62.5 });
  });

  it('wide format: a column per quantity, rows filtered by where, any timestamp column', async () => {
    const csv = 'priority,opened_at,response_minutes\nP1,2026-02-02T09:00:00Z,10\nP2,2026-02-02T10:00:00Z,90\nP1,2026-02-03T09:00:00Z,20\nP1,2026-02-04T09:00:00Z,14\n';
    const sla = makeSla([kpi('p1', { aggregate: 'attainment', metric: undefined, column: 'response_minutes', timestamp: 'opened_at', where: { priority: 'P1' }, threshold: { op: '<=', value: 15 } }, { op: '>=', target: 95 }, { unit: 'percent' })]);
    const r = await check(sla, csv);
    // P1 rows: 10, 20, 14 → 2 of 3 within 15 minutes.
    expect(result(r, 'p1', '2026-02')).toMatchObject({ actual: 66.6666666667, samples: 3, status: 'breached' });
  });

  it('where matches numbers numerically and booleans as text', async () => {
    const csv = 'timestamp,metric,value,tier,paid\n2026-01-01,m,5,1.0,true\n2026-01-01,m,7,2,true\n2026-01-01,m,9,1,false\n';
    const r = await check(makeSla([kpi('k', { aggregate: 'sum', where: { tier: 1, paid: true } })]), csv);
    expect(result(r, 'k', '2026-01').actual).toBe(5);
  });

  it('an empty value cell leaves the row out of that KPI only (an unrated ticket)', async () => {
    const csv = 'opened_at,satisfaction\n2026-01-01,5\n2026-01-02,\n2026-01-03,4\n';
    const sla = makeSla([kpi('sat', { aggregate: 'mean', metric: undefined, column: 'satisfaction', timestamp: 'opened_at' }), kpi('n', { aggregate: 'count', metric: undefined, timestamp: 'opened_at' })]);
    const r = await check(sla, csv);
    expect(result(r, 'sat', '2026-01')).toMatchObject({ actual: 4.5, samples: 2 });
    expect(result(r, 'n', '2026-01')).toMatchObject({ actual: 3, samples: 3 });
  });
});

describe('operators', () => {
  // The mean is exactly 30; each operator is checked on both sides of the boundary.
  const cases: [string, number, 'met' | 'breached'][] = [
    ['>=', 30, 'met'], ['>=', 30.5, 'breached'],
    ['>', 29.5, 'met'], ['>', 30, 'breached'],
    ['<=', 30, 'met'], ['<=', 29.5, 'breached'],
    ['<', 30.5, 'met'], ['<', 30, 'breached'],
    ['==', 30, 'met'], ['==', 31, 'breached'],
  ];
  for (const [op, target, status] of cases) {
    it(`30 ${op} ${target} is ${status}`, async () => {
      const r = await check(makeSla([kpi('k', { aggregate: 'mean' }, { op: op as '>=', target })]), FIVE);
      expect(result(r, 'k', '2026-01')).toMatchObject({ status, margin: 30 - target });
      expect(r.status).toBe(status);
    });
  }

  it('per-row thresholds use the same operators', async () => {
    const ops: [string, number][] = [['<', 40], ['<=', 60], ['>', 40], ['>=', 60], ['==', 20]];
    for (const [op, expected] of ops) {
      const r = await check(makeSla([kpi('k', { aggregate: 'attainment', threshold: { op: op as '<', value: 30 } })]), FIVE);
      expect(result(r, 'k', '2026-01').actual, op).toBe(expected);
    }
  });
});

describe('periods in the SLA time zone', () => {
  it('splits a New York month at local midnight, across the March DST change', async () => {
    const csv = 'timestamp,metric,value\n' + [
      '2026-03-01T04:30:00Z,m,1', // 23:30 EST on 28 February
      '2026-03-01T05:30:00Z,m,2', // 00:30 EST on 1 March
      '2026-04-01T03:30:00Z,m,4', // 23:30 EDT on 31 March
      '2026-04-01T04:30:00Z,m,8', // 00:30 EDT on 1 April
    ].join('\n');
    const r = await check(makeSla([kpi('k', { aggregate: 'sum' })], [], 'America/New_York'), csv);
    expect(r.results.map((x) => [x.period, x.actual])).toEqual([['2026-02', 1], ['2026-03', 6], ['2026-04', 8]]);
    expect([r.from, r.to]).toEqual(['2026-02-28', '2026-04-01']);
  });

  it('days around the London autumn change each keep their rows', async () => {
    const csv = 'timestamp,metric,value\n2026-10-24T23:30:00Z,m,1\n2026-10-25T00:30:00Z,m,2\n2026-10-25T23:30:00Z,m,4\n2026-10-26T00:30:00Z,m,8\n';
    const r = await check(makeSla([kpi('k', { aggregate: 'sum' }, { op: '>=', target: 0 }, { period: 'day' })]), csv);
    expect(r.results.map((x) => [x.period, x.actual])).toEqual([['2026-10-25', 7], ['2026-10-26', 8]]);
  });

  it('--period overrides every KPI; weeks are ISO weeks', async () => {
    const r = await check(makeSla([kpi('k', { aggregate: 'count' })]), FIVE, { period: 'week' });
    // 1–4 January 2026 are in 2026-W01 (Monday 29 December), the 5th starts W02.
    expect(r.results.map((x) => [x.period, x.actual])).toEqual([['2026-W01', 4], ['2026-W02', 1]]);
    const all = await check(makeSla([kpi('k', { aggregate: 'count' })]), FIVE, { period: 'all' });
    expect(all.results.map((x) => [x.period, x.actual])).toEqual([['all', 5]]);
  });

  it('--from and --to keep only the rows of those local days', async () => {
    const r = await check(makeSla([kpi('k', { aggregate: 'sum' })]), FIVE, { from: '2026-01-02', to: '2026-01-04' });
    expect(result(r, 'k', '2026-01')).toMatchObject({ actual: 90, samples: 3 });
    expect([r.from, r.to]).toEqual(['2026-01-02', '2026-01-04']);
  });
});

describe('missing data', () => {
  const gap = 'timestamp,metric,value\n2026-01-10,m,5\n2026-03-10,m,5\n';

  it('a period without rows is no data, and fails the check unless allowed', async () => {
    const r = await check(makeSla([kpi('k', { aggregate: 'mean' }, { op: '>=', target: 1 })]), gap);
    expect(result(r, 'k', '2026-02')).toMatchObject({ status: 'no-data', actual: null, margin: null, samples: 0, consequences: [] });
    expect(r.status).toBe('no-data');
    const allowed = await check(makeSla([kpi('k', { aggregate: 'mean' }, { op: '>=', target: 1 })]), gap, { allowMissing: true });
    expect(allowed.status).toBe('met');
  });

  it('count is 0 in a period without rows, not no data', async () => {
    const r = await check(makeSla([kpi('k', { aggregate: 'count' }, { op: '<=', target: 3 })]), gap);
    expect(result(r, 'k', '2026-02')).toMatchObject({ status: 'met', actual: 0 });
  });

  it('an empty file and a header-only file give no data, not a crash', async () => {
    for (const csv of ['', '\uFEFF', '\n\n', 'timestamp,metric,value\n', '\uFEFFtimestamp,metric,value']) {
      const r = await check(makeSla([kpi('k', { aggregate: 'mean' }), kpi('n', { aggregate: 'count' })]), csv);
      expect(r.status).toBe('no-data');
      expect(r.results.map((x) => [x.kpi, x.period, x.status])).toEqual([['k', 'all', 'no-data'], ['n', 'all', 'no-data']]);
      expect([r.from, r.to]).toEqual([null, null]);
    }
  });

  it('a ratio whose denominator sums to 0 has no data', async () => {
    const r = await check(makeSla([kpi('k', { aggregate: 'ratio', column: 'good', denominator: 'total' })]), 'timestamp,metric,good,total\n2026-01-01,m,0,0\n');
    expect(result(r, 'k', '2026-01').status).toBe('no-data');
  });
});

describe('consequences, credits and error budget', () => {
  const tiers: Consequence = { kpis: ['avail'], remedy: 'Credit the budget.', escalation: ['On-call lead', 'Director'], credits: [{ below: 99.9, credit: 10 }, { below: 99.0, credit: 25 }] };

  it('the credit is the largest tier whose bound the value crosses', () => {
    expect(creditFor(tiers, 98.7)).toBe(25);
    expect(creditFor(tiers, 99.5)).toBe(10);
    expect(creditFor(tiers, 99.95)).toBe(0);
    expect(creditFor({ ...tiers, credits: [{ above: 300, credit: 5 }, { above: 500, credit: 20 }] }, 450)).toBe(5);
    expect(creditFor({ ...tiers, credits: [{ above: 300, credit: 5 }, { above: 500, credit: 20 }] }, 501)).toBe(20);
    expect(creditFor({ ...tiers, credits: undefined }, 50)).toBeNull();
  });

  it('a breach lists the consequences that name the KPI, with the tier that applies', async () => {
    const csv = 'timestamp,metric,good,total\n2026-01-15,requests,987,1000\n';
    const other: Consequence = { kpis: ['latency'], remedy: 'Not this one.', escalation: ['Nobody'] };
    const sla = makeSla([kpi('avail', { aggregate: 'ratio', metric: 'requests', column: 'good', denominator: 'total' }, { op: '>=', target: 99.9 }, { unit: 'percent' })], [tiers, other]);
    const r = await check(sla, csv);
    expect(result(r, 'avail', '2026-01')).toMatchObject({
      status: 'breached',
      actual: 98.7,
      consequences: [{ remedy: 'Credit the budget.', escalation: 'On-call lead → Director', credit: 25 }],
    });
  });

  it('budget used: target 99.5, actual 99.8 → 40 %', () => {
    const k = kpi('a', { aggregate: 'ratio' }, { op: '>=', target: 99.5 }, { unit: 'percent' });
    expect(budgetUsed(k, 99.8)).toBeCloseTo(40, 9);
    expect(budgetUsed(k, 99)).toBeCloseTo(200, 9);
    expect(budgetUsed({ ...k, objective: { op: '<=', target: 1 } }, 0.5)).toBeNull();
    expect(budgetUsed({ ...k, unit: 'milliseconds' }, 99.8)).toBeNull();
    expect(budgetUsed({ ...k, objective: { op: '>=', target: 100 } }, 100)).toBeNull();
  });
});

describe('CSV dialects', () => {
  const sla = makeSla([kpi('k', { aggregate: 'sum' })]);
  it.each([
    ['semicolon', 'timestamp;metric;value\n2026-01-01;m;1\n2026-01-02;m;2\n'],
    ['tab', 'timestamp\tmetric\tvalue\n2026-01-01\tm\t1\n2026-01-02\tm\t2\n'],
    ['BOM and CRLF', '\uFEFFtimestamp,metric,value\r\n2026-01-01,m,1\r\n2026-01-02,m,2\r\n'],
    ['quoted fields', 'timestamp,"metric","value",note\n2026-01-01,"m","1","a, ""quoted"" note"\n2026-01-02,m,2,"two\nlines"\n'],
    ['a blank line and no final newline', 'timestamp,metric,value\n2026-01-01,m,1\n\n2026-01-02,m,2'],
  ])('%s', async (_name, csv) => {
    expect(result(await check(sla, csv), 'k', '2026-01').actual).toBe(3);
  });

  it('--delimiter overrides detection', async () => {
    // The header alone would suggest a comma ("a,b" is one semicolon field).
    const csv = 'timestamp;metric;value;"a,b,c,d"\n2026-01-01;m;1;x\n';
    expect(result(await check(sla, csv, { delimiter: ';' }), 'k', '2026-01').actual).toBe(1);
  });

  it('keeps a multi-byte character whole when it arrives split between chunks', async () => {
    const { Readable } = await import('node:stream');
    const { checkCsv } = await import('../../src/core/check/index.js');
    const bytes = Buffer.from('timestamp,metric,value\n2026-01-01,Zürich,1\n2026-01-02,Zürich,2\n');
    const at = bytes.indexOf(0xc3) + 1; // between the two bytes of ü
    const { StringDecoder } = await import('node:string_decoder');
    const decoder = new StringDecoder('utf8');
    const chunks = [decoder.write(bytes.subarray(0, at)), decoder.write(bytes.subarray(at))];
    const r = await checkCsv(makeSla([kpi('k', { aggregate: 'sum', metric: 'Zürich' })]), Readable.from(chunks));
    expect(result(r, 'k', '2026-01').actual).toBe(3);
  });
});

describe('bad input', () => {
  const sla = makeSla([kpi('k', { aggregate: 'sum' })]);
  const fails = async (csv: string) => {
    try {
      await check(sla, csv);
    } catch (err) {
      expect(err).toBeInstanceOf(CheckInputError);
      const e = err as CheckInputError;
      return { row: e.row, column: e.column, message: e.message, kpi: e.kpi };
    }
    throw new Error('expected the check to fail');
  };

  it('a value that is not a number: row as a spreadsheet shows it, and the column', async () => {
    expect(await fails('timestamp,metric,value\n2026-01-01,m,1\n2026-01-02,m,n/a\n')).toMatchObject({ row: 3, column: 'value', message: '"n/a" is not a number' });
    expect(await fails('timestamp,metric,value\n2026-01-01,m,1,5\n')).toMatchObject({ row: 2 });
    expect(await fails('timestamp,metric,value\n2026-01-01,m,"1,5"\n')).toMatchObject({ row: 2, column: 'value', message: '"1,5" is not a number' });
  });

  it('a timestamp that does not parse', async () => {
    expect(await fails('timestamp,metric,value\n2026-01-01,m,1\n2026-01-01,m,1\n01/02/2026,m,1\n')).toMatchObject({ row: 4, column: 'timestamp' });
    expect(await fails('timestamp,metric,value\n,m,1\n')).toMatchObject({ row: 2, column: 'timestamp', message: 'the timestamp is empty' });
  });

  it('a row with the wrong number of fields', async () => {
    expect(await fails('timestamp,metric,value\n2026-01-01,m\n')).toMatchObject({ row: 2, column: 'value', message: 'the row has 2 fields, the header 3' });
    expect(await fails('timestamp,metric,value\n2026-01-01,m,1\n2026-01-01,m,1,extra\n')).toMatchObject({ row: 3, message: 'the row has 4 fields, the header 3' });
  });

  it('blank lines before the header are skipped but still numbered', async () => {
    expect(await fails('\n\ntimestamp,metric,value\n2026-01-01,m,x\n')).toMatchObject({ row: 4, column: 'value' });
  });

  it('a row number counts records, not lines, after a quoted newline', async () => {
    expect(await fails('timestamp,metric,value,note\n2026-01-01,m,1,"two\nlines"\n2026-01-02,m,x,ok\n')).toMatchObject({ row: 3, column: 'value' });
  });

  it('an unterminated quote', async () => {
    expect(await fails('timestamp,metric,value\n2026-01-01,m,1\n2026-01-02,m,"2\n2026-01-03,m,3\n')).toMatchObject({ row: 3, message: 'quoted field unterminated' });
  });

  it('a column a KPI names is missing from the header: the KPI and the column', async () => {
    const e = await fails('time,metric,value\n2026-01-01,m,1\n');
    expect(e).toMatchObject({ kpi: 'k', column: 'timestamp' });
    expect(e.message).toContain('KPI "k" needs the column "timestamp"');
  });

  it('rows of other metrics are not read, bad or not', async () => {
    const r = await check(sla, 'timestamp,metric,value\n2026-01-01,m,1\nnot a date,other,n/a\n');
    expect(result(r, 'k', '2026-01').actual).toBe(1);
  });

  it('--skip-invalid skips and lists every bad row, never silently', async () => {
    const csv = 'timestamp,metric,value\n2026-01-01,m,1\n2026-01-02,m,abc\nsoon,m,1\n2026-01-03,m\n2026-01-04,m,4\n';
    const r = await check(sla, csv, { skipInvalid: true });
    expect(result(r, 'k', '2026-01')).toMatchObject({ actual: 5, samples: 2 });
    expect(r.skipped).toEqual([
      { row: 3, column: 'value', reason: '"abc" is not a number' },
      { row: 4, column: 'timestamp', reason: '"soon" is not an ISO-8601 date or timestamp (such as 2026-01-31 or 2026-01-31T23:30:00Z)' },
      { row: 5, column: 'value', reason: 'the row has 2 fields, the header 3' },
    ]);
  });

  it('--skip-invalid drops the whole row, even for KPIs that could read it', async () => {
    const two = makeSla([kpi('a', { aggregate: 'count', metric: undefined, timestamp: 't' }), kpi('b', { aggregate: 'sum', metric: undefined, column: 'v', timestamp: 't' })]);
    const r = await check(two, 't,v\n2026-01-01,1\n2026-01-02,x\n', { skipInvalid: true });
    expect(result(r, 'a', '2026-01').actual).toBe(1);
    expect(result(r, 'b', '2026-01').actual).toBe(1);
    expect(r.skipped).toHaveLength(1);
  });
});

describe('percentile by selection', () => {
  it('equals the sorted computation on sorted, reversed, constant and duplicate-heavy data', async () => {
    const { selectPercentile } = await import('../../src/core/check/aggregate.js');
    let seed = 1;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const shapes: number[][] = [
      Array.from({ length: 1000 }, (_, i) => i),
      Array.from({ length: 1000 }, (_, i) => 1000 - i),
      Array.from({ length: 999 }, () => 7),
      Array.from({ length: 1001 }, () => Math.floor(rnd() * 5)),
      Array.from({ length: 2 }, () => rnd()),
      [3],
    ];
    for (const values of shapes) {
      const sorted = [...values].sort((a, b) => a - b);
      for (const p of [0.5, 0.9, 0.95, 0.99]) expect(selectPercentile(Float64Array.from(values), p)).toBe(percentile(sorted, p));
    }
  });
});
