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
  it('has a case for every file in it', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(corpus).filter((f) => f !== 'cases.yaml');
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
