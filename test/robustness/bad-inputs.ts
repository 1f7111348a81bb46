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

const escaped = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** What every run must hold, whatever the input: no stack trace, no internal error, nothing that acts on the terminal. */
function expectClean(output: string): void {
  // Never a stack trace, whatever the input.
  expect(output).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  expect(output).not.toMatch(/internal error/);
  // Nothing acts on the terminal: no raw ESC, C1 control or bidi override, whatever the input held.
  expect(output).not.toMatch(/[\u001b\u0080-\u009f\u202a-\u202e\u2066-\u2069]/);
}

/**
 * Through bin/sla, the sampled cases that are plain `sla validate FILE --as-of 2026-03-01` with findings
 * (exit 1) share one run: validate reports each file in a section of its own, headed by its path. A
 * spawn each cost ~0.4 CPU-s; one run shows each file's message, location and error as well, and its exit 1
 * that none of them ended in 2.
 */
const batchable = (c: BadCase) => c.args === undefined && c.exit === 1 && !c.process && c.inProcess !== false && c.env === undefined;

/** An `it` per case selected for `mode` (all in-process; a sample through bin/sla). */
export function badInputCases(mode: Mode): void {
  const run = runners[mode];
  const selectedCases = sample(mode, cases);
  const batch = mode === 'bin/sla' ? selectedCases.filter(batchable) : [];
  if (batch.length > 0) {
    it(`${batch.length} files of plain \`sla validate\` in one run → exit 1, each with its message and location`, async () => {
      const paths = batch.map((c) => relative(repoRoot, join(corpus, c.file)));
      const started = Date.now();
      const r = await run(['validate', ...paths, '--as-of', '2026-03-01'], { cwd: repoRoot, timeoutMs: 20_000 });
      const output = r.stdout + r.stderr;
      expect(r.code, output).toBe(1);
      const sections = output.split(/\n\n/);
      batch.forEach((c, i) => {
        const section = sections.find((s) => s.split('\n')[0] === paths[i]);
        expect(section, `${c.file}: its section in\n${output}`).toBeDefined();
        expect(section).toMatch(/^\s+\d+:\d+\s+error\s/m);
        expect(section).toContain(c.message);
        if (c.where) expect(section).toMatch(new RegExp(`(^|[\\s:])${escaped(c.where)}\\b`, 'm'));
      });
      expectClean(output);
      expect(Date.now() - started).toBeLessThan(15_000);
    }, 30_000);
  }
  // Spawned runs wait on their processes, so they overlap; in-process runs take milliseconds each.
  const single = selectedCases.filter((c) => !batch.includes(c));
  const each = mode === 'bin/sla' ? it.concurrent.each<BadCase>(single) : it.each<BadCase>(single);
  each('$file → exit $exit', async (c) => {
    const path = relative(repoRoot, join(corpus, c.file));
    const args = (c.args ?? ['validate', '{file}', '--as-of', '2026-03-01']).map((a) => a.replace('{file}', path));
    const started = Date.now();
    const r = await run(args, { cwd: repoRoot, timeoutMs: 20_000, ...(c.env ? { env: c.env } : {}) });
    const output = r.stdout + r.stderr;
    expect(r.code, output).toBe(c.exit);
    expect(output).toContain(c.message);
    if (c.where) expect(output).toMatch(new RegExp(`(^|[\\s:])${escaped(c.where)}\\b`, 'm'));
    expectClean(output);
    expect(Date.now() - started).toBeLessThan(15_000);
  });
}
