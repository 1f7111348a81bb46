import { DAY_MS, dateToDayNumber, localDayNumber, localToUtc, weekdayOf } from './zone.js';

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

  constructor(coverage: CoverageHours, defaultZone: string, extraHolidays: readonly string[] = []) {
    this.zone = coverage.timezone ?? defaultZone;
    this.days = new Set(coverage.days.map((d) => WEEKDAYS.indexOf(d)));
    this.fromMinutes = minutesOf(coverage.from);
    this.toMinutes = minutesOf(coverage.to);
    this.holidays = new Set([...(coverage.holidays ?? []).map((h) => h.date), ...extraHolidays].map(dateToDayNumber));
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
      w = covered ? [localToUtc(this.zone, day * DAY_MS + this.fromMinutes * 60_000), localToUtc(this.zone, day * DAY_MS + this.toMinutes * 60_000)] : null;
      this.windows.set(day, w);
    }
    return w;
  }

  /** Business minutes between two instants (0 when end is not after start). */
  minutesBetween(startMs: number, endMs: number): number {
    if (!(endMs > startMs)) return 0;
    let total = 0;
    const last = localDayNumber(this.zone, endMs);
    for (let day = localDayNumber(this.zone, startMs); day <= last; day++) {
      const w = this.window(day);
      if (!w) continue;
      const from = Math.max(startMs, w[0]);
      const to = Math.min(endMs, w[1]);
      if (to > from) total += to - from;
    }
    return total / 60_000;
  }

  /** The instant `minutes` of business time after `startMs`: when a target falls due. */
  addMinutes(startMs: number, minutes: number): number {
    let remaining = minutes * 60_000;
    let day = localDayNumber(this.zone, startMs);
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
