import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AggregatesChecker, AGGREGATE_COLUMNS } from '../../src/core/check/aggregates.js';
import type { Sla } from '../../src/core/model.js';
import { compileSql, SqlCompileError } from '../../src/core/sql/compile.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { check, kpi, makeSla } from '../check/fixtures.js';
import { closeDuckdb, openDuckdb } from './duckdb.js';

// sla sql → engine → sla check --aggregates, and --engine duckdb, against sla check on the same data.
const sla = example('platform-api', 'sla.yaml');
const metrics = example('platform-api', 'metrics.csv');
const tmp = tempDir('sla-sql-cli-');
let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => ({ instance, db } = await openDuckdb()));
afterAll(() => {
  closeDuckdb({ instance, db });
  tmp.cleanup();
});

/** A check's JSON without what an engine's result does not hold: outside, from/to and each result's open count (docs/sql.md). */
function comparable(json: string) {
  const { outside: _o, from: _f, to: _t, ...rest } = JSON.parse(json);
  return { ...rest, results: rest.results.map(({ open: _open, ...r }: { open: number }) => r) };
}

/** The per-period actuals of a check's JSON as an aggregates CSV. */
function aggregatesOf(json: { results: { kpi: string; period: string; start: string | null; end: string | null; actual: number | null; samples: number }[] }): string {
  const cell = (v: unknown) => (v === null ? '' : String(v));
  return 'kpi,period,start,end,actual,samples\n' + json.results.map((r) => [r.kpi, r.period, cell(r.start), cell(r.end), cell(r.actual), r.samples].join(',')).join('\n') + '\n';
}

describe('the pipeline gives check\'s verdicts, consequences and credits', () => {
  it('--aggregates of check\'s own actuals, and --engine duckdb over the CSV and over Parquet, print the same JSON', async () => {
    const raw = await runInProcess(['check', sla, metrics, '--format', 'json']);
    expect(raw.code).toBe(1); // the example breaches in March
    const json = JSON.parse(raw.stdout);
    expect(json.credits.length).toBeGreaterThan(0);
    const aggregates = join(tmp.dir, 'result.csv');
    writeFileSync(aggregates, aggregatesOf(json));
    const viaAggregates = await runInProcess(['check', sla, '--aggregates', aggregates, '--format', 'json']);
    expect(viaAggregates.stderr).toBe('');
    expect(viaAggregates.code).toBe(1);
    expect(JSON.parse(viaAggregates.stdout)).toEqual(json);

    const viaDuckDb = await runInProcess(['check', sla, metrics, '--engine', 'duckdb', '--format', 'json']);
    expect(viaDuckDb.stderr).toBe('');
    expect(viaDuckDb.code).toBe(1);
    expect(JSON.parse(viaDuckDb.stdout)).toEqual(json);

    // The Parquet version of the example's metrics, written by DuckDB (typed columns, not text).
    const parquet = join(tmp.dir, 'metrics.parquet');
    await db.run(`COPY (SELECT * FROM read_csv('${metrics.replace(/'/g, "''")}', header = true)) TO '${parquet.replace(/'/g, "''")}' (FORMAT parquet)`);
    const viaParquet = await runInProcess(['check', sla, parquet, '--engine', 'duckdb', '--format', 'json']);
    expect(viaParquet.stderr).toBe('');
    expect(JSON.parse(viaParquet.stdout)).toEqual(json);
  }, 60_000);

  it('sla sql prints a query DuckDB runs whose result --aggregates turns into check\'s JSON', async () => {
    const printed = await runInProcess(['sql', sla, '--source', metrics]);
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/^-- sla sql: every KPI of payments-api-platform per period, in America\/New_York/);
    const rows = (await db.runAndReadAll(printed.stdout)).getRowObjects();
    const csv = 'kpi,period,start,end,actual,samples\n' + rows.map((r) => AGGREGATE_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))).join(',')).join('\n') + '\n';
    const result = join(tmp.dir, 'engine-result.csv');
    writeFileSync(result, csv);
    const fromEngine = await runInProcess(['check', sla, '--aggregates', result, '--format', 'json']);
    const raw = await runInProcess(['check', sla, metrics, '--format', 'json']);
    expect(JSON.parse(fromEngine.stdout)).toEqual(JSON.parse(raw.stdout));
  }, 60_000);

  it('report --aggregates writes the report from an engine\'s result', async () => {
    const raw = JSON.parse((await runInProcess(['check', sla, metrics, '--format', 'json'])).stdout);
    const aggregates = join(tmp.dir, 'report-result.csv');
    writeFileSync(aggregates, aggregatesOf(raw));
    const r = await runInProcess(['report', sla, '--aggregates', aggregates, '--as-of', '2026-04-01']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('25 % of the March 2026 charge (Monthly availability of the Payments API)');
    // The same document as from the metrics themselves (inline charts differ only by the chart
    // library's instance counter in one process, so their text is compared without them).
    const fromMetrics = await runInProcess(['report', sla, metrics, '--as-of', '2026-04-01']);
    const text = (md: string) => md.replace(/src="data:[^"]*"/g, 'src=""');
    expect(text(r.stdout)).toBe(text(fromMetrics.stdout));
  }, 60_000);
});

