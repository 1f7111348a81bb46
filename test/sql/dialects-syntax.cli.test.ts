import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sla } from '../../src/core/model.js';
import { compileSql, type Dialect } from '../../src/core/sql/compile.js';
import { kpi, makeSla } from '../check/fixtures.js';
import { metricsScenario, ticketScenario } from './property-cases.js';

// --dialect trino, bigquery and spark are syntax-checked here, not executed (no Trino, BigQuery or
// Spark on this machine; pyspark is on PyPI, which CI cannot reach): the queries for random
// agreements of the property tests are parsed by sqlglot (Debian's python3-sqlglot 10.6) in the
// matching read dialect with error level RAISE and written back, and every function sqlglot does not
// know itself is one the engine documents (the allow-lists below, checked by hand against each
// engine's function reference). Semantics are the PostgreSQL and DuckDB tests' (same query shape).

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./sqlglot_parse.py', import.meta.url));
// sqlglot takes 1-4 s per query (the offset CASE trees and calendar tables), 10-20 s under load: 2 metrics
// agreements and 1 of each ticket clock per dialect by default, SLA_SQL_RUNS=N for N/5 metrics and N/10
// of each (npm test's SLA_SQL_RUNS=20, meant for the executed DuckDB and PostgreSQL properties at ~0.4 s
// a query, made 120 parses here, 80 CPU-seconds: a fifth keeps 8 queries per dialect).
const runs = process.env.SLA_SQL_RUNS ? Math.max(2, Math.round(Number(process.env.SLA_SQL_RUNS) / 5)) : 2;
const hasSqlglot = spawnSync(PYTHON, ['-c', 'import sqlglot'], { stdio: 'ignore' }).status === 0;
const skip = !hasSqlglot && process.env.CI !== 'true';
if (skip) console.warn('skipped: the trino, bigquery and spark syntax checks need sqlglot (Debian: apt-get install python3-sqlglot)');

/** Functions each engine has that sqlglot 10.6 parses as unknown (Anonymous), from the engines' references. */
const KNOWN: Record<'trino' | 'bigquery' | 'spark', string[]> = {
  trino: ['fail', 'from_iso8601_timestamp', 'nullif', 'sequence'],
  bigquery: ['date_from_unix_date', 'error', 'generate_array', 'nullif', 'safe_cast', 'timestamp', 'unix_millis'],
  spark: ['nullif', 'raise_error', 'sequence', 'unix_millis'],
};

function parse(dialect: string, queries: string[], details = false): Promise<{ error: string | null; functions: string[]; strings?: string[]; identifiers?: string[] }[]> {
  return new Promise((resolve, reject) => {
    const py = spawn(PYTHON, [SCRIPT, dialect, ...(details ? ['details'] : [])], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '', err = '';
    py.stdout.on('data', (d: Buffer) => (out += d.toString()));
    py.stderr.on('data', (d: Buffer) => (err += d.toString()));
    py.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`sqlglot_parse.py exited with ${code}: ${err}`))));
    py.stdin.end(JSON.stringify(queries));
  });
}

const scenarios = () => [
  ...fc.sample(metricsScenario, { numRuns: runs }),
  ...fc.sample(ticketScenario('calendar'), { numRuns: Math.ceil(runs / 2) }),
  ...fc.sample(ticketScenario('business'), { numRuns: Math.ceil(runs / 2) }),
];

// The three dialects at once: each is one python3 process, and the file is among the longest.
describe.skipIf(skip).concurrent('sla sql --dialect trino, bigquery, spark: parsed by sqlglot', () => {
  for (const dialect of ['trino', 'bigquery', 'spark'] as const) {
    it(`${dialect}: random agreements' queries parse and use only functions ${dialect} has`, async () => {
      if (!hasSqlglot) throw new Error('CI=true but python3-sqlglot is missing: .ci/run installs it');
      const cases = scenarios();
      const queries = cases.map((s) => compileSql(s.sla, { dialect, source: { table: 'analytics.metrics' }, ...s.range }));
      const results = await parse(dialect, queries);
      results.forEach((r, i) => {
        expect(r.error, `${dialect}, ${cases[i]!.family} case ${i}`).toBeNull();
        expect(r.functions.filter((f) => !KNOWN[dialect].includes(f)), `${dialect}: functions sqlglot does not know`).toEqual([]);
      });
    }, 300_000);
  }

  it('names and values with quotes, backquotes and backslashes reach each parser as written', async () => {
    const value = "o'brien\\'; DROP TABLE x; --";
    // sqlglot 10.6 reads neither "" nor a backslash inside a "quoted" identifier (Trino, like standard
    // SQL, takes "" there, which the executed DuckDB and PostgreSQL tests cover), nor BigQuery's \` or Spark's `` in a
    // `quoted` one (both documented by the engines): those names have none.
    const names = { trino: "lat `p95` ms'", bigquery: 'lat "p95" ms\'', spark: 'lat "p95" ms\' \\' };
    const tables = { trino: 'we`ird t', bigquery: 'we"ird t', spark: 'we"ird t' };
    for (const dialect of ['trino', 'bigquery', 'spark'] as const) {
      const column = names[dialect];
      const sla = { ...makeSla([kpi('k', { aggregate: 'mean', metric: undefined, column, where: { service: value } }, { op: '<=', target: 1 })], [], 'UTC'), effective: '2026-01-01', term: '1 month' } as Sla;
      const table = tables[dialect];
      const [r] = await parse(dialect, [compileSql(sla, { dialect, source: { table } })], true);
      expect(r!.error, dialect).toBeNull();
      expect(r!.strings, dialect).toContain(value);
      expect(r!.identifiers, dialect).toEqual(expect.arrayContaining([column, table]));
    }
  }, 120_000);

  it('and refuse a malformed query, so the check can fail', async () => {
    const [bad] = await parse('trino', ['SELECT kpi, FROM WHERE (']);
    expect(bad!.error).toMatch(/Expect|Invalid|Required/);
  }, 60_000);
});

