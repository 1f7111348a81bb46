// Where a KPI's per-row value comes from. Today a numeric column; a computed value (e.g. the
// business-hours clock between two timestamp columns) plugs in as another RowValue.

/** A cell that cannot be read: the row and this column are reported (or skipped). */
export class CellError extends Error {
  constructor(readonly column: string, readonly reason: string) {
    super(reason);
  }
}

export interface RowValue {
  /** The header columns it reads, checked before the first row. */
  readonly columns: readonly string[];
  /** Sources with the same key read the same value and are read once per row (default: the columns). */
  readonly key?: string;
  /** Binds to the header; the reader returns NaN for a missing (empty) value and throws CellError for a bad one. */
  bind(index: ReadonlyMap<string, number>): (fields: readonly string[]) => number;
}

/**
 * A number as a CSV holds it: "", spaces = missing; a decimal number (sign, digits, point, exponent,
 * spaces around) = its value; anything else = bad, including what Number() reads but a CSV does not
 * mean: 0x10, 0b11 and 0o7 (16, 3 and 7), 1_000, NaN, Infinity.
 */
export function parseNumber(text: string): number {
  const v = +text;
  if (v === v && v !== Infinity && v !== -Infinity) {
    if (v === 0 && text.trim() === '') return NaN;
    // Number() reads a 0x, 0b or 0o prefix only on an unsigned literal, so the cell starts with "0" and
    // a letter x, b or o (either case) follows. One character compare for almost every cell: a number
    // starts with + , - . or a digit (43 to 57); anything else there is leading space, checked once trimmed.
    const c = text.charCodeAt(0);
    if (c === 48 ? isRadixLetter(text.charCodeAt(1)) : (c < 43 || c > 57) && isRadixPrefixed(text.trimStart())) return Infinity;
    return v;
  }
  if (text.trim() === '') return NaN;
  return Infinity; // the caller's marker for "not a number"
}

/** x, b or o in either case: `| 32` lowers an ASCII capital (NaN past the end gives 32, no letter). */
function isRadixLetter(code: number): boolean {
  const lower = code | 32;
  return lower === 120 || lower === 98 || lower === 111;
}

function isRadixPrefixed(text: string): boolean {
  return text.charCodeAt(0) === 48 && isRadixLetter(text.charCodeAt(1));
}

/**
 * The largest metric value read, in magnitude (10^15, below 2^53 so counts stay exact integers): a
 * billion rows of it still sum far below the largest double, so no sum or mean overflows to Infinity.
 */
export const MAX_CELL_VALUE = 1e15;

/**
 * A numeric column. `count`: the column counts events (the good and total of a ratio), so a negative
 * value is an error in the data, not a value to average.
 */
export function numberColumn(column: string, options: { count?: boolean; durations?: { perMinute: number } } = {}): RowValue {
  const count = options.count === true;
  const durations = options.durations;
  return {
    columns: [column],
    // A count reads the same cell with one more rule: its own slot, so a KPI that allows negatives shares none.
    key: count ? `${column}\u0000count` : durations !== undefined ? `${column}\u0000text${durations.perMinute}` : undefined,
    bind(index) {
      const at = index.get(column)!;
      return (fields) => {
        const text = fields[at]!;
        let v = parseNumber(text);
        // data.durations: text — a cell such as "2h 15m" is minutes, in the KPI's unit; numbers stay as they are.
        if (v === Infinity && durations !== undefined) {
          const minutes = parseDurationText(text);
          if (minutes !== minutes) throw new CellError(column, `"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not a number or a duration: expected a duration such as 2h 15m, -1h 5m or 1 Day 2 Hours 5 Minutes`);
          v = minutes * durations.perMinute;
        }
        if (v === Infinity) throw new CellError(column, `"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not a number`);
        if (v > MAX_CELL_VALUE || v < -MAX_CELL_VALUE) throw new CellError(column, `${text.trim().length > 40 ? text.trim().slice(0, 40) + '…' : text.trim()} is too large: a metric value is at most 10^15 (1,000,000,000,000,000) either side of zero`);
        if (count && v < 0) throw new CellError(column, `${text.trim()} is negative, but the KPI counts events in this column: a count is 0 or more`);
        return v;
      };
    },
  };
}

const UNIT_MINUTES: Record<string, number> = { w: 10_080, week: 10_080, d: 1440, day: 1440, h: 60, hour: 60, hr: 60, m: 1, min: 1, minute: 1, s: 1 / 60, sec: 1 / 60, second: 1 / 60 };
const UNIT_RANK: Record<number, number> = { 10080: 0, 1440: 1, 60: 2, 1: 3 };
const PART = /(\d+(?:\.\d+)?)\s*([a-z]+)\s*/gy;
const STORED = /^\s*1970-01-(\d{2}) (\d{2}):(\d{2}):(\d{2})\s*$/;

/**
 * Minutes of a duration as ticket tools export it, or NaN: Jira's "2h 15m", "-1h 5m" (a breached
 * clock), "1d 4h", "45s"; ServiceNow's "1 Day 2 Hours 5 Minutes" and its stored form
 * "1970-01-02 02:05:00" (the time since the epoch). Units from largest to smallest, each once; a day
 * is 24 hours (Jira's SLA fields count clock time, not its 8-hour time-tracking days).
 */
export function parseDurationText(text: string): number {
  const stored = STORED.exec(text);
  if (stored !== null) return (+stored[1]! - 1) * 1440 + +stored[2]! * 60 + +stored[3]! + +stored[4]! / 60;
  const t = text.trim().toLowerCase();
  let i = 0;
  let sign = 1;
  if (t[0] === '-' || t[0] === '+') {
    sign = t[0] === '-' ? -1 : 1;
    i = 1;
    while (t[i] === ' ') i++;
  }
  let total = 0;
  let parts = 0;
  let lastRank = -1;
  PART.lastIndex = i;
  while (PART.lastIndex < t.length) {
    const start = PART.lastIndex;
    const m = PART.exec(t);
    if (m === null || m.index !== start) return NaN;
    let unit = m[2]!;
    if (unit.length > 1 && unit.endsWith('s') && !(unit in UNIT_MINUTES)) unit = unit.slice(0, -1);
    const per = UNIT_MINUTES[unit];
    if (per === undefined) return NaN;
    const rank = UNIT_RANK[per] ?? 4;
    if (rank <= lastRank) return NaN;
    lastRank = rank;
    total += +m[1]! * per;
    parts++;
    // Parts may be separated by a comma (ServiceNow) as well as spaces.
    if (t[PART.lastIndex] === ',') {
      PART.lastIndex++;
      while (t[PART.lastIndex] === ' ') PART.lastIndex++;
    }
  }
  return parts === 0 ? NaN : sign * total;
}
