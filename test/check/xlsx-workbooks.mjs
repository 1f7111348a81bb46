// Workbooks for the .xlsx tests and benchmark, made at run time (nothing large is committed):
// - csvToWorkbook: a metrics CSV as a workbook, as a person would keep it in Excel (timestamps as
//   date cells in the SLA's time zone, numbers as numbers), with exceljs's streaming writer;
// - rawWorkbook / zip: hand-made archives for what no writer produces (bombs, prefixes, lies).
// Also run as a script: node test/check/xlsx-workbooks.mjs writes test/fixtures/xlsx/ and the xlsx-*
// files of the bad-input corpus.
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32, createDeflateRaw, deflateRawSync, constants as zc } from 'node:zlib';
import ExcelJS from 'exceljs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The wall-clock time of an instant in a zone, as a Date whose UTC fields are that time (what exceljs writes as a date cell). */
export function wallDate(iso, zone) {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second));
}

const ISO_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?(Z|[+-]\d\d:\d\d)$/;

/** Writes a simple CSV (no quoted cells) as a one-sheet workbook: offsets become date cells in `zone`. */
export async function csvToWorkbook(csvText, path, { zone, sheet = 'Tickets' }) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet(sheet);
  const lines = csvText.split(/\r?\n/).filter((l) => l !== '');
  lines.forEach((line, i) => {
    const cells = line.split(',').map((c) => {
      if (i === 0 || c === '') return i === 0 ? c : null;
      if (ISO_WITH_OFFSET.test(c)) return wallDate(c, zone);
      if (/^-?\d+(\.\d+)?$/.test(c)) return Number(c);
      return c;
    });
    const row = ws.addRow(cells);
    cells.forEach((c, k) => {
      if (c instanceof Date) row.getCell(k + 1).numFmt = 'yyyy-mm-dd hh:mm';
    });
    row.commit();
  });
  await ws.commit();
  await wb.commit();
}

