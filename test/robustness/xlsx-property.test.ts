// A random table read as a workbook and as a CSV gives the same check: the same JSON result (or the
// same exit 2), whatever the cells, so the .xlsx path adds no reading of its own beyond turning cells
// into text. Numbers, date cells, text (commas, quotes, spaces, non-ASCII) and empty cells.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { example, runInProcess } from '../helpers.js';
import { n, rawWorkbook } from '../check/xlsx-workbooks.mjs';

const runs = Math.min(Number(process.env.SLA_FUZZ_RUNS ?? 300), 5_000);
const sla = example('platform-api', 'sla.yaml');
const dir = mkdtempSync(join(tmpdir(), 'sla-xlsx-property-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COLUMNS = ['timestamp', 'metric', 'value', 'service', 'good', 'total', 'priority'];
const LETTERS = 'ABCDEFG';
type Cell = { kind: 'number'; v: number } | { kind: 'date'; ms: number } | { kind: 'text'; t: string } | { kind: 'empty' };

const text = fc.oneof(
  fc.constantFrom('requests', 'auth_latency_ms', 'incident_ack_minutes', 'payments-api', 'SEV1', 'P1', '2026-01-05T10:00:00Z', '2026-02-30', 'NaN', '250', ' 99.95 ', 'a, b', 'say "hi"', 'ümlaut', '#N/A'),
  fc.string({ maxLength: 6, unit: fc.constantFrom('a', '1', ' ', ',', '"', '-', '.', 'é', 'Z', ':') }),
);
// Whole seconds in 2025-2027, on either side of the agreement's start (2026-01-01).
const date = fc.integer({ min: Date.UTC(2025, 10, 1) / 1000, max: Date.UTC(2027, 1, 1) / 1000 }).map((s) => ({ kind: 'date' as const, ms: s * 1000 }));
const cell: fc.Arbitrary<Cell> = fc.oneof(
  fc.oneof(fc.integer({ min: -5, max: 20_000 }), fc.double({ min: -1e16, max: 1e16, noNaN: true })).map((v) => ({ kind: 'number' as const, v })),
  date,
  text.map((t) => ({ kind: 'text' as const, t })),
  fc.constant({ kind: 'empty' as const }),
);
// The timestamp cell is never empty: an all-empty row is a blank line in a workbook but not in a CSV.
const row = fc.tuple(fc.oneof(date, date, text.filter((t) => t.trim() !== '').map((t) => ({ kind: 'text' as const, t }))), fc.array(cell, { minLength: 6, maxLength: 6 })).map(([ts, rest]) => [ts, ...rest]);

const xml = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const SERIAL_EPOCH = 25569;

function workbookCell(c: Cell, ref: string): string {
  switch (c.kind) {
    case 'number': return n(ref, String(c.v));
    case 'date': return n(ref, String(c.ms / 86_400_000 + SERIAL_EPOCH), 1);
    case 'text': return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xml(c.t)}</t></is></c>`;
    case 'empty': return '';
  }
}
// What a CSV export of the cell holds: Excel's 15 digits, a date as ISO local time, text quoted.
function csvCell(c: Cell): string {
  switch (c.kind) {
    case 'number': return String(Number(c.v.toPrecision(15)));
    case 'date': {
      const iso = new Date(c.ms).toISOString().slice(0, 19);
      return iso.endsWith('T00:00:00') ? iso.slice(0, 10) : iso;
    }
    case 'text': return `"${c.t.replace(/"/g, '""')}"`;
    case 'empty': return '';
  }
}
const styles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';

describe('a workbook and the CSV of the same cells', () => {
  it('give the same check: the same JSON, or exit 2 on the same row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(row, { maxLength: 10 }), fc.boolean(), async (rows, skipInvalid) => {
        const header = `<row r="1">${COLUMNS.map((h, k) => `<c r="${LETTERS[k]}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`;
        const body = rows.map((r, i) => `<row r="${i + 2}">${r.map((c, k) => workbookCell(c, `${LETTERS[k]}${i + 2}`)).join('')}</row>`).join('');
        writeFileSync(join(dir, 'metrics.xlsx'), rawWorkbook(header + body, { styles }));
        writeFileSync(join(dir, 'metrics.csv'), [COLUMNS.join(','), ...rows.map((r) => r.map(csvCell).join(','))].join('\n') + '\n');
        const flags = ['--format', 'json', ...(skipInvalid ? ['--skip-invalid'] : [])];
        const fromCsv = await runInProcess(['check', sla, 'metrics.csv', ...flags], { cwd: dir });
        const fromXlsx = await runInProcess(['check', sla, 'metrics.xlsx', ...flags], { cwd: dir });
        expect(fromXlsx.code).toBe(fromCsv.code);
        if (fromCsv.code === 2) {
          const where = /row (\d+)(?:, column "([^"]+)")?/.exec(fromCsv.stderr);
          expect(fromXlsx.stderr.trimEnd().split('\n')).toHaveLength(1);
          if (where?.[2]) expect(fromXlsx.stderr).toContain(`sheet Tickets, cell ${LETTERS[COLUMNS.indexOf(where[2])]}${where[1]}: `);
          expect(fromXlsx.stderr.replace(/.*?: sheet Tickets, (cell [A-G]\d+|row \d+): /, '').replace(' (or make it a date cell)', '')).toBe(fromCsv.stderr.replace(/.*?: row \d+(, column "[^"]+")?: /, '').replace('fix the row', 'fix the cell'));
        } else expect(fromXlsx.stdout).toBe(fromCsv.stdout);
      }),
      { numRuns: runs },
    );
  }, Math.max(120_000, runs * 100));
});
