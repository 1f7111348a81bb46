// Wall-clock arithmetic in IANA zones with Intl alone. Offsets are cached per zone and hour, so
// converting a million timestamps costs a few thousand Intl calls, not a million.

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();
const HOUR = 3_600_000;
export const DAY_MS = 86_400_000;

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone's offset from UTC in milliseconds at an instant (local = utc + offset). */
export function zoneOffset(zone: string, utcMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  let cache = offsetCache.get(zone);
  if (!cache) offsetCache.set(zone, (cache = new Map()));
  // Every real zone changes offset on a quarter-hour boundary, so one lookup an hour is exact
  // except within the hour of a change, which we compute directly.
  const bucket = Math.floor(utcMs / HOUR);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    const start = bucket * HOUR;
    const atStart = computeOffset(zone, start);
    const atEnd = computeOffset(zone, start + HOUR - 1);
    if (atStart !== atEnd) return computeOffset(zone, utcMs);
    offset = atStart;
    cache.set(bucket, offset);
  }
  return offset;
}

function computeOffset(zone: string, utcMs: number): number {
  const parts = formatter(zone).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/** The instant at which the wall clock in `zone` shows the given local time (ms since local epoch). */
export function localToUtc(zone: string, localMs: number): number {
  // Two passes settle the offset on either side of a change; a wall time skipped by a
  // daylight-saving jump lands just after it, as clocks do.
  const first = localMs - zoneOffset(zone, localMs);
  const second = localMs - zoneOffset(zone, first);
  return second;
}

/** Days since 1970-01-01 of the local date at an instant. */
export function localDayNumber(zone: string, utcMs: number): number {
  return Math.floor((utcMs + zoneOffset(zone, utcMs)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday for a local day number. */
export const weekdayOf = (day: number): number => (((day + 4) % 7) + 7) % 7;

export function dayNumberToDate(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function dateToDayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}
