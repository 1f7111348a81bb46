// Calendar arithmetic on "day numbers" (days since 1970-01-01 in the SLA's own calendar): every
// period is a run of local days, so a local day is all a row needs to find its period. Offsets of
// the time zone come from the shared cache in calendar/zone.ts; only the ISO-8601 text is parsed
// here, because it runs once per row and the library parsers allocate a Date for each.
import { offsetsOf, type ZoneOffsets } from '../calendar/zone.js';
import { civilFromDays, daysFromCivil, daysInMonth, formatDay, isoWeekOf, isoWeekday, pad2, pad4, quarterOf } from '../dates.js';

export type PeriodKind = 'day' | 'week' | 'month' | 'quarter' | 'all';

/** One period of a kind: its key as shown and its first and last local day (day numbers, inclusive). */
export interface Period {
  kind: PeriodKind;
  key: string;
  start: number;
  end: number;
}

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;

/** The period a local day belongs to, as it is shown: 2026-01-31, 2026-W05, 2026-01, 2026-Q1, all. */
export function periodKey(kind: PeriodKind, day: number): string {
  if (kind === 'all') return 'all';
  if (kind === 'day') return formatDay(day);
  if (kind === 'week') {
    const { year, week } = isoWeekOf(day);
    return `${pad4(year)}-W${pad2(week)}`;
  }
  const { y, m } = civilFromDays(day);
  return kind === 'month' ? `${pad4(y)}-${pad2(m)}` : `${pad4(y)}-Q${quarterOf(m)}`;
}

/** The first day of the period that holds `day`. */
export function periodStart(kind: PeriodKind, day: number): number {
  if (kind === 'day' || kind === 'all') return day;
  if (kind === 'week') return day - isoWeekday(day) + 1;
  const { y, m } = civilFromDays(day);
  return daysFromCivil(y, kind === 'month' ? m : m - ((m - 1) % 3), 1);
}

/** The first day of the next period. */
function nextPeriodStart(kind: PeriodKind, start: number): number {
  if (kind === 'day') return start + 1;
  if (kind === 'week') return start + 7;
  const { y, m } = civilFromDays(start);
  const step = kind === 'month' ? 1 : 3;
  const mm = m + step;
  return mm > 12 ? daysFromCivil(y + 1, mm - 12, 1) : daysFromCivil(y, mm, 1);
}

/**
 * The most results (a KPI in a period) one check evaluates: a guard against a stray date (year 1 or
 * 9999) in the data, checked before any period is listed. 25,000 is a daily check of 13 KPIs over
 * five years, and a check at the limit stays within a few seconds and ~200 MB.
 */
export const MAX_RESULTS = 25_000;

/** How many periods of a kind hold the days `first` to `last` (exact, without listing them). */
export function periodCount(kind: PeriodKind, first: number, last: number): number {
  if (last < first) return 0;
  if (kind === 'all') return 1;
  if (kind === 'day') return last - first + 1;
  if (kind === 'week') return (periodStart('week', last) - periodStart('week', first)) / 7 + 1;
  const a = civilFromDays(first), b = civilFromDays(last);
  const months = (b.y - a.y) * 12 + (b.m - a.m);
  return kind === 'month' ? months + 1 : (b.y - a.y) * 4 + (quarterOf(b.m) - quarterOf(a.m)) + 1;
}

/**
 * Every period from the one holding `first` to the one holding `last`, in order, with its whole
 * calendar span (a month is all of the month even when the data starts mid-month); 'all' is the
 * one period from `first` to `last`.
 */
export function periodsBetween(kind: PeriodKind, first: number, last: number): Period[] {
  if (kind === 'all') return [{ kind, key: 'all', start: first, end: last }];
  // The caller checks the count against its limit first; this is the last fence, never a loop of millions.
  const count = periodCount(kind, first, last);
  if (count > MAX_RESULTS) throw new RangeError(`${formatDay(first)} to ${formatDay(last)} holds ${count.toLocaleString('en-US')} ${kind}s, more than the ${MAX_RESULTS.toLocaleString('en-US')} a check evaluates`);
  const out: Period[] = [];
  for (let s = periodStart(kind, first); s <= last; ) {
    const next = nextPeriodStart(kind, s);
    out.push({ kind, key: periodKey(kind, s), start: s, end: next - 1 });
    s = next;
  }
  return out;
}

/**
 * Turns timestamp text into the local day it falls on in one time zone, or into an instant. Accepts
 * plain dates (2026-01-31), local times (2026-01-31T23:30, a space for the T, optional seconds and
 * fraction), read in the zone, and instants with Z or an offset (+01:00, +0100, +01).
 */
export class LocalDays {
  private readonly offsets: ZoneOffsets;
  // Dates already checked and converted, by day of the month: rows come in time order, and a ticket's
  // columns (opened, answered, resolved) fall on a few days near each other, which one slot would
  // keep evicting from one column to the next.
  private readonly dateKeys = new Float64Array(32).fill(-1);
  private readonly dateDays = new Float64Array(32);
  // The result of the last parse: the wall-clock time as written, and its offset (NaN when none).
  private local = 0;
  private offsetMs = NaN;
  // The last text parsed and whether it parsed (`local` and `offsetMs` still hold its result).
  private lastText = '';
  private lastOk = false;

  constructor(readonly zone: string) {
    this.offsets = offsetsOf(zone);
  }

  /** The local day number, or NaN when the text is not an ISO-8601 date or timestamp. */
  dayOf(s: string): number {
    if (!this.parse(s)) return NaN;
    const offset = this.offsetMs;
    // A local time: the date is already the local date (24:00 is midnight at its end).
    if (offset !== offset) return Math.floor(this.local / MS_PER_DAY);
    const utcMs = this.local - offset;
    return Math.floor((utcMs + this.offsets.at(utcMs)) / MS_PER_DAY);
  }

