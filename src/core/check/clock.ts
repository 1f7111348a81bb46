// A computed per-row value: the time from one timestamp column to another, on the business calendar
// or around the clock, less pauses. It plugs into the engine as a RowValue; a row whose end is empty
// is open, and its state stays here until the engine has taken it (the engine reads it in the same row).
import type { BusinessCalendar } from '../calendar/business-hours.js';
import type { ColumnReaders, Timestamps } from './timestamps.js';
import { CellError, parseNumber, type RowValue } from './values.js';

export interface DurationSpec {
  from: string;
  to: string;
  clock: 'business' | 'calendar';
  paused?: string | undefined;
  pauses?: readonly { from: string; to: string }[] | undefined;
}

/** The value a reader returns for an open row (no end yet); real durations are never negative. */
export const OPEN = -1;

const MINUTE = 60_000;

/** Shared by every duration of a check: the latest instant seen in any duration column ("the end of the data" for open rows). */
export class DataEnd {
  latest = -Infinity;
}

/** Timestamps beyond these years are typing mistakes (20226-01-01 cannot parse; 2206 can). */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);

export class DurationSource implements RowValue {
  readonly columns: string[];
  readonly key: string;
  // The open row just read: its start, the pause minutes already known, and a pause still running.
  openStart = 0;
  openPaused = 0;
  openPauseSince = NaN;
  private pauseFrom: number[] = [];
  private pauseTo: number[] = [];

  constructor(
    private readonly spec: DurationSpec,
    private readonly calendar: BusinessCalendar | undefined,
    private readonly end: DataEnd,
    private readonly readers: ColumnReaders,
  ) {
    this.columns = [spec.from, spec.to, ...(spec.paused !== undefined ? [spec.paused] : []), ...(spec.pauses ?? []).flatMap((p) => [p.from, p.to])];
    this.key = `duration\u0000${spec.clock}\u0000${this.columns.join('\u0000')}\u0000${spec.paused ?? ''}`;
  }

  /** Clock ms between two instants (0 when the end is not after the start). */
  span(a: number, b: number): number {
    if (!(b > a)) return 0;
    return this.calendar ? this.calendar.totalAt(b) - this.calendar.totalAt(a) : b - a;
  }

  /** Minutes on the clock an open row has run by `endMs`, pauses deducted (never below 0). */
  elapsedAt(start: number, paused: number, pauseSince: number, endMs: number): number {
    const running = pauseSince === pauseSince ? this.span(Math.max(start, pauseSince), endMs) : 0;
    return Math.max(0, this.span(start, endMs) - running) / MINUTE - paused;
  }

