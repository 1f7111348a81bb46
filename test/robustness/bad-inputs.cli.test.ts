// The bad-input corpus through the spawned bin/sla: every 8th case and those tagged `process` (see
// test/fixtures/bad/cases.yaml), plus a 1 GB file under a 64 MB heap, which only a real process can show.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers.js';
import { badInputCases } from './bad-inputs.js';

describe('the bad-input corpus (bin/sla)', () => {
  it('a 1 GB file of random bytes fails fast, without reading it into memory', async () => {
    const { mkdtempSync, openSync, writeSync, ftruncateSync, closeSync, rmSync } = await import('node:fs');
    const { randomBytes } = await import('node:crypto');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sla-huge-'));
    try {
      // 1 MB of random bytes, then a sparse tail to 1 GB: the size is real, the disk cost is not.
      const file = join(dir, 'huge.csv');
      const fd = openSync(file, 'w');
      writeSync(fd, randomBytes(1 << 20));
      ftruncateSync(fd, 1 << 30);
      closeSync(fd);
      const started = Date.now();
      // A 64 MB heap would be exhausted long before 1 GB had been read.
      const { spawnSync } = await import('node:child_process');
      const r = spawnSync(process.execPath, ['--max-old-space-size=64', join(repoRoot, 'bin/sla.js'), 'check', join(repoRoot, 'examples/platform-api/sla.yaml'), file], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^sla: .*huge\.csv: the file is (not text|not valid UTF-8)/);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  badInputCases('bin/sla');
});
