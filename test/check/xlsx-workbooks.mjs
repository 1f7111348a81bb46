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

const METRICS = ['requests', 'latency_ms', 'errors'];
const START = Date.UTC(2026, 0, 1);
/** Row i of the generated metrics: a minute apart from 2026-01-01 00:00 (local time). */
function metricRow(i) {
  const metric = METRICS[i % 3];
  const value = metric === 'requests' ? 9990 + (i % 10) : metric === 'latency_ms' ? 100 + ((i * 7919) % 400) + 0.5 : i % 5;
  return { ms: START + i * 60_000, metric, value, total: metric === 'requests' ? 10_000 : undefined, service: i % 2 ? 'checkout' : 'search' };
}

/**
 * A long-format metrics workbook of `rows` rows, as Excel stores one: shared strings, date cells with
 * a date format, numbers; the sheet XML is written straight (exceljs's writer takes ~70 s a million rows).
 */
export async function metricsWorkbook(path, rows) {
  const strings = ['timestamp', 'metric', 'value', 'total', 'service', ...METRICS, 'checkout', 'search'];
  const si = Object.fromEntries(strings.map((t, k) => [t, k]));
  const sst = `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t>${t}</t></si>`).join('')}</sst>`;
  const styles = '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
  const d = createDeflateRaw({ level: 6 });
  const out = [];
  d.on('data', (c) => out.push(c));
  let size = 0;
  let crc = 0;
  const put = (text) => {
    const b = Buffer.from(text);
    size += b.length;
    crc = crc32(b, crc);
    return d.write(b) ? undefined : new Promise((r) => d.once('drain', r));
  };
  await put(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet ${NS}><sheetData><row r="1">${['A', 'B', 'C', 'D', 'E'].map((c, k) => `<c r="${c}1" t="s"><v>${k}</v></c>`).join('')}</row>`);
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const m = metricRow(i);
    const r = i + 2;
    buf += `<row r="${r}"><c r="A${r}" s="1"><v>${m.ms / 86_400_000 + 25569}</v></c><c r="B${r}" t="s"><v>${si[m.metric]}</v></c><c r="C${r}"><v>${m.value}</v></c>${m.total === undefined ? '' : `<c r="D${r}"><v>${m.total}</v></c>`}<c r="E${r}" t="s"><v>${si[m.service]}</v></c></row>`;
    if (buf.length > 1 << 16) {
      await put(buf);
      buf = '';
    }
  }
  await put(buf + '</sheetData></worksheet>');
  const ended = new Promise((r) => d.on('end', r));
  d.end();
  await ended;
  writeFileSync(path, zip([...workbookParts({ sheet: 'Metrics', sharedStrings: sst, styles }), { name: 'xl/worksheets/sheet1.xml', deflated: Buffer.concat(out), size, crc }]));
}

/** The same rows as metricsWorkbook, as an ISO CSV with local timestamps (what the workbook's date cells mean). */
export async function metricsCsv(path, rows) {
  const out = createWriteStream(path);
  const write = (text) => (out.write(text) ? undefined : new Promise((r) => out.once('drain', r)));
  await write('timestamp,metric,value,total,service\n');
  let buf = '';
  for (let i = 0; i < rows; i++) {
    const m = metricRow(i);
    buf += `${new Date(m.ms).toISOString().slice(0, 19)},${m.metric},${m.value},${m.total ?? ''},${m.service}\n`;
    if (buf.length > 1 << 16) {
      await write(buf);
      buf = '';
    }
  }
  await write(buf);
  await new Promise((r) => out.end(r));
}

/** An SLA for the generated metrics: availability (a ratio), p95 latency, errors per week. */
export function metricsSla() {
  const base = readFileSync(join(root, 'examples/platform-api/sla.yaml'), 'utf8');
  const head = base.slice(0, base.indexOf('\nmetrics:')).replace(/^timezone: .*$/m, 'timezone: Europe/London').replace(/^status: .*$/m, 'status: draft');
  const reporting = base.slice(base.indexOf('\nreporting:'), base.indexOf('\nconsequences:'));
  return `${head}
metrics:
  - { id: availability, name: Availability, unit: percent, objective: { op: ">=", target: 99.9 }, period: month, measure: { aggregate: ratio, metric: requests, column: value, denominator: total } }
  - { id: latency-p95, name: Latency, unit: milliseconds, objective: { op: "<=", target: 450 }, period: week, measure: { aggregate: p95, metric: latency_ms, where: { service: checkout } } }
  - { id: errors, name: Errors, unit: count, objective: { op: "<=", target: 20000 }, period: day, measure: { aggregate: sum, metric: errors } }
${reporting}
consequences:
  - kpis: [availability, latency-p95, errors]
    remedy: Review.
    escalation: [Owner]
    credits: [{ below: 99.9, credit: 10 }]
`;
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
