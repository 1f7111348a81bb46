import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AggregatesChecker, AGGREGATE_COLUMNS } from '../../src/core/check/aggregates.js';
import type { Sla } from '../../src/core/model.js';
import { compileSql, SqlCompileError } from '../../src/core/sql/compile.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { check, kpi, makeSla } from '../check/fixtures.js';

// sla sql → engine → sla check --aggregates, and --engine duckdb, against sla check on the same data.
const sla = example('platform-api', 'sla.yaml');
const metrics = example('platform-api', 'metrics.csv');
const tmp = tempDir('sla-sql-cli-');
let instance: DuckDBInstance;
let db: DuckDBConnection;
beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  db = await instance.connect();
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  tmp.cleanup();
});

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
