// Metrics from an Excel workbook (.xlsx): one sheet streamed, row by row, into the same engine as a
// CSV. Imported only when a workbook is checked (evaluate-metrics.ts), so exceljs costs `sla validate`
// nothing at start-up.
//
// exceljs parses the parts (its WorkbookReader's readers of the relationships, the workbook, the styles
// and the shared strings, and its WorksheetReader for the sheet), but sla opens the zip itself, by its
// central directory (unzipper, which exceljs brings): WorkbookReader.read() takes the entries in the
// order they lie in the archive, and Excel stores the sheets before the shared strings, so it copies
// every sheet to a temporary file first, without any bound (a zip bomb fills the disk), and names the
// "first" sheet by zip order rather than by the tabs. Here the parts are read in the order they are
// needed, only the chosen sheet, each through a byte limit.
import { posix, resolve } from 'node:path';
import { Transform, type Readable } from 'node:stream';
// Part readers of exceljs 4.4.0 (pinned in package.json: these are its internals).
import WorkbookReader from 'exceljs/lib/stream/xlsx/workbook-reader.js';
import WorksheetReader from 'exceljs/lib/stream/xlsx/worksheet-reader.js';
import excelUtils from 'exceljs/lib/utils/utils.js';
import unzipper from 'unzipper';
import { Checker, CheckInputError, type CheckOptions, type CheckResult } from '../core/check/index.js';
import { cellRef, columnLetters, numberText, serialToWallMs, wallTimestamp } from '../core/check/xlsx-cells.js';
import type { Sla } from '../core/model.js';
import { cutList } from '../core/text.js';
import { describeFsError, openRegularFile } from '../runtime/files.js';
import { UserError } from '../runtime/io.js';

/**
 * The most bytes one sheet's XML may expand to: 1 GiB, about a million rows of ten columns. The limit
 * that stops a zip bomb (a few KB that inflate to gigabytes) in bounded time; a larger table goes as CSV.
 */
export const MAX_SHEET_BYTES = 1 << 30;
/** The shared strings are held in memory for the whole read: 128 MiB of XML at most. */
export const MAX_SHARED_STRINGS_BYTES = 1 << 27;
/** One text node or tag: 1 MiB, as one CSV record (a metrics cell is a few characters). */
export const MAX_TEXT_CHARS = 1 << 20;
/** One row of the sheet's XML: 8 MiB (16,384 columns of short cells fit in about 1 MiB). */
export const MAX_ROW_CHARS = 1 << 23;
/** The workbook, its relationships and its styles: 16 MiB each at most (a few KB in practice). */
export const MAX_PART_BYTES = 1 << 24;



export interface WorkbookCheckOptions extends CheckOptions {
  /** The sheet to read (--sheet); the first in the tab order when absent. */
  sheet?: string | undefined;
}

interface ZipEntry {
  path: string;
  uncompressedSize: number;
  stream(): Readable;
}

// Row and cell values as exceljs's WorksheetReader gives them.
interface ExcelCell {
  value: unknown;
  numFmt?: string;
}
interface ExcelRow {
  number: number;
  eachCell(options: { includeEmpty: boolean }, fn: (cell: ExcelCell, col: number) => void): void;
}

/** What is wrong with a cell, with its place; turned into the one-line message by checkWorkbook. */
class CellProblem extends Error {
  constructor(readonly cell: string, message: string) {
    super(message);
  }
}

/**
 * Streams one sheet of a workbook through the SLA's KPIs. Bad input ends in a UserError naming the file,
 * the sheet and the cell (or the row), as a CSV's names the row and column.
 */