describe('quoting: identifiers and literals from the agreement never break the query', () => {
  it('a column name with a double quote, a where value with a single quote, a table name with both', async () => {
    const column = 'lat "p95" ms';
    const kpis = [
      kpi('odd', { aggregate: 'p95', metric: undefined, column, where: { "team's": "o'brien; DROP TABLE x; --" } }, { op: '<=', target: 300 }),
      kpi('odd-count', { aggregate: 'count', metric: undefined, where: { "team's": "o'brien; DROP TABLE x; --" } }, { op: '<=', target: 3 }),
    ];
    const slaModel = { ...makeSla(kpis, [], 'Europe/Berlin'), effective: '2026-01-01', term: '3 months' } as Sla;
    const csv = `timestamp,"lat ""p95"" ms",team's\n2026-01-05T10:00:00Z,120,o'brien; DROP TABLE x; --\n2026-01-06T10:00:00Z,400,o'brien; DROP TABLE x; --\n2026-01-07T10:00:00Z,999,other\n2026-03-29T01:30:00+01:00,50,o'brien; DROP TABLE x; --\n`;
    const table = 'we"ird \'table';
    await db.run(`CREATE OR REPLACE TABLE "we""ird 'table" AS SELECT * FROM read_csv('${join(tmp.dir, 'q.csv').replace(/'/g, "''")}', header = true, all_varchar = true)`.replace('q.csv', (writeFileSync(join(tmp.dir, 'q.csv'), csv), 'q.csv')));
    const query = compileSql(slaModel, { dialect: 'duckdb', source: { table } });
    expect(query).toContain(`"lat ""p95"" ms"`);
    expect(query).toContain(`'o''brien; DROP TABLE x; --'`);
    expect(query).toContain(`"we""ird 'table"`);
    const rows = (await db.runAndReadAll(query)).getRowObjects();
    const checker = new AggregatesChecker(slaModel);
    checker.header([...AGGREGATE_COLUMNS]);
    rows.forEach((r, i) => checker.row(AGGREGATE_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))), i + 2));
    const mine = checker.finish();
    const engine = await check(slaModel, csv);
    expect(mine.results.map((r) => [r.kpi, r.period, r.actual, r.samples])).toEqual(engine.results.map((r) => [r.kpi, r.period, r.actual, r.samples]));
    expect(mine.results.find((r) => r.kpi === 'odd' && r.period === '2026-01')!.samples).toBe(2);
  }, 60_000);
});

