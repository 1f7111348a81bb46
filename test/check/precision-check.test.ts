// Precision never hides the verdict, end to end through the engine (issue 12): `sla check` in process
// on the minimal agreement with a target of 99.999 % and credit tiers below 99.999 (10 %) and 99.99 (30 %).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check/types.js';
import { repoRoot, runInProcess, tempDir } from '../helpers.js';

let tmp: { dir: string; cleanup: () => void };
let sla: string;
let csv: string;
beforeAll(() => {
  tmp = tempDir('sla-precision-');
  const minimal = readFileSync(join(repoRoot, 'test/fixtures/minimal.yaml'), 'utf8');
  sla = join(tmp.dir, 'sla.yaml');
  writeFileSync(sla, minimal.replace('target: 99.5', 'target: 99.999').replace('    escalation: [Head of provider]', '    escalation: [Head of provider]\n    credits:\n      - { below: 99.999, credit: 10 }\n      - { below: 99.99, credit: 30 }'));
  csv = join(tmp.dir, 'metrics.csv');
  // Means: January 99.9986 (breached, 10 %), February 99.99 (on the 30 % bound, not below it: 10 %),
  // March 99.98995 (just below it: 30 %), April 99.9995 (met).
  writeFileSync(csv, 'timestamp,metric,value\n2026-01-15,availability,99.9986\n2026-02-15,availability,99.99\n2026-03-15,availability,99.98995\n2026-04-15,availability,99.9995\n');
});
afterAll(() => tmp.cleanup());

describe('sla check prints a breach apart from its target and credit bounds', () => {
  it('table: 99.9986 % against ≥ 99.999 %, 99.99 % on the bound, 99.98995 % below it', async () => {
    const { stdout, code } = await runInProcess(['check', sla, csv]);
    expect(code).toBe(1);
    const row = (period: string) => stdout.split('\n').find((l) => l.startsWith(`uptime  ${period}`))!.split(/\s{2,}/);
    expect(row('2026-01')).toEqual(['uptime', '2026-01', '99.9986 %', '≥ 99.999 %', '−0.0004 pp', '140 %', '✖ breached']);
    expect(row('2026-02')).toEqual(['uptime', '2026-02', '99.99 %', '≥ 99.999 %', '−0.009 pp', '1,000 %', '✖ breached']);
    expect(row('2026-03')).toEqual(['uptime', '2026-03', '99.98995 %', '≥ 99.999 %', '−0.00905 pp', '1,005 %', '✖ breached']);
    // Met, but not perfect: 3 decimals would print 100 %, the end of the scale, so it takes a fourth.
    expect(row('2026-04')).toEqual(['uptime', '2026-04', '99.9995 %', '≥ 99.999 %', '+0.0005 pp', '50 %', '✔ met']);
    expect(stdout).toContain('uptime 2026-01 (99.9986 % against ≥ 99.999 %): 10 % service credit');
    expect(stdout).toContain('uptime 2026-03 (99.98995 % against ≥ 99.999 %): 30 % service credit');
  });
  it('json: exact values, budget used without binary noise', async () => {
    const { stdout } = await runInProcess(['check', sla, csv, '--format', 'json']);
    const r = JSON.parse(stdout) as CheckResult;
    // (100 − 99.99) / (100 − 99.999) × 100 = 0.01 / 0.001 × 100 = 1000; margin 99.99 − 99.999 = −0.009.
    expect(r.results.map((x) => [x.actual, x.margin, x.budgetUsed, x.consequences[0]?.credit ?? null])).toEqual([
      [99.9986, -0.0004, 140, 10],
      [99.99, -0.009, 1000, 10],
      [99.98995, -0.00905, 1005, 30],
      [99.9995, 0.0005, 50, null],
    ]);
  });
  it('github and junit messages carry the same digits', async () => {
    const gh = await runInProcess(['check', sla, csv, '--format', 'github']);
    expect(gh.stdout).toContain('Availability: 99.9986 %25 in 2026-01, target ≥ 99.999 %25');
    const junit = await runInProcess(['check', sla, csv, '--format', 'junit']);
    expect(junit.stdout).toContain('message="99.98995 %, target ≥ 99.999 %"');
  });
});
