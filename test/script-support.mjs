// Helpers shared by the scripts under test/ (benchmarks and example-data generators).
import { spawn } from 'node:child_process';

/** mulberry32: a small seeded generator, so generated data is the same on every run. */
export function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Runs `node args` in `cwd`, returning wall time and the child's own CPU time (user + system) and
 * peak RSS, reported by a preloaded hook: on a shared machine the CPU time is the figure that compares.
 */
export function timed(args, cwd) {
  const hook = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\n@@usage "+(u.userCPUTime+u.systemCPUTime)+" "+u.maxRSS+"\\n")})';
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child = spawn(process.execPath, ['--import', hook, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - start;
      const m = /@@usage (\d+) (\d+)/.exec(stderr);
      resolve({ code, ms, cpuMs: m ? Number(m[1]) / 1000 : NaN, maxRssMb: m ? Number(m[2]) / 1024 : NaN, stdout, stderr: stderr.replace(/\n@@usage \d+ \d+\n/, '') });
    });
  });
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** London in the first half of 2026: GMT until 29 March 01:00 UTC, then BST (all the scripts' data needs). */
export const londonOffset = (ms) => (ms >= Date.UTC(2026, 2, 29, 1) ? HOUR : 0);

/**
 * A reference business clock for Mon–Fri 09:00–17:00 London minus `holidays` (a Set of YYYY-MM-DD):
 * the instant `minutes` of business time after `ms`. A straightforward walk, independent of sla's
 * tables, so data generated with it also checks sla's clock.
 */
export function londonBusinessClock(holidays) {
  return function addBusiness(ms, minutes) {
    let left = minutes * MIN;
    for (;;) {
      const local = ms + londonOffset(ms);
      const day = Math.floor(local / DAY);
      const weekday = new Date(day * DAY).getUTCDay();
      const close = day * DAY + 17 * HOUR;
      const nextMorning = () => day * DAY + DAY + 9 * HOUR - londonOffset(ms + DAY);
      if (weekday === 0 || weekday === 6 || holidays.has(new Date(day * DAY).toISOString().slice(0, 10)) || local >= close) {
        ms = nextMorning();
        continue;
      }
      const from = Math.max(local, day * DAY + 9 * HOUR);
      if (close - from >= left) return from + left - londonOffset(ms);
      left -= close - from;
      ms = nextMorning();
    }
  };
}
