#!/usr/bin/env node
// Benchmark of `sla check` on an .xlsx workbook against the ISO CSV path (not run by npm test):
// node test/bench/xlsx.mjs [--rows 100000,1000000] [--runs 5] [--keep]
// The same rows (timestamp, metric, value, total, service; a minute apart) as a workbook the way Excel
// stores one (shared strings, date cells, numbers) and as a CSV with ISO local timestamps; each run a
// fresh process, the two interleaved. Reports median and range of the wall time, the peak RSS, and the
// ratio xlsx / CSV, and checks the two JSON results are identical. Needs a built dist/.
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { metricsCsv, metricsSla, metricsWorkbook } from '../check/xlsx-workbooks.mjs';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const sec = (ms) => (ms / 1000).toFixed(2);

/** A fresh node process: wall time, its own CPU time (user + system) and peak RSS. CPU time is the figure that holds on a shared machine. */
function timed(args) {
  const hook = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\n@@usage "+(u.userCPUTime+u.systemCPUTime)+" "+u.maxRSS+"\\n")})';
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', hook, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /@@usage (\d+) (\d+)/.exec(stderr);
      resolve({ code, ms: performance.now() - start, stdout, stderr: stderr.replace(/\n@@usage \d+ \d+\n/, ''), cpuMs: m ? Number(m[1]) / 1000 : NaN, maxRssMb: m ? Number(m[2]) / 1024 : NaN });
    });
  });
}

const sizes = String(arg('--rows', '100000')).split(',').map(Number);
const runs = Number(arg('--runs', 5));
const dir = mkdtempSync(join(tmpdir(), 'sla-bench-xlsx-'));
try {
  const sla = join(dir, 'sla.yaml');
  writeFileSync(sla, metricsSla());
  console.log(`${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}; ${runs} runs of each, interleaved\n`);
  console.log('| Rows | Input | File | Median wall time | Range | Median CPU time | Range | Peak RSS (max) |');
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const ratios = [];
  const results = [];
  for (const rows of sizes) {
    const csv = join(dir, `m${rows}.csv`);
    const xlsx = join(dir, `m${rows}.xlsx`);
    await metricsCsv(csv, rows);
    await metricsWorkbook(xlsx, rows);
    const cases = [
      { name: 'CSV, ISO timestamps', file: csv },
      { name: '.xlsx, date cells', file: xlsx },
    ].map((c) => ({ ...c, times: [], cpu: [], rss: [], out: undefined }));
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const r = await timed(['bin/sla.js', 'check', sla, c.file, '--format', 'json']);
        if (r.code !== 0 && r.code !== 1) throw new Error(`${c.name} exited ${r.code}:\n${r.stderr}`);
        c.times.push(r.ms);
        c.cpu.push(r.cpuMs);
        c.rss.push(r.maxRssMb);
        if (c.out !== undefined && c.out !== r.stdout) throw new Error(`${c.name}: the result changed between runs`);
        c.out = r.stdout;
        process.stderr.write(`${rows} ${c.name}: ${sec(r.ms)} s wall, ${sec(r.cpuMs)} s CPU, ${r.maxRssMb.toFixed(0)} MB\n`);
      }
    }
    if (cases[0].out !== cases[1].out) throw new Error(`${rows} rows: the workbook's result differs from the CSV's`);
    for (const c of cases) console.log(`| ${rows.toLocaleString('en-US')} | ${c.name} | ${(statSync(c.file).size / 1e6).toFixed(1)} MB | ${sec(median(c.times))} s | ${sec(Math.min(...c.times))}–${sec(Math.max(...c.times))} s | ${sec(median(c.cpu))} s | ${sec(Math.min(...c.cpu))}–${sec(Math.max(...c.cpu))} s | ${Math.max(...c.rss).toFixed(0)} MB |`);
    results.push(benchResult({ benchmark: `xlsx / CSV, ${rows.toLocaleString('en-US')} rows (check, wall; no target)`, ratio: median(cases[1].times) / median(cases[0].times), target: null, start: loadAtStart }));
    ratios.push(`${rows.toLocaleString('en-US')} rows: xlsx / CSV ${(median(cases[1].times) / median(cases[0].times)).toFixed(2)}× wall, ${(median(cases[1].cpu) / median(cases[0].cpu)).toFixed(2)}× CPU (medians); results identical`);
  }
  console.log(`\n${ratios.join(' · ')}`);
  printResults(results);
} finally {
  if (!process.argv.includes('--keep')) rmSync(dir, { recursive: true, force: true });
  else console.error(`kept ${dir}`);
}
