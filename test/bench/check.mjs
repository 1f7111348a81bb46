#!/usr/bin/env node
// Benchmark of `sla check` (not run by npm test): node test/bench/check.mjs [--rows N] [--runs N] [--keep] [--no-parse] [--peer OTHER/bin/sla.js]
// Generates a long-format CSV (6 columns) and an SLA with 11 KPIs (every aggregation), then times,
// each in a fresh process: `sla check`, DuckDB computing the same aggregates over the same file, and
// a bare pass of the CSV parser. Reports the median wall time and the peak RSS of each process, and
// checks that sla and DuckDB agree on every value. Needs a built dist/ (npm run build).
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random, timed } from '../script-support.mjs';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const self = fileURLToPath(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const ZONE = 'Europe/London';

// The KPIs; `sql` is the same aggregate for DuckDB, over table t(p_day, p_week, p_month, p_quarter, metric, value, total, service).
const KPIS = [
  { id: 'availability', aggregate: 'ratio', metric: 'requests', column: 'value', denominator: 'total', period: 'month', unit: 'percent', op: '>=', target: 99.9, sql: 'sum(value) * 100 / sum(total)' },
  { id: 'latency-p95', aggregate: 'p95', metric: 'latency_ms', where: { service: 'checkout' }, period: 'month', unit: 'milliseconds', op: '<=', target: 450, sql: 'quantile_cont(value, 0.95)' },
  { id: 'latency-p99', aggregate: 'p99', metric: 'latency_ms', period: 'month', unit: 'milliseconds', op: '<=', target: 480, sql: 'quantile_cont(value, 0.99)' },
  { id: 'latency-p90', aggregate: 'p90', metric: 'latency_ms', period: 'quarter', unit: 'milliseconds', op: '<=', target: 400, sql: 'quantile_cont(value, 0.9)' },
  { id: 'latency-median', aggregate: 'median', metric: 'latency_ms', period: 'week', unit: 'milliseconds', op: '<=', target: 300, sql: 'median(value)' },
  { id: 'latency-mean', aggregate: 'mean', metric: 'latency_ms', period: 'month', unit: 'milliseconds', op: '<=', target: 300, sql: 'avg(value)' },
  { id: 'latency-max', aggregate: 'max', metric: 'latency_ms', period: 'day', unit: 'milliseconds', op: '<=', target: 2000, sql: 'max(value)' },
  { id: 'cpu-min', aggregate: 'min', metric: 'cpu_idle', period: 'day', unit: 'percent', op: '>=', target: 5, sql: 'min(value)' },
  { id: 'errors', aggregate: 'sum', metric: 'errors', period: 'week', unit: 'count', op: '<=', target: 2000, sql: 'sum(value)' },
  { id: 'incidents', aggregate: 'count', metric: 'incident', period: 'month', unit: 'count', op: '<=', target: 3, sql: 'count(*)' },
  { id: 'fast-requests', aggregate: 'attainment', metric: 'latency_ms', threshold: { op: '<=', value: 400 }, period: 'month', unit: 'percent', op: '>=', target: 95, sql: 'avg(CASE WHEN value <= 400 THEN 100.0 ELSE 0 END)' },
];

async function main() {
  const rows = Number(arg('--rows', 1_000_000));
  const runs = Number(arg('--runs', 5));
  const dir = mkdtempSync(join(tmpdir(), 'sla-bench-'));
  try {
    const csv = join(dir, 'metrics.csv');
    const sla = join(dir, 'sla.yaml');
    await generateCsv(csv, rows);
    writeFileSync(sla, slaYaml());
    const mb = statSync(csv).size / 1e6;
    process.stderr.write(`generated ${rows.toLocaleString('en-US')} rows (${mb.toFixed(1)} MB) in ${dir}\n`);

    const validate = await timed(['bin/sla.js', 'validate', sla], root);
    if (validate.code !== 0) throw new Error(`the benchmark SLA is invalid:\n${validate.stdout}${validate.stderr}`);

    const cases = [
      { name: '`sla check` (spawned, `--format json`)', args: ['bin/sla.js', 'check', sla, csv, '--format', 'json'], ok: [0, 1] },
      { name: 'DuckDB (`@duckdb/node-api`, same aggregates)', args: [self, '--duckdb', csv], ok: [0] },
      ...(process.argv.includes('--no-parse') ? [] : [{ name: 'bare papaparse pass (streamed, 64 KB chunks)', args: [self, '--parse', csv], ok: [0] }]),
      // --peer PATH: another build's bin/sla.js (e.g. the main branch's), timed in the same rounds.
      ...(arg('--peer') ? [{ name: `\`sla check\`, ${arg('--peer')}`, args: [arg('--peer'), 'check', sla, csv, '--format', 'json'], ok: [0, 1] }] : []),
    ];
    const loadStart = loadavg()[0];
    // Interleaved, so a burst of load on a shared machine hits every case alike.
    const samples = cases.map(() => ({ times: [], cpu: [], rss: [], last: undefined }));
    for (let i = 0; i < runs; i++) {
      for (const [k, c] of cases.entries()) {
        const run = await timed(c.args, root);
        if (!c.ok.includes(run.code)) throw new Error(`${c.name} exited ${run.code}:\n${run.stderr}`);
        samples[k].times.push(run.ms);
        samples[k].cpu.push(run.cpuMs);
        samples[k].rss.push(run.maxRssMb);
        samples[k].last = run;
      }
    }
    const results = cases.map((c, k) => {
      const { times, rss, last } = samples[k];
      process.stderr.write(`${c.name}: ${times.map((t) => (t / 1000).toFixed(2)).join(' ')} s; CPU ${samples[k].cpu.map((t) => (t / 1000).toFixed(2)).join(' ')} s\n`);
      return { ...c, median: median(times), min: Math.min(...times), cpu: median(samples[k].cpu), rss: Math.max(...rss), stdout: last.stdout };
    });
    const agreement = compare(JSON.parse(results[0].stdout), JSON.parse(results[1].stdout));
    const [sla0, duck] = results;
    console.log(`\n${rows.toLocaleString('en-US')} rows, ${mb.toFixed(0)} MB, ${KPIS.length} KPIs; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; median of ${runs} runs\n`);
    console.log(`load average (1 min): ${loadStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`);
    console.log('| What | Median time | Fastest | Median CPU time | Peak RSS |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    for (const r of results) console.log(`| ${r.name} | ${(r.median / 1000).toFixed(2)} s | ${(r.min / 1000).toFixed(2)} s | ${(r.cpu / 1000).toFixed(2)} s | ${r.rss.toFixed(0)} MB |`);
    const ratio = sla0.median / duck.median;
    console.log(`\nsla check / DuckDB: ${ratio.toFixed(2)}× by median, ${(sla0.min / duck.min).toFixed(2)}× by fastest run (target ≤ 1.5×) · peak RSS ${sla0.rss.toFixed(0)} MB (target < 300 MB) · ${agreement}`);
    const peer = results.find((r) => r.args[0] === arg('--peer'));
    if (peer) console.log(`sla check / peer: ${(sla0.median / peer.median).toFixed(2)}× by median; peer / DuckDB: ${(peer.median / duck.median).toFixed(2)}×`);
    if (process.argv.includes('--keep')) console.log(`files kept in ${dir}`);
    printResults([benchResult({ benchmark: 'sla check / DuckDB', ratio, target: 1.5, start: loadAtStart })]);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};


async function generateCsv(path, rows) {
  const rnd = random(42);
  const out = createWriteStream(path);
  const start = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2026, 6, 1) - start;
  let buf = 'timestamp,metric,value,total,service,region\n';
  for (let i = 0; i < rows; i++) {
    const ts = new Date(start + Math.floor((i / rows) * span)).toISOString().slice(0, 19) + 'Z';
    const service = rnd() < 0.5 ? 'checkout' : 'search';
    const region = rnd() < 0.7 ? 'eu-west-1' : 'us-east-1';
    const k = i % 20;
    let line;
    if (k < 6) {
      const total = 200 + Math.floor(rnd() * 800);
      line = `${ts},requests,${total - (rnd() < 0.02 ? Math.floor(rnd() * 20) : 0)},${total}`;
    } else if (k < 16) line = `${ts},latency_ms,${(80 + rnd() * rnd() * 500).toFixed(1)},`;
    else if (k < 18) line = `${ts},errors,${Math.floor(rnd() * 5)},`;
    else if (k < 19 || rnd() > 0.0005) line = `${ts},cpu_idle,${(rnd() * 90 + 5).toFixed(2)},`;
    else line = `${ts},incident,1,`;
    buf += `${line},${service},${region}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.on('close', r));
}

function slaYaml() {
  // The platform example supplies the parts check does not read; the metrics and consequences are the benchmark's.
  const base = readFileSync(join(root, 'examples/platform-api/sla.yaml'), 'utf8');
  // The example's signatures are of its own text, not of this one: left out, so validate has nothing to refuse.
  const head = base.slice(0, base.indexOf('\nmetrics:')).replace(/^timezone: .*$/m, `timezone: ${ZONE}`).replace(/\n  signatories:\n(    - .*\n)+/, '\n');
  const reporting = base.slice(base.indexOf('\nreporting:'), base.indexOf('\nconsequences:'));
  const metrics = KPIS.map((k) => {
    const measure = { aggregate: k.aggregate, metric: k.metric, ...(k.column && { column: k.column }), ...(k.denominator && { denominator: k.denominator }), ...(k.where && { where: k.where }), ...(k.threshold && { threshold: k.threshold }) };
    return `  - id: ${k.id}\n    name: ${k.id}\n    unit: ${k.unit}\n    objective: { op: "${k.op}", target: ${k.target} }\n    period: ${k.period}\n    measure: ${JSON.stringify(measure)}`;
  });
  return `${head}\nmetrics:\n${metrics.join('\n')}\n${reporting}\nconsequences:\n  - kpis: [${KPIS.map((k) => k.id).join(', ')}]\n    remedy: Review.\n    escalation: [Owner]\n    credits: [{ below: 99.9, credit: 10 }]\n`;
}

/**
 * DuckDB as a data person would use it: load the CSV once into a table with the local time, then a
 * grouped query per KPI (the period is formatted only for the rows each query reads). Of the
 * variants tried this was the fastest: formatting all four periods while loading cost ~1 s more.
 */
async function duckdbChild(csv) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:');
  const con = await db.connect();
  await con.run(`SET TimeZone = '${ZONE}'`);
  await con.run(`CREATE TABLE t AS SELECT timezone('${ZONE}', CAST("timestamp" AS TIMESTAMPTZ)) AS lt, metric, value, total, service
    FROM read_csv('${csv.replace(/'/g, "''")}', header = true, columns = {'timestamp': 'VARCHAR', 'metric': 'VARCHAR', 'value': 'DOUBLE', 'total': 'DOUBLE', 'service': 'VARCHAR', 'region': 'VARCHAR'})`);
  const periods = { day: "strftime(lt, '%Y-%m-%d')", week: "strftime(lt, '%G-W%V')", month: "strftime(lt, '%Y-%m')", quarter: "strftime(lt, '%Y') || '-Q' || quarter(lt)" };
  const results = [];
  for (const k of KPIS) {
    const where = [`metric = '${k.metric}'`, ...Object.entries(k.where ?? {}).map(([c, v]) => `${c} = '${v}'`)].join(' AND ');
    const reader = await con.runAndReadAll(`SELECT ${periods[k.period]} AS period, ${k.sql} AS actual, count(*) AS samples FROM t WHERE ${where} GROUP BY 1 ORDER BY 1`);
    for (const [period, actual, samples] of reader.getRows()) results.push({ kpi: k.id, period, actual: Number(actual), samples: Number(samples) });
  }
  process.stdout.write(JSON.stringify({ results }));
}

/** The parser alone: every row of the file through papaparse, nothing done with it. */
async function parseChild(csv) {
  const Papa = (await import('papaparse')).default;
  let rows = 0;
  await new Promise((resolve, reject) => Papa.parse(createReadStream(csv, { encoding: 'utf8', highWaterMark: 1 << 16 }), { step: () => rows++, complete: resolve, error: reject }));
  process.stdout.write(JSON.stringify({ rows }));
}

/** Every value DuckDB computed must match sla's (to 1e-9 relative). */
function compare(sla, duck) {
  let checked = 0;
  for (const d of duck.results) {
    const s = sla.results.find((r) => r.kpi === d.kpi && r.period === d.period);
    if (!s || s.samples !== d.samples || Math.abs(s.actual - d.actual) > 1e-9 * Math.max(1, Math.abs(d.actual))) {
      return `MISMATCH at ${d.kpi} ${d.period}: sla ${s ? `${s.actual} (${s.samples})` : 'none'}, DuckDB ${d.actual} (${d.samples})`;
    }
    checked++;
  }
  return `sla and DuckDB agree on all ${checked} KPI × period values`;
}

if (process.argv[2] === '--duckdb') await duckdbChild(process.argv[3]);
else if (process.argv[2] === '--parse') await parseChild(process.argv[3]);
// The benchmark's CSV alone, for test/bench/csv-readers.mjs.
else if (process.argv[2] === '--generate') await generateCsv(process.argv[3], Number(arg('--rows', 1_000_000)));
// The benchmark's SLA alone, for test/bench/sql.mjs.
else if (process.argv[2] === '--sla') process.stdout.write(slaYaml());
else await main();
