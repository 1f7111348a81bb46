#!/usr/bin/env node
// Benchmark of business-hours clocks in `sla check` (not run by npm test):
//   node test/bench/business-hours.mjs [--rows N] [--runs N] [--keep]
// Generates a ticket export (one row per ticket: priority, opened_at, first_response_at, resolved_at,
// paused_minutes, and the same durations precomputed as plain numbers, response_minutes and
// resolution_minutes), then times, each as a fresh process and interleaved, `sla check` of the same
// file against two SLAs with the same nine KPIs: one computing every duration on the business clock
// of scope.coverage (Mon–Fri 09:00–17:00 Europe/London, bank holidays, DST), one reading the numeric
// columns. Reports medians and peak RSS, and checks that both give the same value for every KPI and
// period (the generator counts business time independently). Needs a built dist/ (npm run build).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { londonBusinessClock, londonOffset, random, timed } from '../script-support.mjs';
import { benchResult, loadNow, printResults } from './verdict.mjs';

const start = loadNow();
// Issue 19: the business clock costs at most 1.3× the numeric columns (median wall time).
const TARGET = 1.3;

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

const MIN = 60_000;
const HOUR = 60 * MIN;
const HOLIDAYS = ['2026-01-01', '2026-04-03', '2026-04-06', '2026-05-04', '2026-05-25'];
const addBusiness = londonBusinessClock(new Set(HOLIDAYS));
const offset = londonOffset;
const PRIORITIES = { P1: ['15m', '4 business hours', 15, 240], P2: ['1 business hour', '1 business day', 60, 480], P3: ['2 business hours', '3 business days', 120, 1440], P4: ['4 business hours', '5 business days', 240, 2400] };

/** Local time with its offset, as ticketing tools export it: 2026-03-30T10:12:00+01:00. */
const localIso = (ms) => new Date(ms + offset(ms)).toISOString().slice(0, 19) + (offset(ms) ? '+01:00' : '+00:00');

