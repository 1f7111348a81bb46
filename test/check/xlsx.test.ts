// .xlsx workbooks in `sla check` (in-process): cells as the engine reads them, sheets, errors that name
// the sheet and the cell. Bounds (100,000 rows, zip bombs, a million columns) are in xlsx-bounds.cli.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { columnLetters, numberText, serialToWallMs, wallTimestamp } from '../../src/core/check/xlsx-cells.js';
import { dateFnsRead } from '../../src/core/check/timestamps.js';
import { example, repoRoot, runInProcess, tempDir } from '../helpers.js';
import { n, rawWorkbook, s, wallDate, workbookParts, zip } from './xlsx-workbooks.mjs';

let tmp: ReturnType<typeof tempDir>;
beforeAll(() => {
  tmp = tempDir('sla-xlsx-');
});
afterAll(() => tmp.cleanup());

describe('cells as text', () => {
  it('column letters', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
  });
  it('numbers keep the 15 digits Excel shows: no float noise', () => {
    expect(numberText(99.9)).toBe('99.9');
    expect(numberText(99.900000000000006)).toBe('99.9');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(46027)).toBe('46027');
    expect(numberText(-1.5e-7)).toBe('-1.5e-7');
    expect(numberText(123456789012345)).toBe('123456789012345');
  });
  it('date serials are wall-clock time, in the 1900 and 1904 systems', () => {
    expect(wallTimestamp(serialToWallMs(46027.67708333333, false))).toBe('2026-01-05T16:15:00');
    expect(wallTimestamp(serialToWallMs(46027, false))).toBe('2026-01-05');
    expect(wallTimestamp(serialToWallMs(46027 - 1462, true))).toBe('2026-01-05');
    expect(wallTimestamp(serialToWallMs(46027.5000001, false))).toBe('2026-01-05T12:00:00.009');
    expect(wallTimestamp(serialToWallMs(3e6, false))).toMatch(/out of range/);
  });
});

const desk = example('it-service-desk', 'sla.yaml');
const check = (file: string, ...extra: string[]) => runInProcess(['check', desk, file, '--format', 'json', ...extra], { cwd: repoRoot });

describe('the IT service desk example as a workbook', () => {
  it('gives the same JSON result as its metrics.csv, byte for byte', async () => {
    const csv = await check(example('it-service-desk', 'metrics.csv'));
    const xlsx = await check(join(repoRoot, 'test/fixtures/xlsx/it-service-desk.xlsx'));
    expect(xlsx.stderr).toBe('');
    expect(xlsx.code).toBe(csv.code);
    expect(xlsx.stdout).toBe(csv.stdout);
    expect(JSON.parse(xlsx.stdout).results.length).toBeGreaterThan(5);
  });

  it('reads a workbook exceljs writes with the second sheet chosen by --sheet (any case), dates as date cells', async () => {
    const path = join(tmp.fresh(), 'two-sheets.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Notes').addRow(['not the data']);
    const ws = wb.addWorksheet('Tickets');
    const lines = readFileSync(example('it-service-desk', 'metrics.csv'), 'utf8').trim().split('\n');
    lines.forEach((line, i) => {
      const cells = line.split(',').map((c) => (i === 0 ? c : c === '' ? null : /T.*[+-]\d\d:\d\d$/.test(c) ? wallDate(c, 'Europe/London') : /^\d+$/.test(c) ? Number(c) : c));
      const row = ws.addRow(cells);
      if (i > 0) row.getCell(4).numFmt = 'dd/mm/yyyy hh:mm';
    });
    await wb.xlsx.writeFile(path);
    const csv = await check(example('it-service-desk', 'metrics.csv'));
    const xlsx = await check(path, '--sheet', 'tickets');
    expect(xlsx.stderr).toBe('');
    expect(xlsx.stdout).toBe(csv.stdout);
    const first = await check(path);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('two-sheets.xlsx: sheet Notes: KPI "p1-response" needs the column "opened_at", which the header does not have (columns: not the data)');
  });
});

// A small platform: a wide sheet with one KPI per kind of cell.
const header = `<row r="1">${s('A1', 'ticket')}${s('B1', 'priority')}${s('C1', 'category')}${s('D1', 'opened_at')}${s('E1', 'response_minutes')}${s('F1', 'resolution_business_minutes')}${s('G1', 'satisfaction')}</row>`;
const dateStyles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>';
const row = (r: number, cells: string) => `<row r="${r}">${cells}</row>`;
const ticket = (r: number, opened: string, satisfaction: string) => row(r, `${s(`A${r}`, `INC${r}`)}${s(`B${r}`, 'P3')}${s(`C${r}`, 'vpn')}${opened}${n(`E${r}`, 30)}${n(`F${r}`, 200)}${satisfaction}`);

