const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

// Zone names known at build time: the first use of Intl costs ~15 ms of start-up, so `validate`
// asks Intl only about names outside this list (aliases such as US/Eastern, or typos).
import knownZones from './generated/timezones.json' with { type: 'json' };

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
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Today's date (YYYY-MM-DD) in a time zone. */
export function todayIn(zone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: isTimeZone(zone) ? zone : 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** Adds a term such as "12 months" to a date and returns the day before (the last day covered). */
export function endOfTerm(effective: string, term: string): string | undefined {
  const m = /^(\d+) (day|week|month|year)s?$/.exec(term);
  const d = DATE.exec(effective);
  if (!m || !d) return undefined;
  const n = Number(m[1]);
  const date = new Date(Date.UTC(Number(d[1]), Number(d[2]) - 1, Number(d[3])));
  if (m[2] === 'day') date.setUTCDate(date.getUTCDate() + n);
  if (m[2] === 'week') date.setUTCDate(date.getUTCDate() + 7 * n);
  if (m[2] === 'month') date.setUTCMonth(date.getUTCMonth() + n);
  if (m[2] === 'year') date.setUTCFullYear(date.getUTCFullYear() + n);
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}