// Hand-checked: the forms each engine needs, and none of DuckDB's.
describe('what each dialect writes', () => {
  const sla = { ...makeSla([
    kpi('p95', { aggregate: 'p95', where: { service: "o'brien\\x" } }, { op: '<=', target: 300 }),
    kpi('resp', { aggregate: 'attainment', metric: undefined, duration: { from: 'opened', to: 'responded', clock: 'calendar' }, threshold: { op: '<=', target: 'response' } } as never, { op: '>=', target: 95 }),
  ], [], 'Europe/Berlin'), effective: '2026-01-01', term: '3 months', expectations: { priorities: [{ id: 'P1', name: 'Critical', response: '15m', resolution: '4h' }] } } as unknown as Sla;
  const q = (dialect: Dialect) => compileSql(sla, { dialect, source: { table: 'lake.metrics' } });
  const DUCKDB_ONLY = [/epoch_ms\(/, /regexp_matches\(/, /\blist\(/, /unnest\(range/, /\berror\(/, /read_csv/];

  it('trino: fail, from_iso8601_timestamp, the exact two-pass percentile, no approx_percentile', () => {
    const t = q('trino');
    for (const re of DUCKDB_ONLY) expect(t).not.toMatch(re);
    expect(t).toContain('from_iso8601_timestamp(');
    expect(t).toContain('row_number() OVER (PARTITION BY period ORDER BY v)');
    expect(t).toMatch(/^-- Percentiles are exact .*Trino's approx_percentile is approximate and is not used\.$/m);
    expect(t).not.toMatch(/approx_percentile\(/);
    expect(t).toContain(`'o''brien\\x'`);
    expect(t).toContain('FROM "lake"."metrics"');
  });

  it('bigquery: backquoted names, escaped literals, FLOAT64, structs for the constant tables', () => {
    const b = q('bigquery');
    for (const re of DUCKDB_ONLY) expect(b).not.toMatch(re);
    expect(b).toContain('FROM `lake`.`metrics`');
    expect(b).toContain(`'o\\'brien\\\\x'`);
    // (Double quotes remain only inside the messages' string literals, such as KPI "resp".)
    expect(b).not.toMatch(/\bVALUES\b|\bDOUBLE\b|\bVARCHAR\b|(AS |CAST\()"(end|value|opened|metric|service)"/);
    expect(b).toContain('UNNEST([STRUCT(');
    expect(b).toContain('ERROR(');
  });

  it('spark: backquoted names, raise_error, explode(sequence(...)) for the days', () => {
    const s = q('spark');
    for (const re of DUCKDB_ONLY) expect(s).not.toMatch(re);
    expect(s).toContain('FROM `lake`.`metrics`');
    expect(s).toContain('raise_error(');
    expect(s).toContain('explode(sequence(');
    expect(s).not.toMatch(/(AS |CAST\()"(end|value|opened|metric|service)"/);
    expect(s).toContain('AS `end`');
    expect(s).not.toMatch(/percentile_approx\(/);
  });

  it('postgres: percentile_cont, a fenced data scan, no DuckDB function', () => {
    const p = q('postgres');
    for (const re of DUCKDB_ONLY) expect(p).not.toMatch(re);
    expect(p).toContain('percentile_cont(CAST(\'0.95\' AS DOUBLE PRECISION)) WITHIN GROUP (ORDER BY v)');
    expect(p).toContain(' OFFSET 0) AS s0a');
  });

  it('--source is DuckDB\'s only: the others name --table', () => {
    for (const dialect of ['postgres', 'trino', 'bigquery', 'spark'] as const) {
      expect(() => compileSql(sla, { dialect, source: { path: 'm.parquet' } })).toThrow(`--source reads a file through DuckDB only; for --dialect ${dialect} load the data into a table or view (every column as text, or typed) and give its name as --table NAME`);
    }
  });

  it('at the limit (25,000 daily periods, a DST zone, a business calendar table): every dialect within time, size and memory', () => {
    const d = { from: 'opened', to: 'responded', clock: 'business' };
    const long = { ...makeSla([kpi('resp', { aggregate: 'p95', metric: undefined, duration: d } as never, { op: '<=', target: 60 }, { period: 'day' })], [], 'Europe/Berlin'),
      effective: '2000-01-01', term: '100 years', scope: { coverage: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } } } as unknown as Sla;
    for (const dialect of ['postgres', 'trino', 'bigquery', 'spark'] as const) {
      const rss = process.memoryUsage().rss;
      const t0 = performance.now();
      const query = compileSql(long, { dialect, source: { table: 't' }, from: '2000-01-01', to: '2068-06-11' });
      const ms = performance.now() - t0;
      const grew = (process.memoryUsage().rss - rss) / 2 ** 20;
      console.log(`dialects bounds: ${dialect} 25,000-day business query ${query.length} chars in ${Math.round(ms)} ms, rss +${Math.round(grew)} MB`);
      expect(ms, dialect).toBeLessThan(10_000);
      expect(grew, dialect).toBeLessThan(300);
      // BigQuery names every field of every calendar row (STRUCT(... AS day, ...)): the largest.
      expect(query.length, dialect).toBeLessThan(dialect === 'bigquery' ? 9_000_000 : 6_000_000);
    }
  });
});
