// Load: progress on a terminal only, in the same `sla: [n/total] file` form as `sla render`.
// Piped runs (no progress) are real processes: load-progress.cli.test.ts.
// (Time and peak memory over 5,000 files are measured by test/bench/load.mjs, not here.)
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, tempDir } from '../helpers.js';
import { manySlas } from './many-slas.js';

const tmp = tempDir('sla-load-');
afterAll(() => tmp.cleanup());
const N = 60;
const dir = join(tmp.dir, 'many');
beforeAll(() => manySlas(dir, N));

describe('sla validate on many files', () => {
  it('on a terminal: one progress line rewritten in place, reaching the total, erased before the results', async () => {
    const r = await runInProcess(['validate', dir, '--as-of', '2026-06-01'], { tty: true, env: { NO_COLOR: '1' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stderr).toMatch(/^\r\x1b\[2Ksla: \[1\/60\] /);
    expect(r.stderr).toContain(`sla: [${N}/${N}] `);
    expect(r.stderr).not.toContain('\n'); // never a scrolling list
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });
});
