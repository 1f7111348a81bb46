#!/usr/bin/env node
// Benchmark of ticket-export timestamps in `sla check` (not run by npm test):
//   node test/bench/exports.mjs [--rows N] [--runs N] [--keep]
// Writes the same tickets (priority, opened, resolved; 1,000,000 by default) twice: as sla's own CSV
// (ISO 8601 local times, priority ids) and as a Jira export (Created/Resolved as dd/MMM/yy h:mm a,
// Priority as Highest/High/Medium/Low, read with --source jira). Times `sla check` of each, each in a
// fresh process and interleaved, against SLAs with the same KPIs, and checks both give the same value
// for every KPI and period. Budget: the Jira file ≤ 1.3× the ISO file. Needs a built dist/.
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { random, timed } from '../script-support.mjs';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JIRA_NAMES = { P1: 'Highest', P2: 'High', P3: 'Medium', P4: 'Low' };
const pad = (n) => String(n).padStart(2, '0');
// Wall-clock times are generated as local times directly (ms as if UTC), so both files hold the same text.
const iso = (ms) => new Date(ms).toISOString().slice(0, 16);
const jira = (ms) => {
  const d = new Date(ms);
  const h = d.getUTCHours();
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${pad(d.getUTCFullYear() % 100)} ${h % 12 === 0 ? 12 : h % 12}:${pad(d.getUTCMinutes())} ${h < 12 ? 'AM' : 'PM'}`;
};

// London's clocks skip 01:00-02:00 on 29 March 2026: no ticket has a wall-clock time in that hour.
const GAP = Date.UTC(2026, 2, 29, 1);
const real = (ms) => (ms >= GAP && ms < GAP + 3_600_000 ? ms + 3_600_000 : ms);

async function generate(isoPath, jiraPath, rows) {
  const rnd = random(17);
  const a = createWriteStream(isoPath);
  const b = createWriteStream(jiraPath);
  const start = Date.UTC(2026, 0, 1);
  const span = Date.UTC(2026, 11, 1) - start;
  let bufA = 'key,priority,opened_at,resolved_at\n';
  let bufB = 'Issue key,Priority,Created,Resolved\n';
  for (let i = 0; i < rows; i++) {
    // Whole minutes of wall-clock time.
    const opened = real(start + Math.floor((i / rows) * span / 60_000) * 60_000);
    const p = `P${1 + Math.floor(rnd() * 4)}`;
    const resolved = rnd() < 0.02 ? '' : real(opened + Math.floor(rnd() * 48 * 60) * 60_000);
    bufA += `HD-${i},${p},${iso(opened)},${resolved === '' ? '' : iso(resolved)}\n`;
    bufB += `HD-${i},${JIRA_NAMES[p]},${jira(opened)},${resolved === '' ? '' : jira(resolved)}\n`;
    if (bufA.length > 1 << 16) {
      if (!a.write(bufA)) await new Promise((r) => a.once('drain', r));
      if (!b.write(bufB)) await new Promise((r) => b.once('drain', r));
      bufA = bufB = '';
    }
  }
  a.end(bufA);
  b.end(bufB);
  await Promise.all([new Promise((r) => a.on('close', r)), new Promise((r) => b.on('close', r))]);
}

function slaYaml(data) {
  const kpi = (id, measure, unit = 'percent', op = '>=', target = 90) => `  - id: ${id}\n    name: ${id}\n    unit: ${unit}\n    objective: { op: "${op}", target: ${target} }\n    period: month\n    measure: ${measure}\n`;
  const dur = '{ from: opened_at, to: resolved_at, clock: calendar }';
  return `sla: 1
id: bench-exports
title: Ticket export benchmark
version: "1.0"
status: active
effective: 2026-01-01
expires: 2026-12-31
timezone: Europe/London
parties:
  provider: { id: desk, name: Service desk, contact: desk@example.com, representative: Pat }
  recipients: [{ id: staff, name: Staff, contact: staff@example.com, representative: Rory }]
scope:
  summary: Tickets.
  services: [{ id: desk, name: Desk }]
  included: [Tickets]
  excluded: [Nothing]
  coverage: { days: [mon, tue, wed, thu, fri], from: "09:00", to: "17:00" }
expectations:
  provider: [Answer]
  recipient: [Ask]
  priorities:
    - { id: P1, name: Critical, response: 1h, resolution: 4h }
    - { id: P2, name: High, response: 2h, resolution: 8h }
    - { id: P3, name: Normal, response: 4h, resolution: 24h }
    - { id: P4, name: Low, response: 8h, resolution: 48h }
metrics:
${kpi('resolution', `{ aggregate: attainment, duration: ${dur}, threshold: { op: "<=", target: resolution } }`)}${kpi('p1-resolution', `{ aggregate: attainment, duration: ${dur}, threshold: { op: "<=", target: resolution }, where: { priority: P1 } }`)}${kpi('resolution-p90', `{ aggregate: p90, duration: ${dur} }`, 'hours', '<=', 48)}${kpi('p1-count', '{ aggregate: count, timestamp: opened_at, where: { priority: P1 } }', 'count', '<=', 1000000)}reporting:
  reports: [{ name: Monthly, frequency: monthly, audience: [Staff] }]
  review: { frequency: quarterly, participants: [Both], next: 2026-12-15 }
consequences:
  - { kpis: [resolution, p1-resolution, resolution-p90, p1-count], remedy: Plan., escalation: [Head] }
${data}`;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main() {
  const rows = Number(arg('--rows', 1_000_000));
  const runs = Number(arg('--runs', 5));
  const dir = mkdtempSync(join(tmpdir(), 'sla-bench-exports-'));
  try {
    const isoCsv = join(dir, 'tickets.csv');
    const jiraCsv = join(dir, 'jira.csv');
    await generate(isoCsv, jiraCsv, rows);
    const isoSla = join(dir, 'iso.yaml');
    const jiraSla = join(dir, 'jira.yaml');
    writeFileSync(isoSla, slaYaml(''));
    writeFileSync(jiraSla, slaYaml('data:\n  timestamps: { zone: Europe/London }\n'));
    process.stderr.write(`generated ${rows.toLocaleString('en-US')} tickets: ISO ${(statSync(isoCsv).size / 1e6).toFixed(1)} MB, Jira ${(statSync(jiraCsv).size / 1e6).toFixed(1)} MB in ${dir}\n`);
    const cases = [
      { name: 'ISO 8601 (`sla check`, sla\'s own CSV)', args: ['bin/sla.js', 'check', isoSla, isoCsv, '--format', 'json'] },
      { name: 'Jira export (`--source jira`, dd/MMM/yy h:mm a)', args: ['bin/sla.js', 'check', jiraSla, jiraCsv, '--format', 'json', '--source', 'jira'] },
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
    const values = (run) => JSON.parse(run.stdout).results.map((r) => `${r.kpi} ${r.period} ${r.actual} ${r.samples} ${r.open}`).join('\n');
    const same = values(samples[0].last) === values(samples[1].last);
    console.log(`\n${rows.toLocaleString('en-US')} tickets, 4 KPIs; ${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; ${runs} interleaved runs\n`);
    const s = (ms) => `${(ms / 1000).toFixed(2)} s`;
    console.log('| What | CPU time, median | CPU range | Wall time, median | Wall range | Peak RSS |');
    console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const [k, c] of cases.entries()) {
      const { times, cpu, rss } = samples[k];
      console.log(`| ${c.name} | ${s(median(cpu))} | ${s(Math.min(...cpu))}–${s(Math.max(...cpu))} | ${s(median(times))} | ${s(Math.min(...times))}–${s(Math.max(...times))} | ${Math.max(...rss).toFixed(0)} MB |`);
    }
    const ratio = median(samples[1].cpu) / median(samples[0].cpu);
    const wall = median(samples[1].times) / median(samples[0].times);
    console.log(`\nJira / ISO: ${ratio.toFixed(2)}× by median CPU time (budget ≤ 1.3×), ${wall.toFixed(2)}× by median wall time · results ${same ? 'identical for every KPI and period' : 'DIFFER'}`);
    if (!same) process.exitCode = 1;
    if (process.argv.includes('--keep')) console.log(`files kept in ${dir}`);
    printResults([benchResult({ benchmark: 'Jira export / ISO CSV (check, CPU time)', ratio, target: 1.3, start: loadAtStart })]);
  } finally {
    if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
