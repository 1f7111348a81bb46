// The IT service desk example's metrics as a workbook, through the spawned bin/sla: `sla check` and
// `sla report` give exactly what they give for the example's metrics.csv.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, repoRoot, runSla } from '../helpers.js';

const sla = example('it-service-desk', 'sla.yaml');
const csv = example('it-service-desk', 'metrics.csv');
const xlsx = join(repoRoot, 'test/fixtures/xlsx/it-service-desk.xlsx');

describe('a workbook end to end (bin/sla)', () => {
  it('sla check --format json: the same result as the CSV, byte for byte', async () => {
    const [a, b] = await Promise.all([runSla(['check', sla, csv, '--format', 'json']), runSla(['check', sla, xlsx, '--format', 'json'])]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(a.code);
    expect(b.stdout).toBe(a.stdout);
    expect(JSON.parse(b.stdout).results.some((r: { samples: number }) => r.samples > 0)).toBe(true);
  }, 60_000);

  it('sla report (Markdown, charts inline): the same report as from the CSV', async () => {
    const args = ['--as-of', '2026-04-01', '--inline-images'];
    const [a, b] = await Promise.all([runSla(['report', sla, csv, ...args]), runSla(['report', sla, xlsx, ...args])]);
    expect(b.stderr).toBe('');
    expect(b.code).toBe(0);
    expect(b.stdout).toBe(a.stdout);
  }, 60_000);
});
