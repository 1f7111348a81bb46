// sla report to PDF, through the spawned bin/sla and Chromium.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, runSla, tempDir } from '../helpers.js';
import { exampleData, pdfText, pdfUnavailable } from '../render/fixtures.js';

const { dir, cleanup } = tempDir('sla-report-pdf-');
afterAll(() => cleanup());

const unavailable = pdfUnavailable();
describe.skipIf(unavailable !== undefined && !process.env.CI)(`sla report to PDF${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('reads back with the summary sentence, every KPI and its table, and reproducibly with SOURCE_DATE_EPOCH', async () => {
    const out = join(dir, 'report.pdf');
    const env = { SOURCE_DATE_EPOCH: '1782864000' };
    const r = await runSla(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', out, '--as-of', '2026-07-01'], { env });
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(out).replace(/\s+/g, ' ');
    expect(text).toContain('All 4 KPIs missed their targets in at least one period from 1 January 2026 to 30 June 2026');
    expect(text).toContain('Results by KPI');
    for (const m of exampleData('platform-api').metrics as { name: string }[]) expect(text).toContain(m.name);
    expect(text).toMatch(/March 2026 99\.464 % ≥ 99\.9 % −0\.436 pp ✗ Breached/);
    expect(text).toContain('Page 1 of');
    const again = join(dir, 'again.pdf');
    await runSla(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', again, '--as-of', '2026-07-01'], { env });
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  }, 60_000);
});

