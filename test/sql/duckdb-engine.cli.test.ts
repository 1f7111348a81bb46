// `sla check --engine duckdb` through the spawned bin/sla (the bundle, its separate DuckDB chunk and
// the native package as a user runs them) on a Parquet file DuckDB writes here: the same JSON and exit
// code as the streaming check of the CSV it was made from, within time and memory.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, measureSla, repoRoot, runInProcess, tempDir } from '../helpers.js';

const sla = example('platform-api', 'sla.yaml');
const metrics = example('platform-api', 'metrics.csv');
const tmp = tempDir('sla-duckdb-cli-');
const parquet = join(tmp.dir, 'metrics.parquet');
const quote = (path: string) => `'${path.replace(/'/g, "''")}'`;

beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  const db = await instance.connect();
  // Typed columns, as a data lake holds them: the instant as TIMESTAMPTZ, the numbers as DOUBLE.
  await db.run(`COPY (SELECT CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp", metric, CAST(value AS DOUBLE) AS value, service,
    CAST(good AS DOUBLE) AS good, CAST(total AS DOUBLE) AS total, priority
    FROM read_csv(${quote(metrics)}, header = true, all_varchar = true)) TO ${quote(parquet)} (FORMAT parquet)`);
  db.closeSync();
  instance.closeSync();
});
afterAll(() => tmp.cleanup());

describe('--engine duckdb on Parquet, end to end through bin/sla', () => {
  it('gives the streaming check\'s JSON and exit code for the CSV the Parquet file was written from', async () => {
    // A real Parquet file (magic PAR1 at both ends), not a CSV under another name.
    const bytes = readFileSync(parquet);
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('PAR1');
    expect(bytes.subarray(-4).toString('latin1')).toBe('PAR1');

    const plain = await measureSla(['check', sla, metrics, '--format', 'json']);
    const duck = await measureSla(['check', sla, parquet, '--engine', 'duckdb', '--format', 'json']);
    expect(duck.stderr).toBe('');
    expect(plain.code).toBe(1); // the example breaches in March
    expect(duck.code).toBe(plain.code);
    const a = JSON.parse(plain.stdout);
    const b = JSON.parse(duck.stdout);
    // Every KPI and period, with its actual, samples, verdict, consequences and credits.
    expect(b.results).toHaveLength(20);
    expect(b.credits.length).toBeGreaterThan(0);
    expect(b).toEqual(a);
    // The example (13,040 rows): DuckDB's start-up and working set; bounds for 2 cores shared with others.
    expect(duck.wallMs).toBeLessThan(20_000);
    expect(duck.maxRssMb).toBeLessThan(300);
  }, 60_000);

  it('a Parquet file without a column a KPI needs: one line naming the file, the KPI and the column, exit 2', async () => {
    const partial = join(tmp.dir, 'partial.parquet');
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const db = await instance.connect();
    await db.run(`COPY (SELECT "timestamp", metric, value, service FROM read_parquet(${quote(parquet)})) TO ${quote(partial)} (FORMAT parquet)`);
    db.closeSync();
    instance.closeSync();
    const r = await measureSla(['check', sla, partial, '--engine', 'duckdb']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sla: .*partial\.parquet: KPI "[a-z-]+" needs the column "(good|total|priority)", which the data does not have \(columns: timestamp, metric, value, service\)\n$/);
  }, 60_000);
});

describe('DuckDB\'s memory limit (512MB, or SLA_DUCKDB_MEMORY_LIMIT)', () => {
  it('1,000,000 rows of the benchmark\'s data as Parquet, 11 KPIs: the streaming check\'s JSON, within time and memory', async () => {
    const bench = join(repoRoot, 'test/bench/check.mjs');
    const csv = join(tmp.dir, 'bench.csv');
    const data = join(tmp.dir, 'bench.parquet');
    const benchSla = join(tmp.dir, 'bench.yaml');
    expect(spawnSync(process.execPath, [bench, '--generate', csv, '--rows', '1000000']).status).toBe(0);
    writeFileSync(benchSla, spawnSync(process.execPath, [bench, '--sla'], { encoding: 'utf8' }).stdout);
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const db = await instance.connect();
    await db.run(`COPY (SELECT CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp", metric, CAST(value AS DOUBLE) AS value, CAST(total AS DOUBLE) AS total, service, region
      FROM read_csv(${quote(csv)}, header = true, all_varchar = true)) TO ${quote(data)} (FORMAT parquet)`);
    db.closeSync();
    instance.closeSync();
    const duck = await measureSla(['check', benchSla, data, '--engine', 'duckdb', '--format', 'json']);
    expect(duck.stderr).toBe('');
    const plain = await measureSla(['check', benchSla, csv, '--format', 'json']);
    expect(duck.code).toBe(plain.code);
    expect(JSON.parse(duck.stdout)).toEqual(JSON.parse(plain.stdout));
    // ~3 CPU-s and ~400 MB on an idle machine (docs/sql.md); bounds for 2 cores shared with others.
    expect(duck.wallMs).toBeLessThan(60_000);
    expect(duck.maxRssMb).toBeLessThan(700);
  }, 180_000);

  it('past the limit: one line that names the limit and the variable to raise, exit 2', async () => {
    const r = await measureSla(['check', sla, parquet, '--engine', 'duckdb'], { env: { SLA_DUCKDB_MEMORY_LIMIT: '1MB' } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^sla: .*metrics\.parquet: DuckDB ran out of memory within its limit of 1MB \(Out of Memory Error: [^\n]*\); set SLA_DUCKDB_MEMORY_LIMIT higher, such as 4GB, or check the file without --engine\n$/);
  }, 60_000);

  it('a value that is not a size is refused before DuckDB loads', async () => {
    // The first through bin/sla (the variable from a real environment), the rest in this process through main.
    for (const [i, bad] of ['lots', '0MB', '512 MB', '1TB'].entries()) {
      const args = ['check', sla, parquet, '--engine', 'duckdb'];
      const env = { SLA_DUCKDB_MEMORY_LIMIT: bad };
      const r = i === 0 ? await measureSla(args, { env }) : await runInProcess(args, { env });
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toBe(`sla: SLA_DUCKDB_MEMORY_LIMIT: "${bad}" is not a memory size: give megabytes or gigabytes such as 512MB or 4GB, or unset it for 512MB\n`);
    }
  }, 60_000);
});