export async function checkWorkbook(sla: Sla, path: string, cwd: string, label: string, options: WorkbookCheckOptions): Promise<CheckResult> {
  const full = resolve(cwd, path);
  await sniff(full, label);
  let directory: { files: ZipEntry[] };
  try {
    directory = await unzipper.Open.file(full);
  } catch (err) {
    throw new UserError(`${label}: the workbook cannot be opened: its zip archive is damaged (${oneLine(err)}); save it again as .xlsx`);
  }
  const entries = new Map(directory.files.map((f) => [f.path.replace(/^\//, ''), f]));
  if (!entries.has('xl/workbook.xml')) {
    const what = entries.has('mimetype') || entries.has('content.xml') ? 'an OpenDocument file (.ods)' : entries.has('word/document.xml') ? 'a Word document' : 'a zip archive';
    throw new UserError(`${label}: is ${what}, not an Excel workbook (it has no xl/workbook.xml); save the spreadsheet as .xlsx, or export the sheet as CSV`);
  }
  const opened: Readable[] = [];
  const part = (name: string, limit: number, scan?: (text: string) => void) => {
    const entry = entries.get(name);
    if (entry === undefined) return undefined;
    const stream = limitedText(entry, label, limit, scan);
    opened.push(stream);
    return stream;
  };

  const wb = new WorkbookReader(undefined, { worksheets: 'emit', sharedStrings: 'emit', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  let sheetName = '';
  let checker: Checker | undefined;
  let header: string[] = [];
  let unreferenced = false;
  try {
    const rels = part('xl/_rels/workbook.xml.rels', MAX_PART_BYTES);
    if (rels === undefined) throw new UserError(`${label}: the workbook has no xl/_rels/workbook.xml.rels, so its sheets cannot be found; save it again as .xlsx`);
    await wb._parseRels(rels);
    await wb._parseWorkbook(part('xl/workbook.xml', MAX_PART_BYTES)!);
    const styles = part('xl/styles.xml', MAX_PART_BYTES);
    if (styles) await wb._parseStyles(styles);

    const sheets: { name: string; rId: string; state?: string }[] = (wb.model?.sheets ?? []).filter(Boolean);
    const names = sheets.map((s) => s.name);
    const listed = cutList(names.map((n) => JSON.stringify(n)), 20, '…').join(', ');
    // The first tab a person sees: hidden sheets are skipped unless named.
    const sheet = options.sheet === undefined ? sheets.find((x) => x.state !== 'hidden' && x.state !== 'veryHidden') ?? sheets[0] : sheets.find((s) => s.name === options.sheet) ?? sheets.find((s) => s.name.toLowerCase() === options.sheet!.toLowerCase());
    if (sheet === undefined) {
      if (options.sheet === undefined) throw new UserError(`${label}: the workbook has no sheets`);
      throw new UserError(`${label}: the workbook has no sheet "${options.sheet}"; its sheets are ${listed}`);
    }
    sheetName = sheet.name;
    const rel = (wb.workbookRels ?? []).find((r: { Id: string }) => r.Id === sheet.rId) as { Target: string; Type?: string } | undefined;
    if (rel === undefined) throw new UserError(`${label}: sheet ${sheetName}: the workbook does not say where the sheet is stored; save it again as .xlsx`);
    if (rel.Type !== undefined && !/\/worksheet$/.test(rel.Type)) throw new UserError(`${label}: sheet ${sheetName} is a ${rel.Type.replace(/.*\//, '')}, not a worksheet of cells; choose another with --sheet (sheets: ${listed})`);
    const target = rel.Target.startsWith('/') ? rel.Target.slice(1) : posix.normalize(posix.join('xl', rel.Target));

    // Shared strings as plain text: rich text (runs of formatting) is its text, as a CSV export has it.
    const strings: string[] = [];
    const shared = part('xl/sharedStrings.xml', MAX_SHARED_STRINGS_BYTES);
    if (shared) {
      for await (const { text } of wb._parseSharedStrings(shared) as AsyncIterable<{ text: unknown }>) strings.push(plainText(text));
    }
    wb.sharedStrings = strings;

    const merged: string[] = [];
    let prefixed = false;
    let richInline = false;
    let isoDates = false;
    let scanned = '';
    const sheetStream = part(target, MAX_SHEET_BYTES, (text) => {
      // The reader skips <mergeCells> (they follow the rows) and elements with a namespace prefix
      // (<x:row>, as some .NET writers save): both are found here in the text and refused below.
      if (scanned.length === 0 && /^\s*(?:<\?xml[^>]*\?>)?\s*<\w+:worksheet\b/.test(text)) prefixed = true;
      // A cell without its reference (r="B2", optional in the format) is one exceljs cannot place.
      // exceljs keeps only the last run of an inline rich-text cell (<is><r>...</r><r>...</r></is>).
      if (!richInline && /<is>\s*<r>/.test(text)) richInline = true;
      // An ISO date cell (t="d", from some libraries) would reach exceljs's number branch: 2026-01-05 read as 2026.
      if (!isoDates && /<c\b[^>]*\st="d"/.test(text)) isoDates = true;
      if (!unreferenced && /<c(?:>|\s(?![^>]*\br=)[^>]*>)/.test(text)) unreferenced = true;
      if (text.includes('mergeCell')) {
        const window = scanned + text;
        for (const m of window.matchAll(/<mergeCell\b[^>]*\bref="([^"]{1,40})"/g)) if (m.index + m[0].length > scanned.length) merged.push(m[1]!);
      }
      scanned = (scanned + text).slice(-200) || ' ';
    });
    if (sheetStream === undefined) throw new UserError(`${label}: sheet ${sheetName}: its part ${target} is missing from the archive; save the workbook again as .xlsx`);
    const date1904 = wb.properties?.model?.date1904 === true;
    const ws = new WorksheetReader({ workbook: wb, id: 1, iterator: sheetStream, options: wb.options });

    checker = new Checker(sla, options);
    let width = 0;
    let headerRow = 0;
    let lastRow = 0;
    for await (const events of ws.parse() as AsyncIterable<{ eventType: string; value: ExcelRow }[]>) {
      if (prefixed) break;
      if (isoDates) throw new UserError(`${label}: sheet ${sheetName}: it holds ISO date cells (t="d"), which the reader would misread as numbers; open the workbook in Excel or LibreOffice and save it again as .xlsx`);
      if (richInline) throw new UserError(`${label}: sheet ${sheetName}: it holds inline rich text (cells formatted in parts, not in the shared strings), which the reader would cut short; open the workbook in Excel or LibreOffice and save it again as .xlsx`);
      for (const { eventType, value: row } of events) {
        if (eventType !== 'row') continue;
        const r = row.number;
        if (!(r > lastRow)) throw new UserError(`${label}: sheet ${sheetName}: row ${Number.isFinite(r) ? r : '(no number)'} follows row ${lastRow}; the rows are out of order, so the sheet is damaged; save the workbook again as .xlsx`);
        lastRow = r;
        if (headerRow === 0) {
          const cells: string[] = [];
          row.eachCell({ includeEmpty: false }, (cell, col) => {
            cells[col - 1] = cellText(cell, date1904, cellRef(col - 1, r)).trim();
          });
          while (cells.length > 0 && !cells[cells.length - 1]) cells.pop();
          if (cells.length === 0) continue; // blank rows before the header, as in a CSV
          header = Array.from(cells, (c) => c ?? '');
          width = header.length;
          headerRow = r;
          checker.header(header);
          continue;
        }
        const fields = new Array<string>(width).fill('');
        let any = false;
        let problem: CellProblem | undefined;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          if (problem) return;
          const ref = cellRef(col - 1, r);
          let text: string;
          try {
            text = cellText(cell, date1904, ref);
          } catch (err) {
            if (!(err instanceof CellProblem)) throw err;
            problem = err;
            return;
          }
          if (text === '') return;
          any = true;
          if (col > width) {
            problem = new CellProblem(ref, `the cell holds ${JSON.stringify(clip(text))}, right of the header's last column ${columnLetters(width - 1)}; give its column a name in row ${headerRow}, or clear it`);
            return;
          }
          fields[col - 1] = text;
        });
        if (problem) {
          // Listed under --skip-invalid like a bad CSV row; otherwise it stops the check.
          if (!options.skipInvalid) throw problem;
          checker.skipped.push({ row: r, column: header[columnIndex(problem.cell)] ?? '', reason: `cell ${problem.cell}: ${problem.message}` });
          continue;
        }
        if (any) checker.row(fields, r);
      }
    }
    if (prefixed) throw new UserError(`${label}: sheet ${sheetName}: its XML uses namespace prefixes (<x:row>), which the reader does not read; open the workbook in Excel or LibreOffice and save it again as .xlsx`);
    // A merged range keeps its value in its first cell only: the other rows would read as empty.
    const inTable = merged.filter((ref) => Math.max(...[...ref.matchAll(/\d+/g)].map((m) => Number(m[0]))) >= headerRow);
    if (headerRow > 0 && inTable.length > 0) {
      throw new UserError(`${label}: sheet ${sheetName}, cells ${inTable[0]}: the cells are merged, and a merged range holds its value in its first cell only${inTable.length > 1 ? ` (${inTable.length} merged ranges in the table)` : ''}; unmerge them and fill the value into every cell`);
    }
    return checker.finish();
  } catch (err) {
    if (err instanceof UserError) throw err;
    if (err instanceof CellProblem) throw new UserError(`${label}: sheet ${sheetName}, cell ${err.cell}: ${err.message}; fix the cell, or run with --skip-invalid to skip and list such rows`);
    if (err instanceof CheckInputError) throw new UserError(describeEngineError(label, sheetName, header, err));
    if ((err as NodeJS.ErrnoException)?.code !== undefined && (err as NodeJS.ErrnoException).syscall !== undefined) throw new UserError(describeFsError(label, err));
    // exceljs's own errors (an address past XFD, XML that does not parse): the workbook is damaged.
    if (unreferenced) throw new UserError(`${label}: sheet ${sheetName}: its cells have no references (r="B2"), which the reader needs to place them; open the workbook in Excel or LibreOffice and save it again as .xlsx`);
    const past = /Out of bounds\. Invalid column letter: ([A-Z]+)/.exec(oneLine(err));
    if (past) throw new UserError(`${label}: sheet ${sheetName}: a cell lies in column ${past[1]}, past XFD, the last of the 16,384 columns a sheet has; the workbook is damaged: open it in Excel or LibreOffice and save it again as .xlsx`);
    throw new UserError(`${label}${sheetName ? `: sheet ${sheetName}` : ''}: the workbook cannot be read (${clip(oneLine(err), 200)}); open it in Excel or LibreOffice and save it again as .xlsx, or export the sheet as CSV`);
  } finally {
    for (const s of opened) s.destroy();
  }
}

/** The engine's row and column as the sheet's cell. */
function describeEngineError(label: string, sheet: string, header: string[], err: CheckInputError): string {
  if (err.kpi !== undefined || err.row === undefined) return `${label}: sheet ${sheet}: ${err.message}`;
  const at = err.column ? header.indexOf(err.column) : -1;
  const where = at >= 0 ? `cell ${cellRef(at, err.row)}` : `row ${err.row}`;
  const hint = /is not an ISO-8601 date/.test(err.message) ? ' (or make it a date cell)' : '';
  return `${label}: sheet ${sheet}, ${where}: ${err.message}${hint}; fix the cell, or run with --skip-invalid to skip and list such rows`;
}

const columnIndex = (ref: string): number => {
  let n = 0;
  for (const c of /^[A-Z]+/.exec(ref)?.[0] ?? '') n = n * 26 + (c.charCodeAt(0) - 64);
  return n - 1;
};

/** One cell as the text the engine reads, as a CSV export of the sheet would hold it. */
function cellText(cell: ExcelCell, date1904: boolean, ref: string): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberText(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  // exceljs gives a date cell as a Date whose UTC fields are the wall-clock time the cell shows.
  if (v instanceof Date) return wallTimestamp(v.getTime());
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if ('error' in o) return String(o.error); // #N/A, #DIV/0!: as Excel's own CSV export writes them
    if ('richText' in o) return plainText(o);
    if ('formula' in o || 'sharedFormula' in o) {
      const formula = String(o.formula ?? o.sharedFormula ?? '');
      const result = o.result;
      if (result === undefined || result === null) {
        throw new CellProblem(ref, `the cell holds the formula =${clip(formula)} without a saved value; open the workbook in Excel or LibreOffice and save it, so the values are calculated`);
      }
      if (typeof result === 'number') {
        // An error result (#N/A) is stored as text that exceljs reads as NaN.
        if (result !== result) return '#VALUE!';
        return cell.numFmt !== undefined && excelUtils.isDateFmt(cell.numFmt) ? wallTimestamp(serialToWallMs(result, date1904)) : numberText(result);
      }
      return cellText({ value: result }, date1904, ref);
    }
    if ('text' in o) return String(o.text); // a hyperlink: its text
  }
  return String(v);
}

function plainText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && Array.isArray((value as { richText?: unknown }).richText)) {
    return (value as { richText: { text?: unknown }[] }).richText.map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  }
  return value === null || value === undefined ? '' : String(value);
}

/**
 * An entry of the archive as UTF-8 text (split characters kept whole), cut off past its declared size
 * or `limit`, whichever is smaller: a zip bomb ends at the limit, a lying header at its own figure.
 */
function limitedText(entry: ZipEntry, label: string, limit: number, scan?: (text: string) => void): Readable {
  const declared = entry.uncompressedSize;
  const what = `${entry.path} (${entry.path.startsWith('xl/worksheets/') ? 'the sheet' : 'a part of the workbook'})`;
  if (declared > limit) throw new UserError(`${label}: ${what} expands to ${mib(declared)}, more than the ${mib(limit)} sla reads; is the file a zip bomb? A table that large goes as CSV`);
  let seen = 0;
  const limiter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      if (seen > declared) {
        done(new UserError(`${label}: ${what} holds more than the ${declared.toLocaleString('en-US')} bytes the archive declares for it; the file is damaged or a zip bomb`));
        return;
      }
      done(null, chunk);
    },
  });
  limiter.setEncoding('utf8');
  // The reader builds each text node and each row whole before sla sees it: bound both here, on the
  // text as it streams, so one endless cell or row cannot take the memory.
  let run = 0;
  let row = 0;
  let rows = true;
  limiter.on('data', (text: string) => {
    const first = text.indexOf('<');
    const longest = first < 0 ? run + text.length : Math.max(run + first, text.length - text.lastIndexOf('<'));
    run = first < 0 ? longest : text.length - text.lastIndexOf('<');
    if (longest > MAX_TEXT_CHARS) {
      limiter.destroy(new UserError(`${label}: ${what} holds a text or tag longer than ${mib(MAX_TEXT_CHARS)}; the file is damaged or not a workbook sla can read`));
      return;
    }
    if (rows) {
      const open = Math.max(text.lastIndexOf('<row'), text.lastIndexOf('</row>'));
      row = open < 0 ? row + text.length : text.length - open;
      if (text.includes('</sheetData>')) rows = false;
      else if (row > MAX_ROW_CHARS && entry.path.startsWith('xl/worksheets/')) {
        limiter.destroy(new UserError(`${label}: ${what} has a row longer than ${mib(MAX_ROW_CHARS)} of XML (a million columns?); a sheet has at most 16,384 columns (A to XFD), and a metrics row far fewer`));
        return;
      }
    }
    scan?.(text);
  });
  const source = entry.stream();
  source.on('error', (err: Error) => limiter.destroy(err));
  limiter.on('close', () => source.destroy());
  return source.pipe(limiter);
}