async function checkRows(rows: string, options: { extra?: string[]; styles?: string; after?: string; sharedStrings?: string; name?: string } = {}) {
  const dir = tmp.fresh();
  const path = join(dir, options.name ?? 'tickets.xlsx');
  writeFileSync(path, rawWorkbook(header + rows, { styles: options.styles ?? dateStyles, after: options.after, sharedStrings: options.sharedStrings }));
  const r = await runInProcess(['check', desk, options.name ?? 'tickets.xlsx', '--format', 'json', '--allow-missing', ...(options.extra ?? [])], { cwd: dir });
  return { ...r, json: r.code === 2 ? undefined : JSON.parse(r.stdout) };
}
const satisfaction = (json: { results: { kpi: string; period: string; actual: number | null; samples: number }[] }) => json.results.filter((x) => x.kpi === 'satisfaction' && x.samples > 0).map((x) => [x.period, x.actual, x.samples]);

describe('cells of every kind', () => {
  it('date cells (a custom and a built-in format), text timestamps, numbers, formulas with saved values, rich text', async () => {
    const r = await checkRows(
      ticket(2, n('D2', 46027.67708333333, 1), n('G2', 4)) +
        ticket(3, n('D3', 46028.25, 2), '<c r="G3"><f>G2/2</f><v>2</v></c>') +
        ticket(4, s('D4', '2026-01-07T09:00:00+00:00'), n('G4', 4.5)) +
        // A formula whose result is a date keeps the cell's date format; its saved value is used.
        ticket(5, `<c r="D5" s="1"><f>D4+1</f><v>46030.375</v></c>`, n('G5', 3.5)) +
        row(6, '') + row(7, `<c r="A7" s="1"/>`),
    );
    expect(r.stderr).toBe('');
    expect(satisfaction(r.json)).toEqual([['2026-01', 3.5, 4]]);
    expect(r.json.from).toBe('2026-01-05');
    expect(r.json.to).toBe('2026-01-08');
  });

  it('shared strings, rich text among them, and booleans as TRUE/FALSE', async () => {
    const sst = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>P3</t></si><si><r><t>v</t></r><r><rPr><i/></rPr><t>pn</t></r></si></sst>';
    const r = await checkRows(row(2, `${s('A2', 'INC2')}<c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c>${n('D2', 46027.5, 1)}${n('E2', 30)}${n('F2', 200)}<c r="G2" t="b"><v>1</v></c>`), { sharedStrings: sst });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('tickets.xlsx: sheet Tickets, cell G2: "TRUE" is not a number; fix the cell, or run with --skip-invalid');
  });

  it('a 1904 workbook dates its serials from 1904', async () => {
    const dir = tmp.fresh();
    const path = join(dir, 'mac.xlsx');
    const parts = workbookParts({ styles: dateStyles }).map((p) => (p.name === 'xl/workbook.xml' ? { ...p, data: String(p.data).replace('<sheets>', '<workbookPr date1904="1"/><sheets>') } : p));
    writeFileSync(path, zip([...parts, { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${header}${ticket(2, n('D2', 46027.5 - 1462, 1), n('G2', 4))}</sheetData></worksheet>` }]));
    const r = await runInProcess(['check', desk, path, '--format', 'json', '--allow-missing'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout).from).toBe('2026-01-05');
  });

  it('an error cell reads as Excel\'s CSV export writes it, and is refused where a KPI reads it', async () => {
    const r = await checkRows(ticket(2, n('D2', 46027.5, 1), '<c r="G2" t="e"><v>#DIV/0!</v></c>'));
    expect(r.stderr.trim()).toBe('sla: tickets.xlsx: sheet Tickets, cell G2: "#DIV/0!" is not a number; fix the cell, or run with --skip-invalid to skip and list such rows');
  });

  it('a text cell that is not a timestamp names the cell and suggests a date cell', async () => {
    const r = await checkRows(ticket(2, n('D2', 46027.5, 1), n('G2', 4)) + ticket(17, s('D17', 'tomorrow'), n('G17', 4)));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('sla: tickets.xlsx: sheet Tickets, cell D17: "tomorrow" is not an ISO-8601 date or timestamp (such as 2026-01-31 or 2026-01-31T23:30:00Z) (or make it a date cell); fix the cell, or run with --skip-invalid to skip and list such rows');
  });

  it('--skip-invalid lists bad cells as a CSV lists bad rows, and measures the rest', async () => {
    const r = await checkRows(ticket(2, n('D2', 46027.5, 1), n('G2', 4)) + ticket(3, s('D3', 'tomorrow'), n('G3', 4)) + ticket(4, n('D4', 46027.6, 1), '<c r="G4"><f>G2+1</f></c>') + ticket(5, n('D5', 46027.7, 1), n('G5', 4)), { extra: ['--skip-invalid'] });
    expect(r.code).toBe(1); // satisfaction 4 is below its 4.2: a finding, not an input error
    expect(r.json.skipped).toEqual([
      { row: 3, column: 'opened_at', reason: '"tomorrow" is not an ISO-8601 date or timestamp (such as 2026-01-31 or 2026-01-31T23:30:00Z)' },
      { row: 4, column: 'satisfaction', reason: 'cell G4: the cell holds the formula =G2+1 without a saved value; open the workbook in Excel or LibreOffice and save it, so the values are calculated' },
    ]);
    expect(satisfaction(r.json)).toEqual([['2026-01', 4, 2]]);
  });

  it('blank rows before the header are skipped, as blank lines of a CSV; trailing empty cells are no cells', async () => {
    const dir = tmp.fresh();
    const path = join(dir, 'late-header.xlsx');
    writeFileSync(path, rawWorkbook(`<row r="2"><c r="A2" s="1"/></row>${header.replace(/r="1"/, 'r="3"').replace(/([A-G])1"/g, '$13"')}${ticket(4, n('D4', 46027.5, 1), n('G4', 4))}${row(5, `${s('A5', 'INC5')}${s('B5', 'P3')}${s('C5', 'vpn')}${n('D5', 46027.6, 1)}${n('E5', 30)}${n('F5', 200)}`)}`, { styles: dateStyles }));
    const r = await runInProcess(['check', desk, path, '--format', 'json', '--allow-missing'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(satisfaction(JSON.parse(r.stdout))).toEqual([['2026-01', 4, 1]]);
  });
});

describe('which sheet', () => {
  it('without --sheet, the first visible tab: a hidden first sheet is skipped unless named', async () => {
    const dir = tmp.fresh();
    const wb = new ExcelJS.Workbook();
    const hidden = wb.addWorksheet('Lookup');
    hidden.state = 'hidden';
    hidden.addRow(['code', 'meaning']);
    const ws = wb.addWorksheet('Tickets');
    ws.addRow(['ticket', 'priority', 'category', 'opened_at', 'response_minutes', 'resolution_business_minutes', 'satisfaction']);
    ws.addRow(['INC1', 'P3', 'vpn', new Date(Date.UTC(2026, 0, 5, 9)), 30, 200, 5]);
    await wb.xlsx.writeFile(join(dir, 'hidden.xlsx'));
    const r = await runInProcess(['check', desk, 'hidden.xlsx', '--format', 'json', '--allow-missing'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(satisfaction(JSON.parse(r.stdout))).toEqual([['2026-01', 5, 1]]);
    const named = await runInProcess(['check', desk, 'hidden.xlsx', '--sheet', 'Lookup'], { cwd: dir });
    expect(named.stderr).toContain('hidden.xlsx: sheet Lookup: KPI "p1-response" needs the column "opened_at", which the header does not have (columns: code, meaning)');
  });
});

describe('files that are not the workbook they claim to be', () => {
  it('--sheet with an unknown name lists the sheets; --sheet with a CSV and --delimiter with a workbook are refused', async () => {
    const wb = join(repoRoot, 'test/fixtures/xlsx/it-service-desk.xlsx');
    expect((await check(wb, '--sheet', 'Sheet1')).stderr.trim()).toBe(`sla: ${wb}: the workbook has no sheet "Sheet1"; its sheets are "Tickets"`);
    expect((await check(example('it-service-desk', 'metrics.csv'), '--sheet', 'Tickets')).stderr).toContain('--sheet is for an .xlsx workbook; ');
    expect((await check(wb, '--delimiter', ';')).stderr).toContain('--delimiter is for a CSV; ');
  });

  it('a workbook piped to standard input is named as one', async () => {
    const input = readFileSync(join(repoRoot, 'test/fixtures/xlsx/it-service-desk.xlsx'));
    const r = await runInProcess(['check', desk, '-'], { cwd: repoRoot, input });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('sla: <stdin>: is a zip archive, not a CSV; if it is an Excel workbook, give it as a file named .xlsx (a workbook is not read from standard input)');
  });

  it('inline rich text, whose runs exceljs would cut to the last, is refused', async () => {
    const r = await checkRows(ticket(2, n('D2', 46027.5, 1), '<c r="G2" t="inlineStr"><is><r><t>3</t></r><r><rPr><b/></rPr><t>.5</t></r></is></c>'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('sla: tickets.xlsx: sheet Tickets: it holds inline rich text (cells formatted in parts, not in the shared strings), which the reader would cut short; open the workbook in Excel or LibreOffice and save it again as .xlsx');
  });

  it('ISO date cells (t="d"), which exceljs reads as numbers, are refused', async () => {
    const r = await checkRows(ticket(2, '<c r="D2" t="d"><v>2026-01-05T10:00:00</v></c>', n('G2', 4)));
    expect(r.stderr.trim()).toBe('sla: tickets.xlsx: sheet Tickets: it holds ISO date cells (t="d"), which the reader would misread as numbers; open the workbook in Excel or LibreOffice and save it again as .xlsx');
  });

  it('a chart sheet is named as such, with the sheets to choose from', async () => {
    const dir = tmp.fresh();
    const parts = workbookParts().map((p) => {
      if (p.name === 'xl/workbook.xml') return { ...p, data: String(p.data).replace('</sheets>', '<sheet name="Data" sheetId="2" r:id="rId2"/></sheets>') };
      if (p.name === 'xl/_rels/workbook.xml.rels') return { ...p, data: String(p.data).replace('worksheet" Target="worksheets/sheet1.xml"/>', 'chartsheet" Target="chartsheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>') };
      return p;
    });
    writeFileSync(join(dir, 'chart.xlsx'), zip([...parts, { name: 'xl/chartsheets/sheet1.xml', data: '<chartsheet/>' }, { name: 'xl/worksheets/sheet1.xml', data: '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>' }]));
    const r = await runInProcess(['check', desk, 'chart.xlsx'], { cwd: dir });
    expect(r.stderr.trim()).toBe('sla: chart.xlsx: sheet Tickets is a chartsheet, not a worksheet of cells; choose another with --sheet (sheets: "Tickets", "Data")');
    const data = await runInProcess(['check', desk, 'chart.xlsx', '--sheet', 'Data', '--format', 'json'], { cwd: dir });
    expect(data.code).toBe(1);
    expect(JSON.parse(data.stdout).status).toBe('no-data');
  });

  it('a cell without its reference, and a sheet stored under another name, are read or refused with a reason', async () => {
    const dir = tmp.fresh();
    const path = join(dir, 'noref.xlsx');
    writeFileSync(path, zip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c t="inlineStr"><is><t>ticket</t></is></c></row></sheetData></worksheet>` }]));
    const r = await runInProcess(['check', desk, 'noref.xlsx'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('sla: noref.xlsx: sheet Tickets: its cells have no references (r="B2"), which the reader needs to place them; open the workbook in Excel or LibreOffice and save it again as .xlsx');
  });
});

describe('a ticket export saved as a workbook', () => {
  it('reads date cells and text cells alike under a declared pattern: the Jira sample gives the CSV’s result', async () => {
    const dir = tmp.fresh();
    const fixture = (f: string) => join(repoRoot, 'test/fixtures/exports', f);
    const [header, ...rows] = parseCsv(readFileSync(fixture('jira.csv'), 'utf8'));
    const dated = new Set(['Created', 'Updated', 'Resolved']);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Jira');
    ws.addRow(header);
    // Timestamps as Excel keeps them once someone opens the export and saves it: date cells (wall
    // clock, no zone), except one row left as text, as a pasted cell stays.
    rows.forEach((cells, i) => {
      const row = ws.addRow(cells.map((c, col) => (dated.has(header![col]!) && c !== '' && i !== 1 ? new Date(dateFnsRead(c, 'dd/MMM/yy h:mm a')) : c)));
      header!.forEach((h, col) => dated.has(h) && (row.getCell(col + 1).numFmt = 'dd/mm/yyyy hh:mm'));
    });
    const xlsx = join(dir, 'jira.xlsx');
    await wb.xlsx.writeFile(xlsx);
    const run = (data: string) => runInProcess(['check', fixture('jira.yaml'), data, '--format', 'json'], { cwd: repoRoot });
    const fromCsv = await run(fixture('jira.csv'));
    const fromXlsx = await run(xlsx);
    expect(fromXlsx.stderr).toBe('');
    expect(fromXlsx.code).toBe(fromCsv.code);
    expect(JSON.parse(fromXlsx.stdout).results).toEqual(JSON.parse(fromCsv.stdout).results);
  });
});

/** The sample exports' CSV (quoted fields with commas, no line breaks in them). */
function parseCsv(text: string): string[][] {
  return text.trimEnd().split('\n').map((line) => [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')));
}
