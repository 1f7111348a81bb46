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

/** A number as a CSV holds it: "", spaces = missing; anything Number() cannot read fully = bad. */
export function parseNumber(text: string): number {
  const v = +text;
  if (v === v && v !== Infinity && v !== -Infinity) {
    if (v === 0 && text.trim() === '') return NaN;
    return v;
  }
  if (text.trim() === '') return NaN;
  return Infinity; // the caller's marker for "not a number"
}

export function numberColumn(column: string): RowValue {
  return {
    columns: [column],
    bind(index) {
      const at = index.get(column)!;
      return (fields) => {
        const text = fields[at]!;
        const v = parseNumber(text);
        if (v === Infinity) throw new CellError(column, `"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not a number`);
        return v;
      };
    },
  };
}