  /** The local day of an instant (ms since the epoch, UTC). */
  dayOfInstant(utcMs: number): number {
    return Math.floor((utcMs + this.offsets.at(utcMs)) / MS_PER_DAY);
  }

  /** The instant (ms since the epoch, UTC), or NaN when the text is not an ISO-8601 date or timestamp. */
  instantOf(s: string): number {
    if (!this.parse(s)) return NaN;
    const offset = this.offsetMs;
    return offset !== offset ? this.offsets.toUtc(this.local) : this.local - offset;
  }

  /** Parses into `local` and `offsetMs`; false when the text is not ISO-8601. */
  private parse(s: string): boolean {
    // A row's day and a duration's start are often the same cell, read twice in a row: reuse it.
    if (sameText(s, this.lastText)) return this.lastOk;
    const ok = this.read(s);
    this.lastText = s;
    this.lastOk = ok;
    return ok;
  }

  private read(s: string): boolean {
    const n = s.length;
    if (n < 10) return false;
    // Straight-line, each character read once: this runs for every timestamp cell.
    const y0 = s.charCodeAt(0) - 48, y1 = s.charCodeAt(1) - 48, y2 = s.charCodeAt(2) - 48, y3 = s.charCodeAt(3) - 48;
    const m0 = s.charCodeAt(5) - 48, m1 = s.charCodeAt(6) - 48, d0 = s.charCodeAt(8) - 48, d1 = s.charCodeAt(9) - 48;
    if (notDigit(y0) || notDigit(y1) || notDigit(y2) || notDigit(y3) || notDigit(m0) || notDigit(m1) || notDigit(d0) || notDigit(d1)) return false;
    if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
    const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3, mo = m0 * 10 + m1, d = d0 * 10 + d1;
    // Rows come in time order: most dates were checked and converted a row or two before (compared
    // as a number, so no string is cut out of each cell).
    const key = y * 10_000 + mo * 100 + d;
    const slot = d & 31;
    let day: number;
    if (key === this.dateKeys[slot]) day = this.dateDays[slot]!;
    else {
      if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return false;
      day = daysFromCivil(y, mo, d);
      this.dateKeys[slot] = key;
      this.dateDays[slot] = day;
    }
    this.offsetMs = NaN;
    if (n === 10) {
      this.local = day * MS_PER_DAY;
      return true;
    }
    const sep = s.charCodeAt(10);
    if ((sep !== 84 && sep !== 32 && sep !== 116) || n < 16 || s.charCodeAt(13) !== 58) return false; // T, space, t; HH:MM
    const h0 = s.charCodeAt(11) - 48, h1 = s.charCodeAt(12) - 48, i0 = s.charCodeAt(14) - 48, i1 = s.charCodeAt(15) - 48;
    if (notDigit(h0) || notDigit(h1) || notDigit(i0) || notDigit(i1)) return false;
    const h = h0 * 10 + h1, mi = i0 * 10 + i1;
    if (h > 24 || mi > 59) return false;
    let i = 16;
    let sec = 0;
    let ms = 0;
    if (s.charCodeAt(16) === 58) {
      if (n < 19) return false;
      const s0 = s.charCodeAt(17) - 48, s1 = s.charCodeAt(18) - 48;
      if (notDigit(s0) || notDigit(s1)) return false;
      sec = s0 * 10 + s1;
      if (sec > 60) return false;
      i = 19;
      if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
        i++;
        const start = i;
        let scale = 100;
        while (i < n && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57) {
          ms += (s.charCodeAt(i) - 48) * scale;
          scale /= 10;
          i++;
        }
        if (i === start) return false;
      }
    }
    if (h === 24 && (mi !== 0 || sec !== 0 || ms !== 0)) return false;
    // A leap second (:60) is read as the last instant of its minute.
    this.local = day * MS_PER_DAY + h * 3_600_000 + mi * MS_PER_MINUTE + (sec === 60 ? 59_999 : sec * 1000 + Math.floor(ms));
    if (i === n) return true;
    const c = s.charCodeAt(i);
    let offsetMin: number;
    if ((c === 90 || c === 122) && i + 1 === n) offsetMin = 0; // Z
    else if (c === 43 || c === 45) {
      const rest = n - i - 1;
      if (rest !== 2 && rest !== 4 && rest !== 5) return false;
      const oh = d2(s, i + 1);
      let om = 0;
      if (rest === 5) {
        if (s.charCodeAt(i + 3) !== 58) return false;
        om = d2(s, i + 4);
      } else if (rest === 4) om = d2(s, i + 3);
      if (oh < 0 || oh > 23 || om < 0 || om > 59) return false;
      offsetMin = (c === 45 ? -1 : 1) * (oh * 60 + om);
    } else return false;
    this.offsetMs = offsetMin * MS_PER_MINUTE;
    return true;
  }
}

/** Whether a character code less '0' is not a digit's value (a negative one is huge unsigned; NaN is 0). */
const notDigit = (x: number) => x >>> 0 > 9;

/**
 * a === b, but two different timestamps usually differ in length or in the minute's last digit
 * (index 15 in ISO 8601), which is cheaper to test than comparing the strings, as === does.
 */
function sameText(a: string, b: string): boolean {
  const n = a.length;
  return n === b.length && (n < 16 || a.charCodeAt(15) === b.charCodeAt(15)) && a === b;
}

/**
 * The value of the two ASCII digits at `at`, or -1 (also past the end: charCodeAt's NaN fails the
 * range test).
 */
function d2(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}
