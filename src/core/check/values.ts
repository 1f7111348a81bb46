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
export function numberColumn(column: string, options: { count?: boolean } = {}): RowValue {
  const count = options.count === true;
  return {
    columns: [column],
    // A count reads the same cell with one more rule: its own slot, so a KPI that allows negatives shares none.
    key: count ? `${column}\u0000count` : undefined,
    bind(index) {
      const at = index.get(column)!;
      return (fields) => {
        const text = fields[at]!;
        const v = parseNumber(text);
        if (v === Infinity) throw new CellError(column, `"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not a number`);
        if (v > MAX_CELL_VALUE || v < -MAX_CELL_VALUE) throw new CellError(column, `${text.trim().length > 40 ? text.trim().slice(0, 40) + '…' : text.trim()} is too large: a metric value is at most 10^15 (1,000,000,000,000,000) either side of zero`);
        if (count && v < 0) throw new CellError(column, `${text.trim()} is negative, but the KPI counts events in this column: a count is 0 or more`);
        return v;
      };
    },
  };
}
