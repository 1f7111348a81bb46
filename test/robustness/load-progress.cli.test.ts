// Load progress when standard error is a pipe (CI logs): none, and sla render's line per document.
// Real processes, so process.stderr really is a pipe; the terminal case is in load-progress.test.ts.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, runSla, tempDir } from '../helpers.js';
import { manySlas } from './many-slas.js';

const tmp = tempDir('sla-load-bin-');
afterAll(() => tmp.cleanup());
const N = 60;
const dir = join(tmp.dir, 'many');
beforeAll(() => manySlas(dir, N));

describe('sla validate on many files, piped', () => {
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