  bind(index: ReadonlyMap<string, number>): (fields: readonly string[]) => number {
    const { spec, end, readers } = this;
    const fromAt = index.get(spec.from)!;
    const toAt = index.get(spec.to)!;
    const pausedAt = spec.paused !== undefined ? index.get(spec.paused)! : -1;
    const pairs = (spec.pauses ?? []).map((p) => {
      const fromAt = index.get(p.from)!, toAt = index.get(p.to)!;
      return { ...p, fromAt, toAt, fromReader: readers.of(fromAt), toReader: readers.of(toAt) };
    });
    const fromReader = readers.of(fromAt);
    const toReader = readers.of(toAt);
    const instant = (text: string, column: string, reader: Timestamps): number => {
      const t = reader.instantOf(text);
      if (t !== t) throw new CellError(column, reader.describe(text, true));
      // Bounds the calendar's tables: a year such as 2206 is a typing mistake, not a ticket.
      if (t < EARLIEST || t >= LATEST) throw new CellError(column, `"${text}" is not between the years 1900 and 2199`);
      if (t > end.latest) end.latest = t;
      return t;
    };
    // Most cells start with a digit: only one that starts with a space or beyond ASCII may be all blank.
    const blank = (text: string) => {
      const c = text.charCodeAt(0); // NaN for '', which is blank
      return !(c > 32 && c < 127) && text.trim() === '';
    };
    return (fields) => {
      const startText = fields[fromAt]!;
      if (blank(startText)) throw new CellError(spec.from, 'the start timestamp is empty');
      const start = instant(startText, spec.from, fromReader);
      const endText = fields[toAt]!;
      const isOpen = blank(endText);
      const stop = isOpen ? NaN : instant(endText, spec.to, toReader);
      if (stop < start) throw new CellError(spec.to, `the end (${endText.trim()}) is before the start (${startText.trim()} in "${spec.from}")`);
      let paused = 0;
      if (pausedAt >= 0) {
        const text = fields[pausedAt]!;
        const p = parseNumber(text);
        if (p === Infinity) throw new CellError(spec.paused!, `"${text.length > 40 ? text.slice(0, 40) + '…' : text}" is not a number of minutes`);
        if (p < 0) throw new CellError(spec.paused!, `paused minutes cannot be negative (got ${text.trim()})`);
        if (p === p) paused = p;
      }
      // Pause intervals, clipped to the row's own span; an open pause runs until the end.
      let pauseSince = NaN;
      let n = 0;
      for (let k = 0; k < pairs.length; k++) {
        const pair = pairs[k]!;
        const a = fields[pair.fromAt]!;
        const b = fields[pair.toAt]!;
        if (blank(a)) {
          if (!blank(b)) throw new CellError(pair.from, `the pause ends (${b.trim()} in "${pair.to}") but has no start`);
          continue;
        }
        const ps = instant(a, pair.from, pair.fromReader);
        if (blank(b)) {
          if (!isOpen) throw new CellError(pair.to, `the pause has no end although the row ended (${endText.trim()})`);
          pauseSince = pauseSince === pauseSince ? Math.min(pauseSince, ps) : ps;
          continue;
        }
        const pe = instant(b, pair.to, pair.toReader);
        if (pe < ps) throw new CellError(pair.to, `the pause ends (${b.trim()}) before it starts (${a.trim()} in "${pair.from}")`);
        this.pauseFrom[n] = Math.max(ps, start);
        this.pauseTo[n] = isOpen ? pe : Math.min(pe, stop);
        n++;
      }
      const pausedMs = this.union(n, pauseSince);
      if (isOpen) {
        this.openStart = start;
        this.openPaused = paused + pausedMs / MINUTE;
        this.openPauseSince = pauseSince;
        return OPEN;
      }
      const minutes = (this.span(start, stop) - pausedMs) / MINUTE - paused;
      if (minutes < -1e-9) throw new CellError(spec.paused ?? pairs[0]?.from ?? spec.to, `the pauses (${round(paused + pausedMs / MINUTE)} min) are longer than the time from start to end (${round(this.span(start, stop) / MINUTE)} min on the ${spec.clock} clock)`);
      return minutes < 0 ? 0 : minutes;
    };
  }

  /** Clock ms covered by the first `n` pause intervals, overlaps counted once (and not after `until`). */
  private union(n: number, until: number): number {
    if (n === 0) return 0;
    // Few pairs a row: an insertion sort by start is cheapest.
    const f = this.pauseFrom, t = this.pauseTo;
    for (let i = 1; i < n; i++) {
      const a = f[i]!, b = t[i]!;
      let j = i - 1;
      for (; j >= 0 && f[j]! > a; j--) {
        f[j + 1] = f[j]!;
        t[j + 1] = t[j]!;
      }
      f[j + 1] = a;
      t[j + 1] = b;
    }
    let total = 0;
    let curFrom = f[0]!, curTo = t[0]!;
    for (let i = 1; i <= n; i++) {
      if (i < n && f[i]! <= curTo) {
        if (t[i]! > curTo) curTo = t[i]!;
        continue;
      }
      // A closed pause that overlaps a pause still running is counted by the running one.
      total += this.span(curFrom, until === until ? Math.min(curTo, until) : curTo);
      if (i < n) {
        curFrom = f[i]!;
        curTo = t[i]!;
      }
    }
    return total;
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