/** What the first bytes say: a zip (an .xlsx is one), an old binary .xls, or text. */
async function sniff(full: string, label: string): Promise<void> {
  const handle = await openRegularFile(full, label);
  const head = Buffer.alloc(8);
  try {
    await handle.read(head, 0, 8, 0);
  } finally {
    await handle.close();
  }
  if (head.readUInt32LE(0) === 0x04034b50) return;
  if (head.readUInt32BE(0) === 0xd0cf11e0) throw new UserError(`${label}: is an old Excel .xls workbook or a password-protected one, not an .xlsx; save it as .xlsx without a password, or export the sheet as CSV`);
  if (head.every((b) => b === 0)) throw new UserError(`${label}: is empty or not a workbook; save the spreadsheet as .xlsx`);
  throw new UserError(`${label}: is not an .xlsx workbook (an .xlsx is a zip archive; is it a CSV named .xlsx?); give a CSV a .csv name`);
}

const mib = (n: number) => (n >= 1 << 30 ? `${(n / (1 << 30)).toFixed(1).replace(/\.0$/, '')} GiB` : `${Math.ceil(n / (1 << 20)).toLocaleString('en-US')} MiB`);
const clip = (s: string, n = 40) => (s.length > n ? `${s.slice(0, n)}…` : s);
const oneLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').trim();
