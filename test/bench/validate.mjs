#!/usr/bin/env node
// Start-up benchmark: `sla validate` on one example against a bare `node -e 0`, whole process,
// interleaved runs so machine noise hits both alike; reports medians and the ratio, with the load.
// The fast path's V8 code cache lives in a temporary XDG_CACHE_HOME: "warm" is the user's steady state
// (filled by the warm-up rounds), "cold" empties it before each run (a first run: compile and write it),
// "no cache" sets SLA_NO_CODE_CACHE=1, and "full CLI" runs the same command through dist/cli.js
// (commander and the ES module chunks), the path every other command takes.
// Beside the wall time, each process's own CPU time (user + system, all its threads), reported through
// descriptor 3 by a preloaded hook every case gets: on a busy machine the wall time measures the queue
// for a core as much as sla, and the CPU time much less so.
// Usage: node test/bench/validate.mjs [runs=25] [--peer OTHER/bin/sla.js]
// --peer adds another build's `sla validate` (e.g. a worktree of the commit before) to the same rounds,
// with its own cache folder: two builds sharing one remove each other's cache.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = fileURLToPath(new URL('../..', import.meta.url));
const peerAt = process.argv.indexOf('--peer');
const peer = peerAt >= 0 ? process.argv[peerAt + 1] : undefined;
const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 25);
const cacheHome = mkdtempSync(join(tmpdir(), 'sla-bench-cache-'));
const peerCache = mkdtempSync(join(tmpdir(), 'sla-bench-peer-cache-'));
const hook = join(cacheHome, 'cpu-hook.cjs');
writeFileSync(hook, "process.on('exit', () => { const u = process.resourceUsage(); require('node:fs').writeSync(3, String(u.userCPUTime + u.systemCPUTime)); });\n");
const example = 'examples/it-service-desk/sla.yaml';
const env = (extra = {}) => ({ ...process.env, XDG_CACHE_HOME: cacheHome, SLA_NO_CODE_CACHE: '', ...extra });
const cases = {
  'node -e 0': [['-e', '0'], env()],
  [`sla validate ${example}`]: [['bin/sla.js', 'validate', example], env()],
  'sla validate, cold code cache': [['bin/sla.js', 'validate', example], env(), () => rmSync(join(cacheHome, 'sla'), { recursive: true, force: true })],
  'sla validate, SLA_NO_CODE_CACHE=1': [['bin/sla.js', 'validate', example], env({ SLA_NO_CODE_CACHE: '1' })],
  'sla validate through the full CLI': [['--input-type=module', '-e', `process.exitCode = await (await import('./dist/cli.js')).main(['validate', '${example}'])`], env()],
  'sla --version': [['bin/sla.js', '--version'], env()],
  ...(peer ? { [`peer ${peer}: sla validate`]: [[peer, 'validate', example], env({ XDG_CACHE_HOME: peerCache })] } : {}),
};
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const loadBefore = load();
const times = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
const cpu = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let i = 0; i < runs + 2; i++) {
  for (const [name, [args, caseEnv, before]] of Object.entries(cases)) {
    before?.();
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['-r', hook, ...args], { cwd: root, env: caseEnv, stdio: ['ignore', 'ignore', 'pipe', 'pipe'] });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.status !== 0) throw new Error(`${name} exited ${r.status}: ${r.stderr}`);
    if (i >= 2) {
      times[name].push(ms); // two warm-up rounds fill the file cache (and the code cache)
      cpu[name].push(Number(r.output[3]) / 1000);
    }
  }
}
rmSync(cacheHome, { recursive: true, force: true });
rmSync(peerCache, { recursive: true, force: true });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const base = median(times['node -e 0']);
const cpuBase = median(cpu['node -e 0']);
console.log(`| command | median (ms) | × node -e 0 | CPU median (ms) | CPU × node -e 0 |\n|---|---:|---:|---:|---:|`);
for (const [name, xs] of Object.entries(times)) console.log(`| \`${name}\` | ${median(xs).toFixed(1)} | ${(median(xs) / base).toFixed(2)} | ${median(cpu[name]).toFixed(1)} | ${(median(cpu[name]) / cpuBase).toFixed(2)} |`);
console.log(`\n${runs} interleaved runs each, Node ${process.version}, ${cpus().length} cores, load average ${loadBefore} at the start, ${load()} at the end.`);
// Issue 19's target for one file (warm cache, the user's steady state); the last line is machine-readable.
printResults([benchResult({ benchmark: 'sla validate / node -e 0', ratio: median(times[`sla validate ${example}`]) / base, target: 1.6, start: loadAtStart })]);