describe('what sla sql refuses, with a message that says what to do', () => {
  it('an agreement with no end needs --to', () => {
    const open = { ...makeSla([kpi('a', { aggregate: 'mean' })]), effective: '2026-01-01' } as Sla;
    expect(() => compileSql(open, { dialect: 'duckdb', source: { table: 't' } })).toThrow(new SqlCompileError('the agreement has no end of term (no expires, no term): give --to YYYY-MM-DD, the last day the query measures, so it can list the periods'));
    expect(compileSql(open, { dialect: 'duckdb', source: { table: 't' }, to: '2026-03-31' })).toContain(`('month', '2026-03', 20513, 20543)`);
  });

  it('more periods than a check evaluates: refused at once; at the limit the query is written within bounds', () => {
    const long = { ...makeSla([kpi('a', { aggregate: 'mean' }, undefined, { period: 'day' })]), effective: '2000-01-01', term: '100 years' } as Sla;
    expect(() => compileSql(long, { dialect: 'duckdb', source: { table: 't' } })).toThrow(/holds 36,525 day periods, more than the 25,000 a check evaluates: limit it with --from\/--to/);
    // 25,000 daily periods (68 years), the most: time and memory of writing the query.
    const before = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const query = compileSql(long, { dialect: 'duckdb', source: { table: 't' }, from: '2000-01-01', to: '2068-06-11' });
    const ms = performance.now() - t0;
    expect(query.match(/\('day', '/g)).toHaveLength(25_000);
    expect(ms).toBeLessThan(5_000);
    expect(query.length).toBeLessThan(3_000_000);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(300 * 1024 * 1024);
  });

  it('the command: no data named, a data source it cannot read, a missing column under --engine', async () => {
    const none = await runInProcess(['sql', sla]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('sla: give the data as --table NAME (a table or view) or --source PATH (a CSV, Parquet or JSON file or glob), one of them\n');
    const wide = join(tmp.dir, 'wide.csv');
    writeFileSync(wide, 'timestamp,value\n2026-01-05T10:00:00Z,1\n');
    const missing = await runInProcess(['check', sla, wide, '--engine', 'duckdb']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`sla: ${wide}: KPI "availability" needs the column "metric", which the data does not have (columns: timestamp, value)\n`);
    const notThere = await runInProcess(['check', sla, join(tmp.dir, 'nope', '*.parquet'), '--engine', 'duckdb']);
    expect(notThere.code).toBe(2);
    expect(notThere.stderr).toMatch(/^sla: .*nope\/\*\.parquet: DuckDB could not compute the KPIs: .*No files found that match the pattern.*; check the file's format and columns\n$/);
    const bad = join(tmp.dir, 'bad.csv');
    writeFileSync(bad, readFileSync(metrics, 'utf8').replace('214.5', 'fast'));
    const badCell = await runInProcess(['check', sla, bad, '--engine', 'duckdb']);
    expect(badCell.code).toBe(2);
    expect(badCell.stderr).toMatch(/^sla: .*bad\.csv: DuckDB could not compute the KPIs: Conversion Error: .*fast.*\n$/);
    expect(badCell.stderr.trimEnd().split('\n')).toHaveLength(1);
  }, 60_000);
});

describe('what the SQL path does not read yet is refused, never measured differently', () => {
  const jira = join(import.meta.dirname, '../fixtures/exports/jira.yaml');
  it('sla sql refuses an agreement with a data section (ticket-export formats)', async () => {
    const r = await runInProcess(['sql', jira, '--dialect', 'duckdb', '--table', 'tickets', '--to', '2026-12-31']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has a data section \(.*timestamps.*\), which sla sql does not compile yet: check this data with sla check/);
    expect(r.stdout).toBe('');
  });
  it('--engine and --aggregates refuse --source, --sheet and Prometheus data', async () => {
    const sla = example('platform-api', 'sla.yaml');
    const metrics = example('platform-api', 'metrics.csv');
    for (const [args, message] of [
      [['--engine', 'duckdb', '--source', 'jira'], /--source .* is read by the streaming engine only, not with --engine/],
      [['--engine', 'duckdb', '--sheet', 'Tickets'], /--sheet is for an \.xlsx workbook read by the streaming engine, not with --engine/],
      [['--engine', 'duckdb', '--prometheus', 'http://127.0.0.1:9'], /--prometheus and saved responses are read by the streaming engine only, not with --engine/],
    ] as const) {
      const r = await runInProcess(['check', sla, metrics, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const r = await runInProcess(['check', sla, '--aggregates', metrics, '--source', 'jira']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not with --aggregates/);
  });
});

describe('calendar-clock durations: bad rows stop the query, what stays unsupported is refused, the bounds', () => {
  const d = { from: 'opened', to: 'resolved', clock: 'calendar' as const, paused: 'paused' };
  const tickets = (metrics: Sla['metrics']) => ({ ...makeSla(metrics, [], 'Europe/Berlin'), effective: '2026-01-01', term: '1 year', expectations: { priorities: [{ id: 'P1', name: 'P1', response: '15m', resolution: '4h' }] } } as unknown as Sla);
  const att = kpi('resolution', { metric: undefined, aggregate: 'attainment', duration: d, threshold: { op: '<=', target: 'resolution' } });
  const run = async (csv: string) => {
    const path = join(tmp.dir, `t-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, csv);
    return db.runAndReadAll(compileSql(tickets([att]), { dialect: 'duckdb', source: { path } }));
  };
  const head = 'opened,resolved,paused,priority\n';

  it('a bad row ends the query with the KPI, the column and what is wrong, as sla check refuses it', async () => {
    for (const [row, message] of [
      ['2026-01-05T10:00:00Z,2026-01-05T09:00:00Z,,P1', 'KPI "resolution": an end in "resolved" is before its start in "opened"'],
      ['2026-01-05T10:00:00Z,2026-01-05T11:00:00Z,,P9', 'KPI "resolution", column "priority": "P9" is not a priority of the agreement'],
      ['2026-01-05T10:00:00Z,2026-01-05T11:00:00Z,,', 'KPI "resolution", column "priority": the priority is empty'],
      ['2026-01-05T10:00:00Z,2026-01-05T11:00:00Z,-5,P1', 'KPI "resolution": paused minutes in "paused" cannot be negative'],
      ['2026-01-05T10:00:00Z,2026-01-05T11:00:00Z,90,P1', 'KPI "resolution": the paused minutes in "paused" are longer than the time from start to end'],
      ['2026-01-05T10:00:00Z,2206-01-05T11:00:00Z,,P1', 'KPI "resolution": a timestamp in "resolved" is not between the years 1900 and 2199'],
    ] as const) {
      await expect(run(`${head}${row}\n`), row).rejects.toThrow(message);
      await expect(check(tickets([att]), `${head}${row}\n`), row).rejects.toMatchObject({ name: 'CheckInputError' });
    }
  }, 60_000);

  it('pause intervals stay refused, naming the KPI and its line; business-hours clocks compile', async () => {
    const business = kpi('b', { metric: undefined, aggregate: 'mean', duration: { ...d, clock: 'business' } });
    const desk = { ...tickets([business]), scope: { coverage: { days: ['mon'], from: '09:00', to: '17:00' } } } as unknown as Sla;
    expect(compileSql(desk, { dialect: 'duckdb', source: { table: 't' } })).toContain('bh (day, o, c, cum) AS (VALUES');
    const pauses = kpi('p', { metric: undefined, aggregate: 'mean', duration: { from: 'opened', to: 'resolved', clock: 'calendar', pauses: [{ from: 'hold_from', to: 'hold_to' }] } });
    expect(() => compileSql(tickets([pauses]), { dialect: 'duckdb', source: { table: 't' } })).toThrow(new SqlCompileError('KPI "p" deducts pauses between pairs of columns (hold_from to hold_to); sla sql does not compile pause intervals yet (a paused minutes column it does): check it with sla check on a CSV export (docs/sql.md)', 'p'));
    const r = await runInProcess(['sql', join(import.meta.dirname, '../fixtures/bad/sql-pauses.yaml'), '--table', 't']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: .*sql-pauses\.yaml:58:5: KPI "response" deducts pauses between pairs of columns \(hold_from to hold_to\); sla sql does not compile pause intervals yet/);
  });

  it('at the limits: the 25,000-day range with a DST zone, and 200,000 tickets, within time and memory', async () => {
    const long = { ...tickets([{ ...att, period: 'day' } as never]), effective: '2000-01-01', term: '100 years' } as Sla;
    const rss = process.memoryUsage().rss;
    let t0 = performance.now();
    const query = compileSql(long, { dialect: 'duckdb', source: { table: 't' }, from: '2000-01-01', to: '2068-06-11' });
    expect(performance.now() - t0).toBeLessThan(10_000);
    // On the business clock: the calendar table adds a row per day (25,402), still within bounds.
    t0 = performance.now();
    const business = { ...long, metrics: [{ ...att, period: 'day', measure: { ...att.measure, duration: { ...d, clock: 'business' } } }], scope: { coverage: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } } } as unknown as Sla;
    const businessQuery = compileSql(business, { dialect: 'duckdb', source: { table: 't' }, from: '2000-01-01', to: '2068-06-11' });
    expect(performance.now() - t0).toBeLessThan(10_000);
    expect(businessQuery.length).toBeLessThan(6_000_000);
    console.log(`sql2 bounds: business-hours query for 25,000 days ${businessQuery.length} chars in ${Math.round(performance.now() - t0)} ms`);
    // The zone's offsets 1900-2199 as a tree (twice per instant column): a bounded, fixed cost.
    expect(query.length).toBeLessThan(4_000_000);
    const rows: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      const start = Date.UTC(2026, 0, 1) + i * 150_000;
      const end = i % 10 === 0 ? '' : new Date(start + (i % 400) * 60_000).toISOString();
      rows.push(`${new Date(start).toISOString()},${end},${i % 400 >= 7 ? i % 7 : 0},P1`);
    }
    const path = join(tmp.dir, 'many.csv');
    writeFileSync(path, head + rows.join('\n') + '\n');
    t0 = performance.now();
    const result = (await db.runAndReadAll(compileSql(tickets([att]), { dialect: 'duckdb', source: { path } }))).getRowObjects();
    const ms = performance.now() - t0;
    expect(result.length).toBeGreaterThan(0);
    expect(ms).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
    console.log(`sql2 bounds: compile 25,000 days ${query.length} chars; 200,000 tickets ${Math.round(ms)} ms, rss +${Math.round((process.memoryUsage().rss - rss) / 1048576)} MB`);
  }, 60_000);
});

describe('--engine duckdb on the ticket-export example with calendar clocks', () => {
  it('prints sla check\'s JSON: priorities\' own targets, paused minutes, open tickets', async () => {
    const dir = join(tmp.dir, 'desk');
    mkdirSync(dir);
    // The example counts business hours, which sla sql refuses; on the calendar clock it compiles.
    writeFileSync(join(dir, 'sla.yaml'), readFileSync(example('ticket-export', 'sla.yaml'), 'utf8').replace(/clock: business/g, 'clock: calendar'));
    copyFileSync(example('ticket-export', 'tickets.csv'), join(dir, 'tickets.csv'));
    copyFileSync(example('ticket-export', 'bank-holidays-2026.ics'), join(dir, 'bank-holidays-2026.ics'));
    const plain = await runInProcess(['check', 'sla.yaml', 'tickets.csv', '--format', 'json'], { cwd: dir });
    const duck = await runInProcess(['check', 'sla.yaml', 'tickets.csv', '--engine', 'duckdb', '--format', 'json'], { cwd: dir });
    expect(duck.code, duck.stderr).toBe(plain.code);
    const a = comparable(plain.stdout), b = comparable(duck.stdout);
    expect(a.results.length).toBeGreaterThan(20);
    expect(b).toEqual(a);
    // As Parquet: typed columns (TIMESTAMP WITH TIME ZONE, an open ticket's end NULL, paused a number).
    await db.run(`COPY (SELECT * FROM read_csv('${join(dir, 'tickets.csv').replace(/'/g, "''")}', header = true)) TO '${join(dir, 'tickets.parquet').replace(/'/g, "''")}' (FORMAT parquet)`);
    const types = (await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${join(dir, 'tickets.parquet').replace(/'/g, "''")}')`)).getRowObjects();
    expect(types.find((t) => t['column_name'] === 'resolved_at')!['column_type']).toBe('TIMESTAMP WITH TIME ZONE');
    const parquet = await runInProcess(['check', 'sla.yaml', 'tickets.parquet', '--engine', 'duckdb', '--format', 'json'], { cwd: dir });
    expect(parquet.code, parquet.stderr).toBe(plain.code);
    expect(comparable(parquet.stdout)).toEqual(a);
  }, 60_000);

  it('and as it is, on the business clock with its holiday calendar file: the same JSON', async () => {
    const dir = join(example('ticket-export', 'sla.yaml'), '..');
    const plain = await runInProcess(['check', 'sla.yaml', 'tickets.csv', '--format', 'json'], { cwd: dir });
    const duck = await runInProcess(['check', 'sla.yaml', 'tickets.csv', '--engine', 'duckdb', '--format', 'json'], { cwd: dir });
    expect(duck.code, duck.stderr).toBe(plain.code);
    expect(comparable(plain.stdout).results).toHaveLength(24);
    expect(comparable(duck.stdout)).toEqual(comparable(plain.stdout));
    // The holiday file's days are in the query's calendar: Easter Monday 2026-04-06 has no window.
    const sql = await runInProcess(['sql', 'sla.yaml', '--source', 'tickets.csv'], { cwd: dir });
    expect(sql.code).toBe(0);
    const easter = Date.UTC(2026, 3, 6) / 86_400_000;
    expect(sql.stdout).toMatch(new RegExp(`\\(${easter}, ${easter * 86_400_000}, ${easter * 86_400_000}, \\d+\\)`));
  }, 60_000);
});
