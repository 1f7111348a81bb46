#!/usr/bin/env node
// Start-up benchmark: `sla validate` on one example against a bare `node -e 0`, whole process,
// interleaved runs so machine noise hits both alike; reports medians and the ratio.
// Usage: node test/bench/validate.mjs [runs=25]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = fileURLToPath(new URL('../..', import.meta.url));
const runs = Number(process.argv[2] ?? 25);
const cases = {
  'node -e 0': [process.execPath, ['-e', '0']],
  'sla validate examples/it-service-desk/sla.yaml': [process.execPath, ['bin/sla.js', 'validate', 'examples/it-service-desk/sla.yaml']],
  'sla --version': [process.execPath, ['bin/sla.js', '--version']],
};
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs + 2; i++) {
  for (const [name, [cmd, args]] of Object.entries(cases)) {
    const start = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) times[name].push(ms); // two warm-up rounds fill the file cache
  }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['node -e 0']);
console.log(`| command | median (ms) | × node -e 0 |\n|---|---:|---:|`);
for (const [name, xs] of Object.entries(times)) console.log(`| \`${name}\` | ${median(xs).toFixed(1)} | ${(median(xs) / base).toFixed(2)} |`);
console.log(`\n${runs} interleaved runs each, Node ${process.version}, ${(await import('node:os')).cpus().length} cores.`);
// Issue 19's target for one file.
printResults([benchResult({ benchmark: 'sla validate / node -e 0', ratio: median(times['sla validate examples/it-service-desk/sla.yaml']) / base, target: 1.6, start: loadAtStart })]);