async function generateCsv(path, rows) {
  const rnd = random(7);
  const out = createWriteStream(path);
  const start = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2026, 5, 30) - start;
  const names = Object.keys(PRIORITIES);
  let buf = 'ticket,priority,opened_at,first_response_at,resolved_at,paused_minutes,response_minutes,resolution_minutes\n';
  for (let i = 0; i < rows; i++) {
    const opened = start + Math.floor((i / rows) * span / MIN) * MIN;
    const priority = names[Math.floor(rnd() * 4)];
    const [, , response, resolution] = PRIORITIES[priority];
    const respond = Math.round(rnd() * response * 1.15);
    const resolve = Math.max(respond, Math.round(rnd() * resolution * 1.2));
    const paused = rnd() < 0.2 ? Math.round(rnd() * 120) : 0;
    // Every ticket is closed: an open one counts on the clock side by the time it has run, which a
    // numeric column cannot say, and the two sides must agree value for value.
    const open = false;
    buf += `T${i},${priority},${localIso(opened)},${localIso(addBusiness(opened, respond))},${open ? '' : localIso(addBusiness(opened, resolve + paused))},${paused || ''},${respond},${open ? '' : resolve}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await new Promise((r) => out.once('drain', r));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise((r) => out.on('close', r));
}

/** Nine KPIs, as business-hours clocks or as plain numeric columns. */
function slaYaml(clock) {
  const base = readFileSync(join(root, 'examples/ticket-export/sla.yaml'), 'utf8');
  const head = base.slice(0, base.indexOf('\nmetrics:'))
    .replace('    holidayCalendar: bank-holidays-2026.ics', `    holidays: [${HOLIDAYS.map((d) => `{ date: ${d} }`).join(', ')}]`);
  const reporting = base.slice(base.indexOf('\nreporting:'), base.indexOf('\nconsequences:'));
  const kpis = [];
  for (const [p, [, , response, resolution]] of Object.entries(PRIORITIES)) {
    for (const [what, limit] of [['response', response], ['resolution', resolution]]) {
      const measure = clock
        ? `{ aggregate: attainment, duration: { from: opened_at, to: ${what === 'response' ? 'first_response_at' : 'resolved_at'}, clock: business${what === 'resolution' ? ', paused: paused_minutes' : ''} }, threshold: { op: "<=", target: ${what} }, where: { priority: ${p} } }`
        : `{ aggregate: attainment, column: ${what}_minutes, threshold: { op: "<=", value: ${limit} }, where: { priority: ${p} }, timestamp: opened_at }`;
      kpis.push(`  - id: ${p.toLowerCase()}-${what}\n    name: ${p} ${what}\n    unit: percent\n    objective: { op: ">=", target: 80 }\n    period: month\n    measure: ${measure}`);
    }
  }
  const p90 = clock ? '{ aggregate: p90, duration: { from: opened_at, to: resolved_at, clock: business, paused: paused_minutes } }' : '{ aggregate: p90, column: resolution_minutes, timestamp: opened_at }';
  kpis.push(`  - id: resolution-p90\n    name: p90\n    unit: minutes\n    objective: { op: "<=", target: 1500 }\n    period: month\n    measure: ${p90}`);
  return `${head}\nmetrics:\n${kpis.join('\n')}\n${reporting}\nconsequences:\n  - kpis: [${kpis.map((k) => /id: (\S+)/.exec(k)[1]).join(', ')}]\n    remedy: Review.\n    escalation: [Owner]\n`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = Number(arg('--rows', '1000000'));
const runs = Number(arg('--runs', '5'));
const dir = mkdtempSync(join(tmpdir(), 'sla-bench-clock-'));
try {
  const csv = join(dir, 'tickets.csv');
  await generateCsv(csv, rows);
  writeFileSync(join(dir, 'clock.yaml'), slaYaml(true));
  writeFileSync(join(dir, 'numeric.yaml'), slaYaml(false));
  const mb = statSync(csv).size / 1048576;
  const bin = join(root, 'bin', 'sla.js');
  const cases = [
    { name: 'business-hours clocks (durations from timestamps)', args: [bin, 'check', join(dir, 'clock.yaml'), csv, '--format', 'json'] },
    { name: 'plain numeric columns (same rows, same KPIs)', args: [bin, 'check', join(dir, 'numeric.yaml'), csv, '--format', 'json'] },
  ];
  const samples = cases.map(() => ({ times: [], cpu: [], rss: [], last: undefined }));
  for (let i = 0; i < runs; i++) {
    for (const [k, c] of cases.entries()) {
      const run = await timed(c.args, root);
      if (run.code !== 0 && run.code !== 1) throw new Error(`${c.name} exited ${run.code}:\n${run.stderr}`);
      samples[k].times.push(run.ms);
      samples[k].cpu.push(run.cpuMs);
      samples[k].rss.push(run.maxRssMb);
      samples[k].last = run;
    }
  }
  const results = cases.map((c, k) => {
    process.stderr.write(`${c.name}: ${samples[k].times.map((t) => (t / 1000).toFixed(2)).join(' ')} s\n`);
    return { ...c, median: median(samples[k].times), min: Math.min(...samples[k].times), max: Math.max(...samples[k].times), cpu: median(samples[k].cpu), rss: Math.max(...samples[k].rss), out: JSON.parse(samples[k].last.stdout) };
  });
  // Same rows, same KPIs: every value must match.
  const [a, b] = results;
  let agree = 0;
  const mismatches = [];
  for (const r of a.out.results) {
    const s = b.out.results.find((x) => x.kpi === r.kpi && x.period === r.period);
    if (s && Math.abs(s.actual - r.actual) <= 1e-9 * Math.max(1, Math.abs(r.actual))) agree++;
    else mismatches.push(`${r.kpi} ${r.period}: clock ${r.actual} (${r.samples}), numeric ${s?.actual} (${s?.samples})`);
  }
  console.log(`\n${rows.toLocaleString('en-US')} ticket rows, ${mb.toFixed(0)} MB, 9 KPIs; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; median of ${runs} interleaved runs\n`);
  const s = (ms) => (ms / 1000).toFixed(2);
  console.log('| What | Median time | Range | Median CPU time | Peak RSS |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${s(r.median)} s | ${s(r.min)}–${s(r.max)} s | ${s(r.cpu)} s | ${r.rss.toFixed(0)} MB |`);
  console.log(`\nclocks / numeric columns: ${(a.median / b.median).toFixed(2)}× by median, ${(a.min / b.min).toFixed(2)}× by fastest run, ${(a.cpu / b.cpu).toFixed(2)}× by median CPU time (target ≤ ${TARGET}×) · values agree on ${agree} of ${a.out.results.length} KPI × period results${mismatches.length ? `; MISMATCHES:\n  ${mismatches.slice(0, 10).join('\n  ')}` : ''}`);
  if (process.argv.includes('--keep')) console.log(`files kept in ${dir}`);
  if (mismatches.length) process.exitCode = 1;
  printResults([benchResult({ benchmark: 'business-hours clocks / numeric columns (check)', ratio: a.median / b.median, target: TARGET, start })]);
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
}
