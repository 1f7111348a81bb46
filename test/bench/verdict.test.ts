// The load rule of `npm run bench` (test/bench/verdict.mjs): a verdict only on a quiet machine, and
// run.mjs's summary from the benchmarks' machine-readable lines. No benchmark runs here.
import { describe, expect, it } from 'vitest';
import { benchResult, describeResult, MAX_LOAD_PER_CORE, parseResults, settledLoad, summaryTable, TOO_BUSY, verdictOf } from './verdict.mjs';

const quiet = { loadStart: 0.4, loadEnd: 1.1, cores: 2 };

describe('verdictOf', () => {
  it('says met at or under the target and not met above it, on a quiet machine', () => {
    expect(verdictOf({ ...quiet, ratio: 1.29, target: 1.3 })).toBe('met');
    expect(verdictOf({ ...quiet, ratio: 1.3, target: 1.3 })).toBe('met');
    expect(verdictOf({ ...quiet, ratio: 1.31, target: 1.3 })).toBe('not met');
    expect(verdictOf({ ...quiet, ratio: NaN, target: 1.3 })).toBe('not met');
  });

  it('refuses a verdict when the load per core was above 1.5 at the start or at the end', () => {
    expect(MAX_LOAD_PER_CORE).toBe(1.5);
    // 3.0 on 2 cores is exactly 1.5 per core: still a verdict.
    expect(verdictOf({ ratio: 1, target: 2, loadStart: 3.0, loadEnd: 3.0, cores: 2 })).toBe('met');
    expect(verdictOf({ ratio: 1, target: 2, loadStart: 3.01, loadEnd: 0.2, cores: 2 })).toBe(TOO_BUSY);
    expect(verdictOf({ ratio: 1, target: 2, loadStart: 0.2, loadEnd: 3.01, cores: 2 })).toBe(TOO_BUSY);
    expect(verdictOf({ ratio: 9, target: 2, loadStart: 16, loadEnd: 16, cores: 2 })).toBe(TOO_BUSY);
    // The same load is quiet on more cores.
    expect(verdictOf({ ratio: 1, target: 2, loadStart: 5, loadEnd: 5, cores: 4 })).toBe('met');
    // An unknown load or core count never passes as quiet.
    expect(verdictOf({ ratio: 1, target: 2, loadStart: NaN, loadEnd: 0, cores: 2 })).toBe(TOO_BUSY);
    expect(verdictOf({ ratio: 1, target: 2, loadStart: 0, loadEnd: 0, cores: 0 })).toBe(TOO_BUSY);
  });

  it('has no verdict without a target, whatever the load', () => {
    expect(verdictOf({ ...quiet, ratio: 1, target: null })).toBe('no target');
    expect(verdictOf({ ratio: 1, target: undefined, loadStart: 9, loadEnd: 9, cores: 2 })).toBe('no target');
  });
});

describe('benchmark lines and the summary', () => {
  const busy = benchResult({ benchmark: 'business-hours', ratio: 1.234, target: 1.3, start: { load: 4.2, cores: 2 }, end: { load: 3.9, cores: 2 } });
  const fine = benchResult({ benchmark: 'validate', ratio: 1.7, target: 1.6, start: { load: 0.5, cores: 2 }, end: { load: 0.7, cores: 2 } });

  it('prints the ratio with both loads, and the reason instead of a verdict when busy', () => {
    expect(busy.verdict).toBe(TOO_BUSY);
    expect(describeResult(busy)).toBe('business-hours: 1.23× (target ≤ 1.30×; load 4.20 → 3.90 on 2 cores): load too high for a verdict (above 1.5 per core)');
    expect(describeResult(fine)).toBe('validate: 1.70× (target ≤ 1.60×; load 0.50 → 0.70 on 2 cores): not met');
  });

  it('reads back only the @@bench lines, skipping garbled ones', () => {
    const out = `| table |\nratio 1.2×\n@@bench ${JSON.stringify(busy)}\n@@bench {oops\n@@bench ${JSON.stringify(fine)}\n`;
    expect(parseResults(out)).toEqual([busy, fine]);
    expect(parseResults('no results here')).toEqual([]);
  });

  it('tabulates benchmark, ratio, target, loads and verdict, and a benchmark that failed', () => {
    const table = summaryTable([busy, fine, { benchmark: 'render.mjs', failed: 'exited 1, no result' }]);
    expect(table.split('\n')).toEqual([
      '| Benchmark | Ratio | Target | Load start → end (cores) | Verdict |',
      '| --- | ---: | ---: | ---: | --- |',
      '| business-hours | 1.23× | ≤ 1.30× | 4.20 → 3.90 (2) | load too high for a verdict |',
      '| validate | 1.70× | ≤ 1.60× | 0.50 → 0.70 (2) | not met |',
      '| render.mjs | – | – | – | exited 1, no result |',
    ]);
  });
});

describe('settledLoad', () => {
  it('gives the load now when it may not wait, and polls no longer than allowed', async () => {
    const started = Date.now();
    const now = await settledLoad(300, 100);
    expect(now.cores).toBeGreaterThan(0);
    expect(Number.isFinite(now.load)).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});
