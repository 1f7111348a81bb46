// The bad-input corpus (test/fixtures/bad/cases.yaml), shared by bad-inputs.test.ts (every case,
// in-process) and bad-inputs.cli.test.ts (a sample through the spawned bin/sla).
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot, runners, sample, type Mode } from '../helpers.js';

export interface BadCase {
  file: string;
  args?: string[];
  exit: 0 | 1 | 2;
  message: string;
  where?: string;
  /** Why the case needs a real process; such cases always run through the binary too. */
  process?: string;
  /** false: the case cannot run in a test worker; through the binary only. */
  inProcess?: boolean;
  /** Environment variables for the run (such as SOURCE_DATE_EPOCH). */
  env?: Record<string, string>;
}

export const corpus = join(repoRoot, 'test/fixtures/bad');
export const cases = parse(readFileSync(join(corpus, 'cases.yaml'), 'utf8')) as BadCase[];

/** An `it` per case selected for `mode` (all in-process; a sample through bin/sla). */
export function badInputCases(mode: Mode): void {
  const run = runners[mode];
  // Spawned runs wait on their processes, so they overlap; in-process runs take milliseconds each.
  const each = mode === 'bin/sla' ? it.concurrent.each<BadCase>(sample(mode, cases)) : it.each<BadCase>(sample(mode, cases));
  each('$file → exit $exit', async (c) => {
    const path = relative(repoRoot, join(corpus, c.file));
    const args = (c.args ?? ['validate', '{file}', '--as-of', '2026-03-01']).map((a) => a.replace('{file}', path));
    const started = Date.now();
    const r = await run(args, { cwd: repoRoot, timeoutMs: 20_000, ...(c.env ? { env: c.env } : {}) });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(c.exit);
    expect(output).toContain(c.message);
    if (c.where) expect(output).toMatch(new RegExp(`(^|[\\s:])${c.where.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'm'));
    // Never a stack trace, whatever the input.
    expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
    expect(output).not.toMatch(/internal error/);
    // Nothing acts on the terminal: no raw ESC, C1 control or bidi override, whatever the input held.
    expect(output).not.toMatch(/[\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
}
