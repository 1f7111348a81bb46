import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runSla } from '../helpers.js';

interface BadCase {
  file: string;
  args?: string[];
  exit: 0 | 1 | 2;
  message: string;
  where?: string;
}

const corpus = join(repoRoot, 'test/fixtures/bad');
const cases = parse(readFileSync(join(corpus, 'cases.yaml'), 'utf8')) as BadCase[];

describe('the bad-input corpus', () => {
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

  it('has a case for every file in it', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(corpus).filter((f) => f !== 'cases.yaml');
    expect(files.length).toBeGreaterThanOrEqual(60);
    const named = new Set(cases.map((c) => c.file));
    expect(files.filter((f) => !named.has(f))).toEqual([]);
  });

  it.concurrent.each(cases)('$file → exit $exit', async (c) => {
    const path = relative(repoRoot, join(corpus, c.file));
    const args = (c.args ?? ['validate', '{file}', '--as-of', '2026-03-01']).map((a) => a.replace('{file}', path));
    const started = Date.now();
    const r = await runSla(args, { timeoutMs: 20_000 });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(c.exit);
    expect(output).toContain(c.message);
    if (c.where) expect(output).toMatch(new RegExp(`(^|[\\s:])${c.where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm'));
    // Never a stack trace, whatever the input.
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(output).not.toMatch(/internal error/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});
