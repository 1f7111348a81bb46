#!/usr/bin/env node
// PDF rendering benchmark, whole processes as a user runs them:
//   1. one document, cold (a fresh `sla render` process: Node, browser launch, one page);
//   2. 20 documents in one run (one browser, a page each) against 20 separate runs.
// Target: one run of 20 takes at most 0.3× the time of 20 separate runs. Prints a Markdown table
// of medians. Usage: node test/bench/render.mjs [rounds=3]   (needs Chromium; run npm run build first)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = fileURLToPath(new URL('../..', import.meta.url));
const rounds = Number(process.argv[2] ?? 3);
const work = mkdtempSync(join(tmpdir(), 'sla-bench-render-'));
const examples = ['it-service-desk', 'platform-api'];
const docs = [];
mkdirSync(join(work, 'in'));
for (let i = 0; i < 20; i++) {
  const file = join(work, 'in', `agreement-${String(i + 1).padStart(2, '0')}.yaml`);
  copyFileSync(join(root, 'examples', examples[i % 2], 'sla.yaml'), file);
  docs.push(file);
}

function run(args) {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sla.js'), 'render', ...args, '--force'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`sla render ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return seconds;
}

const times = { cold: [], batch: [], separate: [] };
try {
  run([docs[0], '-o', join(work, 'warmup.pdf')]); // fills the file cache once
  for (let round = 0; round < rounds; round++) {
    times.cold.push(run([docs[0], '-o', join(work, 'cold.pdf')]));
    times.batch.push(run([...docs, '--format', 'pdf', '--out-dir', join(work, 'batch')]));
    let total = 0;
    for (const [i, doc] of docs.entries()) total += run([doc, '-o', join(work, 'separate', `${i}.pdf`)]);
    times.separate.push(total);
    process.stderr.write(`round ${round + 1}/${rounds}: cold ${times.cold.at(-1).toFixed(2)} s, 20 in one run ${times.batch.at(-1).toFixed(2)} s, 20 separate runs ${total.toFixed(2)} s\n`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const batch = median(times.batch);
const separate = median(times.separate);
console.log('| case | median (s) | per document (s) |\n|---|---:|---:|');
console.log(`| one document, cold (\`sla render sla.yaml -o sla.pdf\`) | ${median(times.cold).toFixed(2)} | ${median(times.cold).toFixed(2)} |`);
console.log(`| 20 documents in one run (\`--out-dir\`, one browser) | ${batch.toFixed(2)} | ${(batch / 20).toFixed(2)} |`);
console.log(`| 20 separate runs | ${separate.toFixed(2)} | ${(separate / 20).toFixed(2)} |`);
console.log(`\nOne run of 20 takes **${(batch / separate).toFixed(2)}×** the time of 20 separate runs (target ≤ 0.30). ` +
  `${rounds} rounds, Node ${process.version}, ${cpus().length} cores, ${browser()}.`);
printResults([benchResult({ benchmark: '20 PDFs in one run / 20 runs (render)', ratio: batch / separate, target: 0.3, start: loadAtStart })]);

function browser() {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'sla.js'), 'doctor', '--format', 'json', '--no-launch'], { encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout).browser.version ?? 'unknown browser';
  } catch {
    return 'unknown browser';
  }
}
