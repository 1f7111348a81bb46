// With SLA_TEST_CPU_LOG=FILE, each test file appends one JSON line to FILE: its CPU seconds, the
// worker's own and those of the child processes it waited for (bin/sla, Chromium, PostgreSQL), from
// /proc/self/stat. vitest reports wall time per file only, and on 2 shared cores CPU is what the
// suite runs out of. Nothing happens without the variable.
import { appendFileSync, readFileSync } from 'node:fs';
import { afterAll } from 'vitest';

const log = process.env.SLA_TEST_CPU_LOG;
if (log) {
  /** [own, children] CPU seconds so far: utime+stime and cutime+cstime (fields 14-17) in clock ticks. */
  const usage = (): [number, number] => {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    return [(f[11]! + f[12]!) / 100, (f[13]! + f[14]!) / 100];
  };
  // At import, before the test file's own imports: loading src/ through vite is part of its cost.
  const start = usage();
  const wall = performance.now();
  afterAll(({}, suite) => {
    const [own, children] = usage();
    const file = 'filepath' in suite ? String(suite.filepath) : suite.name;
    appendFileSync(log, JSON.stringify({ file, own: +(own - start[0]).toFixed(2), children: +(children - start[1]).toFixed(2), wall: +((performance.now() - wall) / 1000).toFixed(2) }) + '\n');
  });
}
