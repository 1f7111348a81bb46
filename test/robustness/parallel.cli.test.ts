// `sla check` on a file large enough to be read in ranges by worker threads (parallel-check.ts),
// through bin/sla: the same output as one thread (SLA_THREADS=1), bad rows named by their true row
// number in any range, and bounded time and memory. A counting hook proves the workers ran.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, measureSla, runInProcess, runSla, tempDir } from '../helpers.js';

const tmp = tempDir('sla-parallel-cli-');
afterAll(() => tmp.cleanup());
// Counts the workers started, printed on exit: wraps Worker before bin/sla loads (a file: NODE_OPTIONS splits at spaces).
const hook = join(tmp.dir, 'count-workers.mjs');
writeFileSync(hook, 'import wt from "node:worker_threads"; import { syncBuiltinESMExports } from "node:module"; let n = 0; const W = wt.Worker;\n' +
  'wt.Worker = class extends W { constructor(...a) { super(...a); n++; } }; syncBuiltinESMExports(); process.on("exit", () => process.stderr.write(`@@workers ${n}\\n`));\n');
const COUNT_WORKERS = hook;
const workers = (stderr: string) => Math.max(...[...stderr.matchAll(/@@workers (\d+)/g)].map((m) => Number(m[1])));
// Workers start without the parent's flags (execArgv: []), so only the main thread prints its line.
const withoutCount = (stderr: string) => stderr.replace(/@@workers \d+\n/g, '');

const ROWS = 260_000;
let sla = '';
let good = '';
let bad = '';
beforeAll(() => {
  sla = join(tmp.dir, 'sla.yaml');
  // The platform example's agreement with this test's KPIs.
  const base = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
  writeFileSync(sla, base.slice(0, base.indexOf('\nmetrics:')) + `
metrics:
  - { id: p95, name: p95, unit: milliseconds, objective: { op: "<=", target: 400 }, period: week, measure: { aggregate: p95, metric: lat } }
  - { id: mean, name: mean, unit: milliseconds, objective: { op: "<=", target: 300 }, period: day, measure: { aggregate: mean, metric: lat } }
  - { id: ratio, name: ratio, unit: percent, objective: { op: ">=", target: 99 }, period: month, measure: { aggregate: ratio, metric: req, column: value, denominator: total } }
` + base.slice(base.indexOf('\nreporting:'), base.indexOf('\nconsequences:')) + '\nconsequences:\n  - kpis: [ratio]\n    remedy: Review.\n    escalation: [Owner]\n');
  // ~9.5 MB, split through SLA_PARALLEL_MIN_BYTES (the real threshold, 24 MiB, would make the test slow). A quoted cell with a line break sits
  // early; a bad cell lies far into the second half.
  const lines = ['timestamp,metric,value,total,note'];
  for (let i = 0; i < ROWS; i++) {
    const t = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString().slice(0, 19) + 'Z';
    lines.push(i % 2 ? `${t},lat,${(i % 997) / 2},,${i === 5 ? '"two\nlines, comma"' : 'x'}` : `${t},req,${990 + (i % 11)},1000,x`);
  }
  good = join(tmp.dir, 'good.csv');
  writeFileSync(good, lines.join('\r\n') + '\r\n');
  // Data row 190,002 (spreadsheet row 190,003 with the header) has a bad value.
  lines[190_002] = lines[190_002]!.replace(/,lat,[^,]*,/, ',lat,abc,');
  expect(lines[190_002]).toContain(',lat,abc,');
  bad = join(tmp.dir, 'bad.csv');
  writeFileSync(bad, lines.join('\n') + '\n');
}, 60_000);

describe('sla check in worker threads', () => {
  it('gives the serial output, in bounded time and memory, with a worker', async () => {
    // The serial reference only has to be right: main in this process, one thread (SLA_THREADS=1).
    const serial = await runInProcess(['check', sla, good, '--format', 'json'], { env: { SLA_THREADS: '1' } });
    // One spawned run, counted and measured: it used a worker, printed the serial output, within bounds.
    const m = await measureSla(['check', sla, good, '--format', 'json'], { env: { SLA_THREADS: '2', SLA_PARALLEL_MIN_BYTES: '8000000', NODE_OPTIONS: `--import=${COUNT_WORKERS}` } });
    expect(m.stderr).toContain("@@workers 1\n");
    expect(m.code).toBe(serial.code);
    expect(m.stdout).toBe(serial.stdout);
    const ratio = (JSON.parse(m.stdout).results as { kpi: string; samples: number }[]).filter((r) => r.kpi === 'ratio');
    // The first 5 hours (UTC) are 31 December in New York, before the term: 150 request rows.
    expect(ratio.reduce((a, r) => a + r.samples, 0)).toBe(ROWS / 2 - 150);
    expect(m.wallMs).toBeLessThan(10_000);
    expect(m.maxRssMb).toBeLessThan(300);
  }, 60_000);

  it('names a bad row in the second range by its row in the file, and lists it under --skip-invalid', async () => {
    const env = { SLA_THREADS: '2', SLA_PARALLEL_MIN_BYTES: '8000000', NODE_OPTIONS: `--import=${COUNT_WORKERS}` };
    const stop = await runSla(['check', sla, bad], { env });
    expect(stop.stderr).toContain("@@workers 1\n");
    expect(stop.code).toBe(2);
    expect(withoutCount(stop.stderr)).toBe(`sla: ${bad}: row 190003, column "value": "abc" is not a number; fix the row, or run with --skip-invalid to skip and list such rows\n`);
    const serial = await runInProcess(['check', sla, bad], { env: { SLA_THREADS: '1' } }); // the reference
    expect(serial.stderr).toBe(withoutCount(stop.stderr));
    const skip = await runSla(['check', sla, bad, '--format', 'json', '--skip-invalid'], { env });
    expect(JSON.parse(skip.stdout).skipped).toEqual([{ row: 190_003, column: 'value', reason: '"abc" is not a number' }]);
  }, 60_000);

  it('uses one thread for a file under 24 MiB, for standard input, and with SLA_THREADS=1', async () => {
    const small = join(tmp.dir, 'small.csv');
    writeFileSync(small, 'timestamp,metric,value,total,note\n2026-01-01T00:00:00Z,lat,5,,x\n');
    const env = { NODE_OPTIONS: `--import=${COUNT_WORKERS}` };
    expect(workers((await runSla(['check', sla, small], { env })).stderr)).toBe(0);
    expect(workers((await runSla(['check', sla, good], { env })).stderr)).toBe(0);
    expect(workers((await runSla(['check', sla, good], { env: { ...env, SLA_THREADS: '1', SLA_PARALLEL_MIN_BYTES: '0' } })).stderr)).toBe(0);
    expect(workers((await runSla(['check', sla, '-'], { env: { ...env, SLA_THREADS: '2' }, input: 'timestamp,metric,value\n' })).stderr)).toBe(0);
  }, 60_000);
});
