import { describe, expect, it } from 'vitest';
import { LocalDays, periodKey, periodsBetween } from '../../src/core/check/time.js';
import { civilFromDays, daysFromCivil, formatDay, parseDay } from '../../src/core/dates.js';

const day = (s: string) => parseDay(s)!;

describe('calendar arithmetic', () => {
  it('converts dates to day numbers and back', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2026, 1, 1)).toBe(20454);
    expect(civilFromDays(20454)).toEqual({ y: 2026, m: 1, d: 1 });
    expect(formatDay(daysFromCivil(2024, 2, 29))).toBe('2024-02-29');
    expect(parseDay('2026-02-29')).toBeUndefined();
    expect(parseDay('2026-13-01')).toBeUndefined();
  });

  it('names days, ISO weeks, months and quarters', () => {
    expect(periodKey('day', day('2026-01-31'))).toBe('2026-01-31');
    expect(periodKey('month', day('2026-01-31'))).toBe('2026-01');
    expect(periodKey('quarter', day('2026-03-31'))).toBe('2026-Q1');
    expect(periodKey('quarter', day('2026-04-01'))).toBe('2026-Q2');
    expect(periodKey('all', day('2026-04-01'))).toBe('all');
    // ISO weeks: Monday 29 December 2025 starts 2026-W01; 1 January 2027 is a Friday of 2026-W53.
    expect(periodKey('week', day('2025-12-28'))).toBe('2025-W52');
    expect(periodKey('week', day('2025-12-29'))).toBe('2026-W01');
    expect(periodKey('week', day('2026-01-04'))).toBe('2026-W01');
    expect(periodKey('week', day('2026-01-05'))).toBe('2026-W02');
    expect(periodKey('week', day('2027-01-01'))).toBe('2026-W53');
    expect(periodKey('week', day('2027-01-04'))).toBe('2027-W01');
  });

  it('lists every period between two days, including empty ones', () => {
    const keys = (kind: Parameters<typeof periodsBetween>[0], first: string, last: string) => periodsBetween(kind, day(first), day(last)).map((p) => p.key);
    expect(keys('month', '2025-11-15', '2026-02-01')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(keys('quarter', '2026-03-31', '2026-07-01')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3']);
    expect(keys('week', '2026-01-01', '2026-01-12')).toEqual(['2026-W01', '2026-W02', '2026-W03']);
    expect(keys('day', '2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
    expect(keys('all', '2026-01-01', '2026-12-31')).toEqual(['all']);
  });

  it('gives each period its whole calendar span; all spans exactly the days asked', () => {
    const spans = (kind: Parameters<typeof periodsBetween>[0], first: string, last: string) =>
      periodsBetween(kind, day(first), day(last)).map((p) => [p.kind, p.key, formatDay(p.start), formatDay(p.end)]);
    expect(spans('month', '2024-02-10', '2024-03-02')).toEqual([['month', '2024-02', '2024-02-01', '2024-02-29'], ['month', '2024-03', '2024-03-01', '2024-03-31']]);
    expect(spans('quarter', '2026-12-31', '2027-01-01')).toEqual([['quarter', '2026-Q4', '2026-10-01', '2026-12-31'], ['quarter', '2027-Q1', '2027-01-01', '2027-03-31']]);
    expect(spans('week', '2026-12-31', '2027-01-04')).toEqual([['week', '2026-W53', '2026-12-28', '2027-01-03'], ['week', '2027-W01', '2027-01-04', '2027-01-10']]);
    expect(spans('day', '2026-02-28', '2026-03-01')).toEqual([['day', '2026-02-28', '2026-02-28', '2026-02-28'], ['day', '2026-03-01', '2026-03-01', '2026-03-01']]);
    expect(spans('all', '2026-01-15', '2026-03-02')).toEqual([['all', 'all', '2026-01-15', '2026-03-02']]);
  });
});

describe('timestamps to local days', () => {
  const at = (zone: string, text: string) => {
    const d = new LocalDays(zone).dayOf(text);
    return Number.isNaN(d) ? 'invalid' : formatDay(d);
  };

  it('reads 23:30 local on 31 January as January, though it is 22:30 UTC', () => {
    expect(at('Europe/Berlin', '2026-01-31T23:30:00+01:00')).toBe('2026-01-31');
    expect(at('Europe/Berlin', '2026-01-31T22:30:00Z')).toBe('2026-01-31');
    expect(at('Europe/Berlin', '2026-01-31T23:30:00Z')).toBe('2026-02-01');
    expect(at('Europe/Berlin', '2026-01-31T23:30')).toBe('2026-01-31'); // no offset: already local
    expect(at('America/New_York', '2026-02-01T03:30:00Z')).toBe('2026-01-31');
    expect(at('America/New_York', '2026-02-01')).toBe('2026-02-01');
  });

  it('follows daylight-saving changes (New York, 8 March 2026)', () => {
    expect(at('America/New_York', '2026-03-08T04:30:00Z')).toBe('2026-03-07'); // 23:30 EST
    expect(at('America/New_York', '2026-03-09T03:30:00Z')).toBe('2026-03-08'); // 23:30 EDT
    expect(at('America/New_York', '2026-03-09T04:30:00Z')).toBe('2026-03-09'); // 00:30 EDT, which EST would put on the 8th
  });

  it('follows daylight-saving changes (London, spring and autumn)', () => {
    expect(at('Europe/London', '2026-03-28T23:30:00Z')).toBe('2026-03-28'); // GMT
    expect(at('Europe/London', '2026-03-29T23:30:00Z')).toBe('2026-03-30'); // 00:30 BST
    expect(at('Europe/London', '2026-10-24T23:30:00Z')).toBe('2026-10-25'); // 00:30 BST
    expect(at('Europe/London', '2026-10-25T23:30:00Z')).toBe('2026-10-25'); // 23:30 GMT after the change
  });

  it('puts a month boundary where the zone does when DST is in force (Sydney, UTC+11 in March)', () => {
    expect(at('Australia/Sydney', '2026-03-31T13:30:00Z')).toBe('2026-04-01');
    expect(at('Australia/Sydney', '2026-03-31T12:30:00Z')).toBe('2026-03-31');
    expect(at('Australia/Sydney', '2026-07-31T14:30:00Z')).toBe('2026-08-01'); // UTC+10 in winter
  });

  it('accepts the ISO-8601 shapes exports use', () => {
    expect(at('UTC', '2026-05-04')).toBe('2026-05-04');
    expect(at('UTC', '2026-05-04 10:15')).toBe('2026-05-04');
    expect(at('UTC', '2026-05-04T10:15:30.123456Z')).toBe('2026-05-04');
    expect(at('UTC', '2026-05-04T23:15:00-0100')).toBe('2026-05-05');
    expect(at('UTC', '2026-05-04T23:15:00-01')).toBe('2026-05-05');
    expect(at('UTC', '2026-05-04T00:15:00+05:30')).toBe('2026-05-03');
    expect(at('UTC', '2026-05-04T24:00')).toBe('2026-05-05');
  });

  it('refuses what is not a date or timestamp', () => {
    for (const bad of ['', 'yesterday', '2026/05/04', '04.05.2026', '2026-02-30', '2026-05-04T25:00', '2026-05-04T10:60', '2026-05-04T10:15+5', '2026-05-04T10:15:00 UTC', '2026-05-04T', '20260504']) {
      expect(at('UTC', bad), bad).toBe('invalid');
    }
  });
});

describe('LocalDays reads each cell once (issue 19)', () => {
  it('gives the day and then the instant of the same text, and never the last result for another text', () => {
    const ld = new LocalDays('Europe/London');
    const a = '2026-03-30T10:12:00+01:00';
    expect(ld.dayOf(a)).toBe(day('2026-03-30'));
    expect(ld.instantOf(a)).toBe(Date.UTC(2026, 2, 30, 9, 12));
    // Same length, same minute digit, another hour; then another date; then the first again.
    expect(ld.instantOf('2026-03-30T11:12:00+01:00')).toBe(Date.UTC(2026, 2, 30, 10, 12));
    expect(ld.instantOf('2026-03-31T10:12:00+01:00')).toBe(Date.UTC(2026, 2, 31, 9, 12));
    expect(ld.instantOf(a)).toBe(Date.UTC(2026, 2, 30, 9, 12));
    // A local time after an instant of the same text length: the offset of the last one is not kept.
    expect(ld.instantOf('2026-01-30T10:12:00.000')).toBe(Date.UTC(2026, 0, 30, 10, 12));
    // A text that does not parse, read twice, stays refused, and does not spoil the next.
    expect(ld.instantOf('2026-03-30T10:12:00+01:0x')).toBeNaN();
    expect(ld.dayOf('2026-03-30T10:12:00+01:0x')).toBeNaN();
    expect(ld.dayOf(a)).toBe(day('2026-03-30'));
  });

  it('refuses a non-digit anywhere in the year, month, day, hour, minute, second or offset', () => {
    const ld = new LocalDays('UTC');
    const good = '2026-01-30T10:12:34+01:30';
    expect(ld.instantOf(good)).toBe(Date.UTC(2026, 0, 30, 8, 42, 34));
    for (const at of [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18, 20, 21, 23, 24]) {
      const bad = `${good.slice(0, at)}x${good.slice(at + 1)}`;
      expect([bad, ld.instantOf(bad)]).toEqual([bad, NaN]);
      expect(ld.instantOf(good)).toBe(Date.UTC(2026, 0, 30, 8, 42, 34));
    }
    // Cut short after a separator: never read past the end.
    for (const cut of ['2026-01-30T10:12:', '2026-01-30T10:12:3', '2026-01-30T10:12:34+', '2026-01-30T10:12:34+01:', '2026-01-30T10:12:34+0']) {
      expect([cut, ld.instantOf(cut)]).toEqual([cut, NaN]);
    }
  });
});
