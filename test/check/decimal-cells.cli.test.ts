// Value cells are decimal numbers only (issue 12): 0x10, 0b11 and 0o7 were read as 16, 3 and 7 by
// Number(); they are rejected like 1_000, with the row (as a spreadsheet numbers it) and the column.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check/types.js';
import { example, runSla, tempDir } from '../helpers.js';

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('sla-decimal-');
});
afterAll(() => tmp.cleanup());

const sla = example('platform-api', 'sla.yaml');
const header = 'timestamp,metric,value,service,good,total,priority\n';
const file = (name: string, text: string) => {
  const path = join(tmp.dir, name);
  writeFileSync(path, text);
  return path;
};

describe('sla check: value cells that are not decimal numbers (spawned)', () => {
  for (const [cell, column, row] of [['0x10', 'value', 3], ['0b11', 'value', 3], ['0o7', 'value', 3], ['1_000', 'value', 3], ['0x3E8', 'good', 2]] as const) {
    it(`${cell} in "${column}": exit 2, naming file, row ${row} and the column`, async () => {
      const good = column === 'good' ? cell : '999';
      const value = column === 'value' ? cell : '';
      const csv = file(`bad-${cell}.csv`, `${header}2026-01-05T10:00:00Z,requests,,payments-api,${good},1000,\n2026-01-05T11:00:00Z,auth_latency_ms,${value || '120'},payments-api,,,\n`);
      const { code, stdout, stderr } = await runSla(['check', sla, csv]);
      expect(stdout).toBe('');
      expect(stderr).toBe(`sla: ${csv}: row ${row}, column "${column}": "${cell}" is not a number; fix the row, or run with --skip-invalid to skip and list such rows\n`);
      expect(code).toBe(2);
    });
  }

  it('--skip-invalid lists each with row and column and counts only the decimal rows', async () => {
    const csv = file('mixed.csv', header + [
      '2026-01-05T10:00:00Z,requests,,payments-api,999,1000,',
      '2026-01-05T11:00:00Z,requests,,payments-api,0x10,1000,',
      '2026-01-05T12:00:00Z,requests,,payments-api,998,0b11,',
      '2026-01-05T13:00:00Z,requests,,payments-api,0o7,1000,',
      '2026-01-05T14:00:00Z,requests,,payments-api,1_000,1000,',
      '2026-01-05T15:00:00Z,requests,,payments-api,1e3,1000,',
    ].join('\n') + '\n');
    const { code, stdout } = await runSla(['check', sla, csv, '--format', 'json', '--skip-invalid', '--allow-missing']);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.skipped).toEqual([
      { row: 3, column: 'good', reason: '"0x10" is not a number' },
      { row: 4, column: 'total', reason: '"0b11" is not a number' },
      { row: 5, column: 'good', reason: '"0o7" is not a number' },
      { row: 6, column: 'good', reason: '"1_000" is not a number' },
    ]);
    // 999 + 1000 good of 2000: 99.95 %; 0x10 read as 16 would have made it (999 + 16 + 1000) / 3000.
    expect(r.results.find((x) => x.kpi === 'availability')).toMatchObject({ actual: 99.95, samples: 2, status: 'met' });
    expect(code).toBe(0);
  });
});
