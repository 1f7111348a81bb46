// Run in-process by open-formats.test.ts and through bin/sla by open-formats.cli.test.ts.
import { expect } from 'vitest';
import type { CheckResult } from '../../src/core/check/index.js';
import { CaseTable, example, type Mode } from '../helpers.js';

const args = ['check', example('ticket-export', 'sla.yaml'), example('ticket-export', 'tickets.csv')];

/** Declares the cases (inside a describe); `mode` says how they run. */
export function openFormatCases(mode: Mode): void {
  const t = new CaseTable(mode);
  t.describe('tickets still open at the end of the data', () => {
    t.case('are a notice in GitHub annotations and a note in JUnit, for every result that has them', async (run) => {
      const json = JSON.parse((await run([...args, '--format', 'json'])).stdout) as CheckResult;
      const open = json.results.filter((r) => r.open > 0);
      expect(open.length).toBeGreaterThan(0);
      const github = (await run([...args, '--format', 'github'])).stdout;
      const notices = github.split('\n').filter((l) => l.startsWith('::notice '));
      expect(notices).toHaveLength(open.length);
      for (const r of open) expect(github).toContain(`${r.open} row${r.open === 1 ? '' : 's'} still open in ${r.period}, not counted yet`);
      const junit = (await run([...args, '--format', 'junit'])).stdout;
      for (const r of open) {
        const testcase = junit.split('<testcase ').find((t) => t.startsWith(`classname="sla.check.${r.kpi}" name="${r.kpi} ${r.period}"`))!;
        expect(testcase).toContain(`<system-out>${r.open} row${r.open === 1 ? '' : 's'} still open at the end of the data, not counted yet</system-out>`);
      }
    });
  });
}
