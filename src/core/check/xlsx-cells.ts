// Spreadsheet cells as the text the metrics engine reads (services/xlsx-source.ts streams the workbook).
// Pure: the engine parses every source's cells the same way, so a workbook cell becomes the text a
// CSV export of it would hold, with the exceptions below made on purpose.

/** Excel's last column, XFD: a sheet has at most 16,384 columns. */
export const MAX_COLUMNS = 16_384;

/** The column letters of a 0-based column index: 0 → A, 25 → Z, 26 → AA. */
export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/**
 * A number cell as text. Excel keeps 15 significant digits and shows no more, so a value stored as
 * 99.900000000000006 or computed as 0.30000000000000004 is the 99.9 or 0.3 its author sees.
 */
export function numberText(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  return String(Number(n.toPrecision(15)));
}

const MS_PER_DAY = 86_400_000;

/**
 * The milliseconds since 1970-01-01 of a date serial as wall-clock time (no zone: a workbook's dates
 * have none), in the 1900 or 1904 date system. Rounded to the millisecond, so 16:15 stored as
 * 46027.67708333333 is 16:15:00.000.
 */
export function serialToWallMs(serial: number, date1904: boolean): number {
  return Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * MS_PER_DAY);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Wall-clock milliseconds as the engine's local timestamp text, without an offset: the engine reads
 * such a time in the SLA's time zone, as it reads a CSV timestamp without one. Midnight is the plain
 * date; years outside 1..9999 come out unparseable on purpose, so the engine names the cell.
 */
export function wallTimestamp(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  if (!Number.isFinite(ms) || year < 1 || year > 9999) return `date serial out of range (${Number.isFinite(ms) ? year : ms})`;
  const date = `${pad(year, 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours(), m = d.getUTCMinutes(), s = d.getUTCSeconds(), milli = d.getUTCMilliseconds();
  if (h === 0 && m === 0 && s === 0 && milli === 0) return date;
  return `${date}T${pad(h)}:${pad(m)}:${pad(s)}${milli ? `.${pad(milli, 3)}` : ''}`;
}

/** A cell reference such as B17 from a 0-based column index and a 1-based row. */
export const cellRef = (index: number, row: number): string => `${columnLetters(index)}${row}`;
