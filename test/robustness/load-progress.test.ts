// Load: progress on a terminal only, in the same `sla: [n/total] file` form as `sla render`.
// (Time and peak memory over 5,000 files are measured by test/bench/load.mjs, not here.)
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, runInProcess, runSla, tempDir } from '../helpers.js';

const tmp = tempDir('sla-load-');
afterAll(() => tmp.cleanup());
const N = 60;
const dir = join(tmp.dir, 'many');
beforeAll(() => {
  mkdirSync(dir);
  for (let i = 0; i < N; i++) copyFileSync(example(i % 2 ? 'platform-api' : 'it-service-desk', 'sla.yaml'), join(dir, `sla-${String(i).padStart(2, '0')}.yaml`));
});

describe('sla validate on many files', () => {
  it('on a terminal: one progress line rewritten in place, reaching the total, erased before the results', async () => {
    const r = await runInProcess(['validate', dir, '--as-of', '2026-06-01'], { tty: true, env: { NO_COLOR: '1' } });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stderr).toMatch(/^\r\x1b\[2Ksla: \[1\/60\] /);
    expect(r.stderr).toContain(`sla: [${N}/${N}] `);
    expect(r.stderr).not.toContain('\n'); // never a scrolling list
    expect(r.stderr.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('piped (CI logs) or a single file: no progress at all', async () => {
    const piped = await runSla(['validate', dir, '--as-of', '2026-06-01']);
    expect(piped.code).toBe(0);
    expect(piped.stderr).toBe('');
    const single = await runInProcess(['validate', join(dir, 'sla-00.yaml'), '--as-of', '2026-06-01'], { tty: true, env: { NO_COLOR: '1' } });
    expect(single.stderr).toBe('');
  });

  it('sla render prints the same form, a line per document', async () => {
    const r = await runSla(['render', join(dir, 'sla-00.yaml'), join(dir, 'sla-01.yaml'), '--out-dir', join(tmp.dir, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^sla: \[1\/2\] .*sla-00\.yaml → .*sla-00\.md\nsla: \[2\/2\] /);
  });
});
