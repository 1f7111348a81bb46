#!/usr/bin/env node
// `npm run bench`: every benchmark in turn (each compares sla with a peer in the same run).
// Render and load need Chromium for their PDF rows; check needs the DuckDB development dependency.
// Usage: node test/bench/run.mjs [bench.mjs ...]
// Each benchmark prints its ratios with the load average at its start and end, and a verdict only
// when the machine was quiet (verdict.mjs); their `@@bench` lines make the summary table at the end.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadNow, MAX_LOAD_PER_CORE, parseResults, summaryTable } from './verdict.mjs';

const dir = fileURLToPath(new URL('.', import.meta.url));
const rows = [];
const first = loadNow();
const all = ['validate.mjs', 'render.mjs', 'check.mjs', 'business-hours.mjs', 'exports.mjs', 'load.mjs', 'xlsx.mjs', 'sql.mjs'];
// `node test/bench/run.mjs validate.mjs check.mjs` runs only those.
const chosen = process.argv.length > 2 ? process.argv.slice(2) : all;
for (const bench of chosen) {
  console.log(`\n## ${bench}\n`);
  const { code, stdout } = await new Promise((resolve, reject) => {
    // stdout is shown as it comes and kept for the summary; stderr (progress) goes straight through.
    const child = spawn(process.execPath, [dir + bench], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('error', reject);
    child.on('close', (c, signal) => resolve({ code: c ?? signal, stdout: out }));
  });
  const results = parseResults(stdout);
  if (code !== 0) process.exitCode = 1;
  if (results.length === 0) rows.push({ benchmark: bench, failed: code === 0 ? 'no ratio printed' : `exited ${code}` });
  else rows.push(...results.map((r) => (code === 0 ? r : { ...r, verdict: `${r.verdict} (exited ${code})` })));
}
const last = loadNow();
console.log(`\n## Summary\n\n${summaryTable(rows)}\n\nLoad average (1 min) ${first.load.toFixed(2)} at the start, ${last.load.toFixed(2)} at the end, ${first.cores} cores; a verdict needs at most ${MAX_LOAD_PER_CORE} per core at a benchmark's start and end.`);
