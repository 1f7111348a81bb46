// Calendar dates, at the bottom of core: every other module that reads, writes or counts dates
// imports them from here. Dates are YYYY-MM-DD strings at the edges and "day numbers" (days since
// 1970-01-01 in the proleptic Gregorian calendar) inside, so arithmetic allocates no Date.
import knownZones from './generated/timezones.json' with { type: 'json' };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  return parseDay(text) !== undefined;
}

// Zone names known at build time: the first use of Intl costs ~15 ms of start-up, so `validate`
// asks Intl only about names outside this list (aliases such as US/Eastern, or typos).

const zoneCache = new Map<string, boolean>(knownZones.map((z: string) => [z, true]));
export function isTimeZone(zone: string): boolean {
  let ok = zoneCache.get(zone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      ok = true;
    } catch {
      ok = false;
    }
    zoneCache.set(zone, ok);
  }
  return ok;
}

/** Today's date (YYYY-MM-DD) on this machine's clock and zone, without loading Intl. */
export function localToday(now: Date = new Date()): string {
  return `${pad4(now.getFullYear())}-${pad2(now.getMonth() + 1)}-${pad2(now.getDate())}`;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: isTimeZone(zone) ? zone : 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

// Dates have four-digit years, 0001-01-01 to 9999-12-31: what YYYY-MM-DD can write, so every date
// sla computes (the end of a term, a period) can be written back and compared with another.
export const FIRST_DAY = -719162; // 0001-01-01
export const LAST_DAY = 2932896; // 9999-12-31

/**
 * The last day a term such as "12 months" covers from a date (the day before effective + term), as
 * a day number: undefined when either does not parse, Infinity when it ends after 9999-12-31.
 */
export function endOfTermDay(effective: string, term: string): number | undefined {
  const m = /^(\d+) (day|week|month|year)s?$/.exec(term);
  const start = parseDay(effective);
  if (!m || start === undefined) return undefined;
  // Checked before any arithmetic: a term of 300000 years (or 400 digits) never reaches a calendar.
  const n = Number(m[1]);
  const most = { day: LAST_DAY - start + 1, week: (LAST_DAY - start + 1) / 7, month: 12 * 9999, year: 9999 }[m[2] as 'day'];
  if (!(n <= most)) return Infinity;
  const { y, m: month, d } = civilFromDays(start);
  // A day past the end of the month runs on into the next (31 January + 1 month = 3 March), as Date does.
  let next: number;
  if (m[2] === 'day') next = start + n;
  else if (m[2] === 'week') next = start + 7 * n;
  else if (m[2] === 'month') next = daysFromCivil(y + Math.floor((month - 1 + n) / 12), ((month - 1 + n) % 12) + 1, 1) + d - 1;
  else next = daysFromCivil(y + n, month, 1) + d - 1;
  return next - 1 > LAST_DAY ? Infinity : next - 1;
}

/** The last day a term covers (YYYY-MM-DD), or undefined when it does not parse or ends after 9999-12-31. */
export function endOfTerm(effective: string, term: string): string | undefined {
  const last = endOfTermDay(effective, term);
  return last === undefined || last === Infinity ? undefined : formatDay(last);
}

/**
 * Compares two YYYY-MM-DD dates as dates (negative, zero, positive), not as text; a text that is
 * not a date sorts before every date, so a comparison never throws.
 */
export function compareDates(a: string, b: string): number {
  return (parseDay(a) ?? -Infinity) - (parseDay(b) ?? -Infinity) || 0;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The inverse of daysFromCivil. */
export function civilFromDays(z: number): { y: number; m: number; d: number } {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d };
}

/** English month names, January first. */
export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

export const pad2 = (n: number) => (n < 10 ? '0' : '') + n;
export const pad4 = (n: number) => String(n).padStart(4, '0');

export function formatDay(day: number): string {
  const { y, m, d } = civilFromDays(day);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** A YYYY-MM-DD date as a day number, or undefined when it is not a real date (years 0001-9999). */
export function parseDay(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return undefined;
  return daysFromCivil(y, mo, d);
}

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** ISO weekday, 1 = Monday … 7 = Sunday. 1970-01-01 was a Thursday. */
export const isoWeekday = (day: number) => ((((day + 3) % 7) + 7) % 7) + 1;

/** The ISO-8601 week of a day number: the week-year is the year of the week's Thursday (2027-01-01 is in 2026-W53). */
export function isoWeekOf(day: number): { year: number; week: number } {
  const thursday = day - isoWeekday(day) + 4;
  const { y } = civilFromDays(thursday);
  return { year: y, week: Math.floor((thursday - daysFromCivil(y, 1, 1)) / 7) + 1 };
}

/** The quarter (1-4) of a month (1-12). */
export const quarterOf = (month: number) => Math.floor((month - 1) / 3) + 1;


/** The first day of the month after `today` (YYYY-MM-DD). */
export function firstOfNextMonth(today: string): string {
  const [y, m] = today.split('-').map(Number) as [number, number];
  return m === 12 ? `${pad4(y + 1)}-01-01` : `${pad4(y)}-${pad2(m + 1)}-01`;
}

/** The year and month `months` after (or before, when negative) a year and month. */
function shiftMonth(y: number, m: number, months: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (((index % 12) + 12) % 12) + 1 };
}

/** Adds whole months to a date, keeping the day where the month has it (Jan 31 + 1 month → Feb 28). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const to = shiftMonth(y, m, months);
  return formatDay(daysFromCivil(to.y, to.m, Math.min(d, daysInMonth(to.y, to.m))));
}

/**
 * The first `count` whole calendar months [year, month (1-12), days] on or after a date: from its own
 * month when it is the 1st, else from the next (so every day of them is on or after the date).
 */
export function monthsFrom(date: string, count: number): { year: number; month: number; days: number }[] {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const out = [];
  for (let i = d === 1 ? 0 : 1; out.length < count; i++) {
    const { y: year, m: month } = shiftMonth(y, m, i);
    out.push({ year, month, days: daysInMonth(year, month) });
  }
  return out;
}

export const dateOf = (year: number, month: number, day: number) => `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
/** Day of the week, 0 = Sunday, of a calendar date. */
export const weekday = (year: number, month: number, day: number) => weekdayOf(daysFromCivil(year, month, day));

/** 0 = Sunday … 6 = Saturday for a local day number. */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

/** The IANA zone names this Node knows (and UTC), for did-you-mean suggestions. */
export const knownTimeZones = (): readonly string[] => knownZones as string[];