/** A long-format metrics workbook of `rows` rows (as test/bench/check.mjs's CSV), streamed to disk. */
export async function metricsWorkbook(path, rows, { zone = 'Europe/London' } = {}) {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('Metrics');
  ws.addRow(['timestamp', 'metric', 'value', 'total', 'service']).commit();
  const start = Date.UTC(2026, 0, 1);
  const metrics = ['requests', 'latency_ms', 'errors'];
  for (let i = 0; i < rows; i++) {
    const metric = metrics[i % 3];
    const value = metric === 'requests' ? 9990 + (i % 10) : metric === 'latency_ms' ? 100 + ((i * 7919) % 400) + 0.5 : i % 5;
    const row = ws.addRow([new Date(start + i * 60_000), metric, value, metric === 'requests' ? 10_000 : null, i % 2 ? 'checkout' : 'search']);
    row.getCell(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    row.commit();
  }
  await ws.commit();
  await wb.commit();
  void zone;
}

/** The same rows as metricsWorkbook, as an ISO CSV with local timestamps (what the workbook's date cells mean). */
export async function metricsCsv(path, rows) {
  const out = createWriteStream(path);
  const write = (s) => (out.write(s) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('timestamp,metric,value,total,service\n');
  const start = Date.UTC(2026, 0, 1);
  const metrics = ['requests', 'latency_ms', 'errors'];
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const metric = metrics[i % 3];
    const value = metric === 'requests' ? 9990 + (i % 10) : metric === 'latency_ms' ? 100 + ((i * 7919) % 400) + 0.5 : i % 5;
    const ts = new Date(start + i * 60_000).toISOString().slice(0, 19);
    buf += `${ts},${metric},${value},${metric === 'requests' ? 10_000 : ''},${i % 2 ? 'checkout' : 'search'}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

/**
 * A zip archive of `entries` ({ name, data: Buffer|string, deflated?: Buffer, size?: number }): the
 * data deflated, or `deflated` as given with `size` as the declared uncompressed size (a lie is allowed).
 */
export function zip(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const data = e.data === undefined ? undefined : Buffer.from(e.data);
    const body = e.deflated ?? deflateRawSync(data);
    const size = e.size ?? data.length;
    const crc = e.crc ?? (data ? crc32(data) : 0);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc >>> 0, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size >>> 0, 22);
    local.writeUInt16LE(name.length, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc >>> 0, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(size >>> 0, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** The parts every workbook needs around its sheet XML (one sheet named `sheet`). */
export function workbookParts({ sheet = 'Tickets', sharedStrings, styles } = {}) {
  return [
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    { name: 'xl/workbook.xml', data: `<?xml version="1.0"?><workbook ${NS}><sheets><sheet name="${sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>` },
    { name: 'xl/_rels/workbook.xml.rels', data: '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>' },
    ...(styles ? [{ name: 'xl/styles.xml', data: styles }] : []),
    ...(sharedStrings ? [{ name: 'xl/sharedStrings.xml', data: sharedStrings }] : []),
  ];
}

/** A whole workbook from a sheet's <sheetData> rows (inline strings, so no shared strings part). */
export function rawWorkbook(rowsXml, options = {}) {
  const sheetXml = `<?xml version="1.0"?><worksheet ${NS}><sheetData>${rowsXml}</sheetData>${options.after ?? ''}</worksheet>`;
  return zip([...workbookParts(options), { name: 'xl/worksheets/sheet1.xml', data: sheetXml }]);
}

/** An inline-string cell, a number cell. */
export const s = (ref, text) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
export const n = (ref, value, style) => `<c r="${ref}"${style === undefined ? '' : ` s="${style}"`}><v>${value}</v></c>`;

/**
 * Raw deflate data that inflates to head + `repeat` MiB of `unit` + tail, in a few KB per GB: the
 * compressor's output for a flushed MiB of the same text is the same each time (checked), so it repeats.
 */
export async function deflateBomb(head, unit, repeat, tail) {
  const d = createDeflateRaw({ level: 9 });
  const out = [];
  d.on('data', (c) => out.push(c));
  const flushed = () => new Promise((r) => d.flush(zc.Z_SYNC_FLUSH, () => r(Buffer.concat(out.splice(0)))));
  const block = Buffer.from(unit.repeat(Math.ceil((1 << 20) / unit.length)));
  d.write(head);
  const a = await flushed();
  d.write(block);
  const b1 = await flushed();
  d.write(block);
  const b2 = await flushed();
  d.write(block);
  const b3 = await flushed();
  if (!b2.equals(b3)) throw new Error('deflateBomb: the repeated block does not compress the same each time');
  const ended = new Promise((r) => d.on('end', r));
  d.end(tail);
  await ended;
  const z = Buffer.concat(out);
  return { deflated: Buffer.concat([a, b1, ...Array(repeat - 1).fill(b2), z]), size: Buffer.byteLength(head) + block.length * repeat + Buffer.byteLength(tail) };
}

/** The metrics CSV of the IT service desk example as a workbook: test/fixtures/xlsx/it-service-desk.xlsx. */
async function generateFixtures() {
  const csv = readFileSync(join(root, 'examples/it-service-desk/metrics.csv'), 'utf8');
  await csvToWorkbook(csv, join(root, 'test/fixtures/xlsx/it-service-desk.xlsx'), { zone: 'Europe/London' });
  const bad = join(root, 'test/fixtures/bad');
  const header = `<row r="1">${s('A1', 'ticket')}${s('B1', 'priority')}${s('C1', 'category')}${s('D1', 'opened_at')}${s('E1', 'response_minutes')}${s('F1', 'resolution_business_minutes')}${s('G1', 'satisfaction')}</row>`;
  const dateStyles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
  const good = (r) => `<row r="${r}">${s(`A${r}`, `INC${r}`)}${s(`B${r}`, 'P3')}${s(`C${r}`, 'vpn')}${n(`D${r}`, 46024.5 + r / 100, 1)}${n(`E${r}`, 30)}${n(`F${r}`, 200)}${n(`G${r}`, 4)}</row>`;
  const rows = (r, last) => [2, 3, 4].map(good).join('') + last;
  const files = {
    'xlsx-bad-timestamp.xlsx': rawWorkbook(header + rows(0, `<row r="5">${s('A5', 'INC5')}${s('B5', 'P3')}${s('C5', 'vpn')}${s('D5', 'tomorrow')}${n('E5', 30)}${n('F5', 200)}${n('G5', 4)}</row>`), { styles: dateStyles }),
    'xlsx-formula-no-value.xlsx': rawWorkbook(header + rows(0, `<row r="5">${s('A5', 'INC5')}${s('B5', 'P3')}${s('C5', 'vpn')}${n('D5', 46025, 1)}<c r="E5"><f>E4*2</f></c>${n('F5', 200)}${n('G5', 4)}</row>`), { styles: dateStyles }),
    'xlsx-error-cell.xlsx': rawWorkbook(header + rows(0, `<row r="5">${s('A5', 'INC5')}${s('B5', 'P3')}${s('C5', 'vpn')}${n('D5', 46025, 1)}${n('E5', 30)}<c r="F5" t="e"><v>#N/A</v></c>${n('G5', 4)}</row>`), { styles: dateStyles }),
    'xlsx-merged.xlsx': rawWorkbook(header + rows(0, `<row r="5">${s('A5', 'INC5')}${s('B5', 'P3')}${s('C5', 'vpn')}${n('D5', 46025, 1)}${n('E5', 30)}${n('F5', 200)}${n('G5', 4)}</row><row r="6">${s('A6', 'INC6')}${n('D6', 46025.5, 1)}${n('E6', 30)}${n('F6', 200)}${n('G6', 4)}</row>`), { styles: dateStyles, after: '<mergeCells count="1"><mergeCell ref="B5:C6"/></mergeCells>' }),
    'xlsx-beyond-header.xlsx': rawWorkbook(header + rows(0, `<row r="5">${s('A5', 'INC5')}${s('B5', 'P3')}${s('C5', 'vpn')}${n('D5', 46025, 1)}${n('E5', 30)}${n('F5', 200)}${n('G5', 4)}${s('H5', 'escalated')}</row>`), { styles: dateStyles }),
    'xlsx-past-xfd.xlsx': rawWorkbook(header + rows(0, `<row r="5">${s('A5', 'INC5')}${s('XFE5', 'x')}</row>`), { styles: dateStyles }),
    'xlsx-prefixed.xlsx': zip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>ticket</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>` }]),
    'xlsx-not-a-workbook.xlsx': zip([{ name: 'word/document.xml', data: '<document/>' }]),
    'xlsx-ods.xlsx': zip([{ name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' }, { name: 'content.xml', data: '<office:document-content/>' }]),
    'xlsx-csv-named.xlsx': csv.split('\n').slice(0, 5).join('\n') + '\n',
    'xlsx-lying-size.xlsx': zip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0"?><worksheet ${NS}><sheetData>${header}${'<row r="2"></row>'.repeat(200)}</sheetData></worksheet>`, size: 1000 }]),
    'xlsx-declared-huge.xlsx': zip([...workbookParts(), { name: 'xl/worksheets/sheet1.xml', data: `<?xml version="1.0"?><worksheet ${NS}><sheetData/></worksheet>`, size: 3 * 2 ** 30 }]),
    'xlsx-truncated.xlsx': rawWorkbook(header + rows(0, '')).subarray(0, 700),
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(bad, name), data);
  // A workbook under a .csv name.
  writeFileSync(join(bad, 'xlsx-workbook-named.csv'), readFileSync(join(root, 'test/fixtures/xlsx/it-service-desk.xlsx')));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await generateFixtures();
