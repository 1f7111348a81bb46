// The YAML node bound (issue 13): the worst documents the loader still accepts, and bombs far past the
// bound under the 8 MB file cap, run through bin/sla with CPU time and peak memory measured in the child.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureSla, repoRoot, tempDir, type MeasuredRun } from '../helpers.js';

const minimal = readFileSync(join(repoRoot, 'test/fixtures/minimal.yaml'), 'utf8');
const withIncluded = (list: string, before = '') => before + minimal.replace('included: [Everything in the summary]', `included: ${list}`);

type Measured = MeasuredRun;

const measured = (args: string[], cwd: string): Promise<Measured> => measureSla(args, { cwd });

// Generous: the machine is shared, so the CPU time of the child is the figure that means something;
// the wall clock only says it never hangs.
const CPU_MS = 10_000;
const RSS_MB = 300;
const WALL_MS = 90_000;

const { dir, cleanup } = tempDir('sla-yaml-bounds-');
afterAll(cleanup);

function expectBounded(r: Measured): void {
  expect(r.cpuMs, `CPU ${r.cpuMs} ms`).toBeLessThan(CPU_MS);
  expect(r.maxRssMb, `peak RSS ${r.maxRssMb} MB`).toBeLessThan(RSS_MB);
  expect(r.wallMs).toBeLessThan(WALL_MS);
  expect(r.stderr).not.toMatch(/internal error|    at |Keys with collection values/);
}

const validate = (file: string) => measured(['validate', file, '--as-of', '2026-03-01'], dir);

describe('YAML node bound, measured through bin/sla', () => {
  it('accepts a flow list just under the bound (19,850 items) within the time and memory bounds', async () => {
    const file = join(dir, 'at-limit-flow.yaml');
    writeFileSync(file, withIncluded(`[${Array(19_850).fill('a').join(',')}]`));
    const r = await validate(file);
    expect(r.stdout).toContain('1 file valid');
    expect(r.code).toBe(0);
    expectBounded(r);
  }, WALL_MS + 10_000);

  it('accepts a block list just under the bound within the time and memory bounds', async () => {
    const file = join(dir, 'at-limit-block.yaml');
    writeFileSync(file, withIncluded(`\n${'    - a\n'.repeat(19_850)}`));
    const r = await validate(file);
    expect(r.code).toBe(0);
    expectBounded(r);
  }, WALL_MS + 10_000);

  it('reads a flow mapping of 9,900 keys (the duplicate check is linear) within the bounds', async () => {
    const file = join(dir, 'at-limit-map.yaml');
    writeFileSync(file, withIncluded(`[{${Array.from({ length: 9_900 }, (_, i) => `k${i}: 1`).join(', ')}}]`));
    const r = await validate(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('scope.included[0] must be a string');
    expectBounded(r);
  }, WALL_MS + 10_000);

  it('accepts 99 aliases of a 190-item list (18,900 nodes once expanded) within the bounds', async () => {
    const file = join(dir, 'at-limit-aliases.yaml');
    writeFileSync(file, withIncluded(`[${Array(99).fill('*l').join(', ')}]`, `x: &l [${Array(190).fill('a').join(',')}]\n`));
    const r = await validate(file);
    // Past the node bound only through the schema: the unknown key x and lists in place of text.
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unknown key "x" at the top level');
    expect(r.stdout).not.toContain('YAML nodes');
    expectBounded(r);
  }, WALL_MS + 10_000);

  it('refuses an 8 MB flow list of 4 million items before parsing it (was 82 s and 4.1 GB)', async () => {
    const file = join(dir, 'bomb-flow.yaml');
    const items = `[${'a,'.repeat(4_000_000)}a]`;
    writeFileSync(file, withIncluded(items));
    const r = await validate(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/bomb-flow\.yaml\n\s+25:\d+\s+error\s+the document has more than 20,000 YAML nodes/);
    expectBounded(r);
  }, WALL_MS + 10_000);

  it('refuses a list of 19,000 items aliased 99 times (a 1.2M-item list aliased 99 times ran past 900 s at 2.1 GB)', async () => {
    const file = join(dir, 'bomb-aliases.yaml');
    writeFileSync(file, withIncluded(`[${Array(99).fill('*l').join(', ')}]`, `x: &l [${Array(19_000).fill('a').join(',')}]\n`));
    const r = await validate(file);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/26:\d+\s+error\s+too many alias expansions/);
    expectBounded(r);
  }, WALL_MS + 10_000);
});
