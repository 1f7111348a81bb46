#!/usr/bin/env node
// `npm test` after the build: the type check and all three test projects at the same time. tsc is
// about ten seconds of one core, and the cli and pdf projects spend much of their time waiting on
// child processes, so it costs the tests little. The type check's output comes after the tests';
// either failing fails the run. Arguments go to vitest (e.g. a file to run).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = (pkg, file) => join(root, 'node_modules', pkg, file);

let typecheck = '';
const tsc = spawn(process.execPath, [bin('typescript', 'bin/tsc'), '--noEmit', '--pretty'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
tsc.stdout.setEncoding('utf8').on('data', (d) => (typecheck += d));
tsc.stderr.setEncoding('utf8').on('data', (d) => (typecheck += d));
const tscDone = new Promise((resolve) => tsc.on('close', (code) => resolve(code ?? 1)));

// The property tests run 250 cases each, as in `npm run test:unit`, and the DuckDB and PostgreSQL
// properties 20 real queries (the sqlglot syntax check a fifth of that per dialect: a parse costs
// several queries' time): enough to catch a regression in every run, while `npm run fuzz` (50,000)
// and SLA_SQL_RUNS=500 search deeper. Set either variable to override.
const env = { ...process.env, SLA_FUZZ_RUNS: process.env.SLA_FUZZ_RUNS ?? '250', SLA_SQL_RUNS: process.env.SLA_SQL_RUNS ?? '20' };
const vitest = spawn(process.execPath, [bin('vitest', 'vitest.mjs'), 'run', '--config', 'test/vitest.config.ts', ...process.argv.slice(2)], { cwd: root, stdio: 'inherit', env });
const vitestDone = new Promise((resolve) => vitest.on('close', (code) => resolve(code ?? 1)));

const [testCode, tscCode] = await Promise.all([vitestDone, tscDone]);
if (tscCode !== 0) process.stdout.write(`\ntsc --noEmit failed:\n${typecheck}`);
else process.stdout.write('\ntsc --noEmit: no type errors\n');
process.exitCode = testCode || tscCode;
