import { describe, expect, it } from 'vitest';
import { BusinessCalendar, type CoverageHours } from '../../src/core/calendar/business-hours.js';
import { offsetsOf, ZoneOffsets } from '../../src/core/calendar/zone.js';

const zoneOffset = (zone: string, utcMs: number) => offsetsOf(zone).at(utcMs);
const localToUtc = (zone: string, localMs: number) => offsetsOf(zone).toUtc(localMs);

const weekdays: CoverageHours = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' };
const london = new BusinessCalendar(weekdays, 'Europe/London');
const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('zone arithmetic', () => {
  it('knows London is UTC+0 in winter and UTC+1 in summer', () => {
    expect(zoneOffset('Europe/London', at('2026-01-15T12:00:00Z'))).toBe(0);
    expect(zoneOffset('Europe/London', at('2026-07-15T12:00:00Z'))).toBe(3_600_000);
    expect(zoneOffset('America/New_York', at('2026-01-15T12:00:00Z'))).toBe(-5 * 3_600_000);
  });

  it('finds the offset exactly within the hour of a change', () => {
    // London springs forward at 01:00 UTC on 2026-03-29.
    expect(zoneOffset('Europe/London', at('2026-03-29T00:59:00Z'))).toBe(0);
    expect(zoneOffset('Europe/London', at('2026-03-29T01:00:00Z'))).toBe(3_600_000);
  });

  it('turns a wall-clock time into the instant on both sides of a change', () => {
    expect(iso(localToUtc('Europe/London', Date.UTC(2026, 2, 28, 9)))).toBe('2026-03-28T09:00:00.000Z');
    expect(iso(localToUtc('Europe/London', Date.UTC(2026, 2, 30, 9)))).toBe('2026-03-30T08:00:00.000Z');
  });
});

describe('business hours, Mon–Fri 09:00–17:00 Europe/London', () => {
  it('a ticket opened Friday 16:00 with an 8-business-hour target is due Monday 16:00', () => {
    // 2026-01-09 is a Friday: one hour on Friday, seven on Monday.
    expect(iso(london.addMinutes(at('2026-01-09T16:00:00Z'), 8 * 60))).toBe('2026-01-12T16:00:00.000Z');
    expect(london.minutesBetween(at('2026-01-09T16:00:00Z'), at('2026-01-12T16:00:00Z'))).toBe(480);
  });

  it('a ticket opened at night starts its clock at 09:00', () => {
    expect(iso(london.addMinutes(at('2026-01-13T02:30:00Z'), 60))).toBe('2026-01-13T10:00:00.000Z');
    expect(london.minutesBetween(at('2026-01-12T22:00:00Z'), at('2026-01-13T09:30:00Z'))).toBe(30);
  });

  it('a weekend counts nothing', () => {
    expect(london.minutesBetween(at('2026-01-10T10:00:00Z'), at('2026-01-11T16:00:00Z'))).toBe(0);
  });

  it('a holiday in between pushes the due time by a day', () => {
    const withHoliday = new BusinessCalendar({ ...weekdays, holidays: [{ date: '2026-01-12' }] }, 'Europe/London');
    expect(iso(withHoliday.addMinutes(at('2026-01-09T16:00:00Z'), 8 * 60))).toBe('2026-01-13T16:00:00.000Z');
    expect(withHoliday.minutesBetween(at('2026-01-09T09:00:00Z'), at('2026-01-13T17:00:00Z'))).toBe(16 * 60);
  });

  it('extra holidays (from a calendar file) count as holidays too', () => {
    const cal = new BusinessCalendar(weekdays, 'Europe/London', ['2026-01-12']);
    expect(cal.minutesBetween(at('2026-01-12T09:00:00Z'), at('2026-01-12T17:00:00Z'))).toBe(0);
  });

  it('a daylight-saving change neither adds nor loses business time', () => {
    // Friday 27 March to Monday 30 March 2026 spans the change to BST.
    expect(london.minutesBetween(at('2026-03-27T09:00:00Z'), at('2026-03-30T16:00:00Z'))).toBe(16 * 60);
    expect(iso(london.addMinutes(at('2026-03-27T16:00:00Z'), 8 * 60))).toBe('2026-03-30T15:00:00.000Z');
    // Monday 30 March 09:00 BST is 08:00 UTC: the window moves with the wall clock.
    expect(london.minutesBetween(at('2026-03-30T08:00:00Z'), at('2026-03-30T16:00:00Z'))).toBe(480);
  });

  it('uses the coverage time zone, not UTC', () => {
    const ny = new BusinessCalendar({ ...weekdays, timezone: 'America/New_York' }, 'Europe/London');
    // 14:00 UTC is 09:00 in New York in January.
    expect(ny.minutesBetween(at('2026-01-13T13:00:00Z'), at('2026-01-13T15:00:00Z'))).toBe(60);
  });

  it('round-the-clock coverage counts every minute', () => {
    const always = new BusinessCalendar({ days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '24:00' }, 'UTC');
    expect(always.minutesBetween(at('2026-01-10T10:00:00Z'), at('2026-01-12T10:00:00Z'))).toBe(2 * 1440);
  });
});

describe('running totals (business time as a difference of two look-ups)', () => {
  /** The straightforward sum: each local day's window, clipped to the interval. */
  const naive = (cal: BusinessCalendar, a: number, b: number) => {
    let total = 0;
    for (let day = Math.floor(a / 86_400_000) - 2; day <= Math.floor(b / 86_400_000) + 2; day++) {
      const w = cal.window(day);
      if (w) total += Math.max(0, Math.min(b, w[1]) - Math.max(a, w[0]));
    }
    return total / 60_000;
  };

  it('agrees with the day-by-day sum on 2,000 random intervals across DST changes, holidays and years', () => {
    const cal = new BusinessCalendar({ ...weekdays, holidays: [{ date: '2026-04-03' }, { date: '2026-04-06' }, { date: '2026-12-25' }] }, 'Europe/London');
    const ny = new BusinessCalendar({ days: ['sun', 'mon', 'tue', 'wed', 'thu'], from: '08:30', to: '24:00' }, 'America/New_York');
    let seed = 42;
    const rnd = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    const base = Date.UTC(2025, 0, 1);
    for (let i = 0; i < 2000; i++) {
      const a = base + Math.floor(rnd() * 3 * 365 * 1440) * 60_000;
      const b = a + Math.floor(rnd() * (i % 10 === 0 ? 400 : 20) * 1440) * 60_000;
      for (const c of [cal, ny]) expect(c.minutesBetween(a, b)).toBeCloseTo(naive(c, a, b), 6);
    }
  });
});

describe('zone offsets far apart', () => {
  it('gives the offsets of days 300 years apart (beyond one table), of days between, and of a change, in any order', () => {
    const z = new ZoneOffsets('Europe/London');
    const H = 3_600_000;
    const cases: [number, number][] = [
      [Date.UTC(2199, 6, 1, 12), H],
      [Date.UTC(1900, 0, 1, 12), 0],
      [Date.UTC(2026, 2, 29, 0, 30), 0], // the spring change, 01:00 UTC
      [Date.UTC(2026, 2, 29, 1, 30), H],
      [Date.UTC(2199, 11, 31, 12), 0],
      [Date.UTC(1900, 6, 1, 12), 0],
      [Date.UTC(2026, 6, 1, 12), H],
    ];
    for (const [ms, offset] of [...cases, ...cases.reverse()]) expect(z.at(ms)).toBe(offset);
  });
});
