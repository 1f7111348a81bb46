#!/usr/bin/env node
// Benchmark of `sla check --engine duckdb` (not run by npm test): node test/bench/sql.mjs [--rows N] [--runs N]
// The data and SLA of test/bench/check.mjs (long format, 11 KPIs, every aggregation, Europe/London);
// times, each in a fresh process and interleaved: the streaming `sla check` on the CSV,
// `--engine duckdb` on the same CSV, and `--engine duckdb` on a Parquet file of the same data
// (written by DuckDB with COPY). Median and range of wall time, median CPU time (user + system, the
// figure that compares on a shared machine), peak RSS, each case's ratio to the streaming check, and
// the load average before and after; checks that the three JSON results are identical.
// Run it at --rows 1000000 and --rows 10000000 to see whether memory stays flat (10M rows: ~570 MB
// of CSV in the system's temporary folder, removed afterwards). Needs a built dist/ (npm run build)
// and @duckdb/node-api installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed } from '../script-support.mjs';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const rows = Number(arg('--rows', 1_000_000));
const runs = Number(arg('--runs', 3));
const dir = mkdtempSync(join(tmpdir(), 'sla-bench-sql-'));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

try {
  const csv = join(dir, 'metrics.csv');
  const parquet = join(dir, 'metrics.parquet');
  const sla = join(dir, 'sla.yaml');
  const bench = join(root, 'test/bench/check.mjs');
  spawnSync(process.execPath, [bench, '--generate', csv, '--rows', String(rows)], { stdio: 'inherit' });
  writeFileSync(sla, spawnSync(process.execPath, [bench, '--sla'], { encoding: 'utf8' }).stdout);
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  // Typed columns, as a data lake holds them: the timestamp as TIMESTAMPTZ, numbers as DOUBLE.
  await con.run(`COPY (SELECT CAST("timestamp" AS TIMESTAMPTZ) AS "timestamp", metric, CAST(value AS DOUBLE) AS value, CAST(total AS DOUBLE) AS total, service, region FROM read_csv('${csv}', header = true, all_varchar = true)) TO '${parquet}' (FORMAT parquet)`);
  con.closeSync();
  db.closeSync();
  const size = (p) => `${(statSync(p).size / 1e6).toFixed(0)} MB`;
  process.stderr.write(`${rows.toLocaleString('en-US')} rows: CSV ${size(csv)}, Parquet ${size(parquet)} in ${dir}\n`);
  const cases = [
    { name: '`sla check` (streaming, CSV)', args: ['bin/sla.js', 'check', sla, csv, '--format', 'json'] },
    { name: '`sla check --engine duckdb` (CSV)', args: ['bin/sla.js', 'check', sla, csv, '--engine', 'duckdb', '--format', 'json'] },
    { name: '`sla check --engine duckdb` (Parquet)', args: ['bin/sla.js', 'check', sla, parquet, '--engine', 'duckdb', '--format', 'json'] },
  ];
  const load = () => loadavg().map((l) => l.toFixed(2)).join(', ');
  const loadBefore = load();
  const samples = cases.map(() => ({ times: [], cpu: [], rss: [], last: undefined }));
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of cases.entries()) {
      const run = await timed(c.args, root);
      if (run.code !== 0 && run.code !== 1) throw new Error(`${c.name} exited ${run.code}:\n${run.stderr}`);
      samples[k].times.push(run.ms);
      samples[k].cpu.push(run.cpuMs);
      samples[k].rss.push(run.maxRssMb);
      samples[k].last = run;
      process.stderr.write(`${c.name}: ${(run.ms / 1000).toFixed(2)} s, ${(run.cpuMs / 1000).toFixed(2)} CPU-s, ${run.maxRssMb.toFixed(0)} MB (load ${load()})\n`);
    }
  }
  const outputs = samples.map((s) => JSON.parse(s.last.stdout));
  const same = outputs.every((o) => JSON.stringify(o) === JSON.stringify(outputs[0]));
  console.log(`\n${rows.toLocaleString('en-US')} rows (CSV ${size(csv)}, Parquet ${size(parquet)}), 11 KPIs; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; ${runs} interleaved runs; load average ${loadBefore} before, ${load()} after\n`);
  console.log('| What | Median time | Range | Median CPU time | × streaming (time, CPU) | Peak RSS (range) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const base = samples[0];
  cases.forEach((c, k) => {
    const { times, cpu, rss } = samples[k];
    const ratio = `${(median(times) / median(base.times)).toFixed(2)}×, ${(median(cpu) / median(base.cpu)).toFixed(2)}×`;
    console.log(`| ${c.name} | ${(median(times) / 1000).toFixed(2)} s | ${(Math.min(...times) / 1000).toFixed(2)}–${(Math.max(...times) / 1000).toFixed(2)} s | ${(median(cpu) / 1000).toFixed(2)} s | ${ratio} | ${Math.min(...rss).toFixed(0)}–${Math.max(...rss).toFixed(0)} MB |`);
  });
  console.log(`\nThe three JSON results are ${same ? 'identical' : 'DIFFERENT'} (${outputs[0].results.length} results).`);
  if (!same) process.exitCode = 1;
  printResults([benchResult({ benchmark: 'check --engine duckdb / streaming check (CSV; no target)', ratio: median(samples[1].times) / median(samples[0].times), target: null, start: loadAtStart })]);
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
