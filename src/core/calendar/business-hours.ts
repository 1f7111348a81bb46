import { parseDay, weekdayOf } from '../dates.js';
import { DAY_MS, offsetsOf, type ZoneOffsets } from './zone.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface CoverageHours {
  days: readonly Weekday[];
  from: string;
  to: string;
  timezone?: string | undefined;
  holidays?: readonly { date: string }[] | undefined;
}

/**
 * Business time as a service desk counts it: only within coverage hours on covered weekdays, in the
 * coverage's time zone, skipping holidays. Each day's window is computed from its own wall-clock
 * times, so a daylight-saving change never adds or removes business time.
 */
export class BusinessCalendar {
  readonly zone: string;
  private readonly days: ReadonlySet<number>;
  private readonly fromMinutes: number;
  private readonly toMinutes: number;
  private readonly holidays: ReadonlySet<number>;
  private readonly windows = new Map<number, readonly [number, number] | null>();
  private readonly offsets: ZoneOffsets;
  // Business time as a running total from `base`, one entry per local day: `cum[i]` is the business
  // ms of days base..base+i-1, `open[i]`/`close[i]` day i's window (equal when the day is not
  // covered). Business time between two instants is then a difference of two totals: O(1) a row,
  // however long a ticket stays open.
  private base = 0;
  private cum = new Float64Array(0);
  private open = new Float64Array(0);
  private close = new Float64Array(0);
  private size = 0;
  private lastMs = NaN;
  private lastTotal = NaN;

  constructor(coverage: CoverageHours, defaultZone: string, extraHolidays: readonly string[] = []) {
    this.zone = coverage.timezone ?? defaultZone;
    this.days = new Set(coverage.days.map((d) => WEEKDAYS.indexOf(d)));
    this.fromMinutes = minutesOf(coverage.from);
    this.toMinutes = minutesOf(coverage.to);
    // Dates were validated with the SLA; one that is not a date simply marks no day.
    this.holidays = new Set([...(coverage.holidays ?? []).map((h) => h.date), ...extraHolidays].map((d) => parseDay(d) ?? Number.NaN));
    this.offsets = offsetsOf(this.zone);
  }

  /** Minutes of business time in a covered day. */
  get dayMinutes(): number {
    return this.toMinutes - this.fromMinutes;
  }

  /** The business window of a local day as UTC instants, or null when the day is not covered. */
  window(day: number): readonly [number, number] | null {
    let w = this.windows.get(day);
    if (w === undefined) {
      const covered = this.days.has(weekdayOf(day)) && !this.holidays.has(day);
      w = covered ? [this.offsets.toUtc(day * DAY_MS + this.fromMinutes * 60_000), this.offsets.toUtc(day * DAY_MS + this.toMinutes * 60_000)] : null;
      this.windows.set(day, w);
    }
    return w;
  }

  /** Business minutes between two instants (0 when end is not after start). */
  minutesBetween(startMs: number, endMs: number): number {
    if (!(endMs > startMs)) return 0;
    return (this.totalAt(endMs) - this.totalAt(startMs)) / 60_000;
  }

  /**
   * Business ms from the start of the table up to an instant: only differences of two totals mean
   * anything. NaN for an instant that is not finite.
   */
  totalAt(ms: number): number {
    // Two durations from one start (response, resolution) ask for the same instant in a row.
    if (ms === this.lastMs) return this.lastTotal;
    if (!Number.isFinite(ms)) return NaN;
    const day = this.offsets.dayOf(ms);
    let i = day - this.base;
    if (i < 0 || i >= this.size) {
      this.cover(day);
      i = day - this.base;
    }
    const open = this.open[i]!;
    const close = this.close[i]!;
    this.lastMs = ms;
    return (this.lastTotal = this.cum[i]! + (ms <= open ? 0 : ms >= close ? close - open : ms - open));
  }

  /** Extends the running totals to hold `day` (a year at a time, so the table is rebuilt rarely). */
  private cover(day: number): void {
    let first = this.size === 0 ? day - 366 : Math.min(this.base, day - 366);
    let last = this.size === 0 ? day + 366 : Math.max(this.base + this.size - 1, day + 366);
    first = Math.floor(first);
    last = Math.floor(last);
    const n = last - first + 1;
    const cum = new Float64Array(n + 1);
    const open = new Float64Array(n);
    const close = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const w = this.window(first + i);
      if (w) {
        open[i] = w[0];
        close[i] = w[1];
      } else {
        // An uncovered day: an empty window at its start contributes nothing.
        open[i] = close[i] = (first + i) * DAY_MS;
      }
      cum[i + 1] = cum[i]! + (close[i]! - open[i]!);
    }
    this.base = first;
    this.size = n;
    this.cum = cum;
    this.open = open;
    this.close = close;
  }

  /** The instant `minutes` of business time after `startMs`: when a target falls due. */
  addMinutes(startMs: number, minutes: number): number {
    let remaining = minutes * 60_000;
    let day = this.offsets.dayOf(startMs);
    // Ten years of days without coverage means the calendar covers nothing; stop rather than spin.
    for (let guard = 0; guard < 3660; guard++, day++) {
      const w = this.window(day);
      if (!w) continue;
      const from = Math.max(startMs, w[0]);
      const available = w[1] - from;
      if (available <= 0) continue;
      if (remaining <= available) return from + remaining;
      remaining -= available;
    }
    return Number.POSITIVE_INFINITY;
  }
}

function minutesOf(time: string): number {
  return Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
}
