// What every benchmark prints about its ratios, and how `npm run bench` (run.mjs) collects them.
// A ratio is always shown with the machine's load average at the start and the end of its run; a
// verdict (met / not met against the target) only when neither was above MAX_LOAD_PER_CORE per core,
// since on a busy machine the peer and sla do not share the cores alike. Each ratio also goes out as
// one machine-readable line, `@@bench {json}`, which run.mjs gathers into one summary table.
import { cpus, loadavg } from 'node:os';

export const MAX_LOAD_PER_CORE = 1.5;
export const TOO_BUSY = 'load too high for a verdict';
const PREFIX = '@@bench ';

/** The 1-minute load average and the core count now. */
export function loadNow() {
  return { load: loadavg()[0], cores: cpus().length || 1 };
}

/**
 * The load once the benchmark's own processes are gone and the 1-minute average has had time to fall
 * back (it decays by e in a minute): polled until it is at most the limit per core, for at most
 * `maxMs`. A benchmark that starts many processes (Chromium's) raises the load itself; a machine busy
 * with other work stays above the limit, and gets no verdict.
 */
export async function settledLoad(maxMs = 120_000, stepMs = 5_000) {
  const until = Date.now() + maxMs;
  for (;;) {
    const now = loadNow();
    if (now.load / now.cores <= MAX_LOAD_PER_CORE || Date.now() >= until) return now;
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

/**
 * The verdict on a ratio: 'met' (at most the target), 'not met', TOO_BUSY when the load per core at
 * start or end was above the limit (or unknown), or 'no target' when the benchmark has none. Pure.
 */
export function verdictOf({ ratio, target, loadStart, loadEnd, cores }) {
  if (target === undefined || target === null) return 'no target';
  const perCore = cores > 0 ? Math.max(loadStart, loadEnd) / cores : NaN;
  // NaN (a load or core count missing) must not pass as a quiet machine.
  if (!(perCore <= MAX_LOAD_PER_CORE)) return TOO_BUSY;
  if (!Number.isFinite(ratio)) return 'not met';
  return ratio <= target ? 'met' : 'not met';
}

/**
 * The result of one ratio, with its verdict: `start` is loadNow() taken when the benchmark began;
 * the end load is taken now (or given, for tests).
 */
export function benchResult({ benchmark, ratio, target, start, end = loadNow() }) {
  const r = { benchmark, ratio, target: target ?? null, loadStart: start.load, loadEnd: end.load, cores: start.cores };
  return { ...r, verdict: verdictOf(r) };
}

const fmt = (n, digits = 2) => (typeof n === 'number' && Number.isFinite(n) ? n.toFixed(digits) : '–');

/** One human line: the ratio, the target, the loads, the verdict. */
export function describeResult(r) {
  const target = r.target === null ? 'no target' : `target ≤ ${fmt(r.target)}×`;
  const load = `load ${fmt(r.loadStart)} → ${fmt(r.loadEnd)} on ${r.cores} cores`;
  const verdict = r.verdict === TOO_BUSY ? `${TOO_BUSY} (above ${MAX_LOAD_PER_CORE} per core)` : r.verdict;
  return `${r.benchmark}: ${fmt(r.ratio)}× (${target}; ${load}): ${verdict}`;
}

/** Prints a benchmark's results: the human lines, then one `@@bench` line each (last, for run.mjs). */
export function printResults(results) {
  console.log('');
  for (const r of results) console.log(describeResult(r));
  for (const r of results) console.log(PREFIX + JSON.stringify(r));
}

/** The results a benchmark printed (its `@@bench` lines), in order; other lines are ignored. */
export function parseResults(stdout) {
  const out = [];
  for (const line of stdout.split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    try {
      out.push(JSON.parse(line.slice(PREFIX.length)));
    } catch {
      // A garbled line is not a result; the benchmark's own output above it still shows.
    }
  }
  return out;
}

/** The summary table of all results (Markdown); a benchmark that printed none shows its exit status. */
export function summaryTable(rows) {
  const lines = ['| Benchmark | Ratio | Target | Load start → end (cores) | Verdict |', '| --- | ---: | ---: | ---: | --- |'];
  for (const r of rows) {
    if (r.failed) {
      lines.push(`| ${r.benchmark} | – | – | – | ${r.failed} |`);
      continue;
    }
    lines.push(`| ${r.benchmark} | ${fmt(r.ratio)}× | ${r.target === null ? '–' : `≤ ${fmt(r.target)}×`} | ${fmt(r.loadStart)} → ${fmt(r.loadEnd)} (${r.cores}) | ${r.verdict} |`);
  }
  return lines.join('\n');
}
