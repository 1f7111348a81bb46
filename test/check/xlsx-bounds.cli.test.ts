// Time and peak memory of `sla check` on workbooks at and past the .xlsx reader's bounds (spawned, so
// the peak RSS is the check's own): 100,000 rows, zip bombs honest and lying about their size, a text
// that never ends, a row of a million columns. The workbooks are made here, none is committed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnLetters } from '../../src/core/check/xlsx-cells.js';
import { measureSla, runInProcess, tempDir } from '../helpers.js';
import { deflateBomb, metricsCsv, metricsSla, metricsWorkbook, workbookParts, zip } from './xlsx-workbooks.mjs';

// Generous bounds for 2 shared cores: the point is flat, not fast. CPU time is the check's own; the
// wall time only catches a hang on a loaded machine.
const MAX_CPU_MS = 15_000;
const MAX_WALL_MS = 60_000;
const MAX_RSS_MB = 300;
const ROWS = 100_000;

let tmp: { dir: string; cleanup: () => void };
let sla: string;
beforeAll(() => {
  tmp = tempDir('sla-xlsx-bounds-');
  sla = join(tmp.dir, 'sla.yaml');
  writeFileSync(sla, metricsSla());
});
afterAll(() => tmp.cleanup());

async function measured(args: string[]) {
  const r = await measureSla(args, { cwd: tmp.dir });
  if (process.env.SLA_SHOW_MEASURES) console.log(`${args.slice(1).join(' ')}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.maxRssMb.toFixed(0)} MB`);
  return r;
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const sheet = (entry: { deflated?: Buffer; data?: string; size?: number }) => zip([...workbookParts({ sheet: 'Big' }), { name: 'xl/worksheets/sheet1.xml', ...entry }]);

describe('sla check on workbooks at the reader bounds: time and peak memory (spawned)', () => {
  it(`checks ${ROWS.toLocaleString('en-US')} rows in bounded memory, with the same result as the same rows in a CSV`, async () => {
    const xlsx = join(tmp.dir, 'metrics.xlsx');
    const csv = join(tmp.dir, 'metrics.csv');
    await metricsWorkbook(xlsx, ROWS);
    await metricsCsv(csv, ROWS);
    const fromCsv = await runInProcess(['check', sla, csv, '--format', 'json'], { cwd: tmp.dir }); // the reference: main in this process
    const r = await measured(['check', sla, xlsx, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(fromCsv.code);
    expect(r.stdout).toBe(fromCsv.stdout);
    const result = JSON.parse(r.stdout);
    const samples = result.results.filter((x: { kpi: string }) => x.kpi === 'availability').reduce((sum: number, x: { samples: number }) => sum + x.samples, 0);
    expect(samples).toBe(Math.ceil(ROWS / 3));
    expect(r.cpuMs).toBeLessThan(MAX_CPU_MS);
    expect(r.wallMs).toBeLessThan(MAX_WALL_MS);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, 180_000);

  it.each([
    ['a zip bomb that declares its 2 GiB', async () => sheet(await deflateBomb(`<worksheet ${NS}><sheetData>`, '<row r="2"><c r="A2"><v>1</v></c></row>', 2048, '</sheetData></worksheet>')), 'bomb.xlsx: xl/worksheets/sheet1.xml (the sheet) expands to 2 GiB, more than the 1 GiB sla reads; is the file a zip bomb? A table that large goes as CSV'],
    ['a zip bomb that declares 500 KB and inflates to 2 GiB', async () => sheet({ ...(await deflateBomb(`<worksheet ${NS}><sheetData>`, ' '.repeat(1024), 2048, '</sheetData></worksheet>')), size: 500_000 }), 'bomb.xlsx: xl/worksheets/sheet1.xml (the sheet) holds more than the 500,000 bytes the archive declares for it; the file is damaged or a zip bomb'],
    ['a zip bomb of 1,000 MiB of spaces, under the sheet limit', async () => sheet(await deflateBomb(`<worksheet ${NS}><sheetData>`, ' '.repeat(1024), 1000, '</sheetData></worksheet>')), 'bomb.xlsx: xl/worksheets/sheet1.xml (the sheet) holds a text or tag longer than 1 MiB; the file is damaged or not a workbook sla can read'],
    ['a zip bomb of 1,000 MiB of one row number over and over', async () => sheet(await deflateBomb(`<worksheet ${NS}><sheetData><row r="1">${['timestamp', 'metric', 'value', 'total', 'service'].map((h, k) => `<c r="${columnLetters(k)}1" t="inlineStr"><is><t>${h}</t></is></c>`).join('')}</row>`, '<row r="2"><c r="A2"><v>1</v></c></row>', 1000, '</sheetData></worksheet>')), 'bomb.xlsx: sheet Big: row 2 follows row 2; the rows are out of order, so the sheet is damaged; save the workbook again as .xlsx'],
  ])('%s ends with a clear error in bounded time and memory', async (_name, make, message) => {
    const data = await make();
    expect(data.length).toBeLessThan(8 << 20);
    writeFileSync(join(tmp.dir, 'bomb.xlsx'), data);
    const r = await measured(['check', sla, 'bomb.xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`sla: ${message}`);
    expect(r.cpuMs).toBeLessThan(MAX_CPU_MS);
    expect(r.wallMs).toBeLessThan(MAX_WALL_MS);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, 120_000);

  const cells = (ref: (k: number) => string) => Array.from({ length: 1_000_000 }, (_, k) => `<c r="${ref(k)}"><v>${k}</v></c>`).join('');
  it.each([
    ['named A1 to past XFD', (k: number) => `${columnLetters(k)}1`, 'wide.xlsx: sheet Big: a cell lies in column XFE, past XFD, the last of the 16,384 columns a sheet has; the workbook is damaged: open it in Excel or LibreOffice and save it again as .xlsx'],
    ['all named A1', () => 'A1', 'wide.xlsx: xl/worksheets/sheet1.xml (the sheet) has a row longer than 8 MiB of XML (a million columns?); a sheet has at most 16,384 columns (A to XFD), and a metrics row far fewer'],
  ])('a row of a million cells %s ends with a clear error in bounded time and memory', async (_name, ref, message) => {
    const xml = `<worksheet ${NS}><sheetData><row r="1">${cells(ref)}</row></sheetData></worksheet>`;
    writeFileSync(join(tmp.dir, 'wide.xlsx'), sheet({ deflated: deflateRawSync(xml), data: xml }));
    const r = await measured(['check', sla, 'wide.xlsx']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`sla: ${message}`);
    expect(r.cpuMs).toBeLessThan(MAX_CPU_MS);
    expect(r.wallMs).toBeLessThan(MAX_WALL_MS);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, 120_000);
});
