import { describe, expect, it } from 'vitest';
import { IcsError, parseHolidayCalendar } from '../../src/core/calendar/ics.js';

const ics = (...events: string[]) => ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//sla tests//EN', ...events, 'END:VCALENDAR', ''].join('\r\n');
const event = (uid: string, ...lines: string[]) => ['BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', ...lines, 'END:VEVENT'].join('\r\n');

describe('holidays from an iCalendar file (ical.js)', () => {
  it('takes each all-day event as a holiday; DTEND is exclusive', () => {
    const cal = parseHolidayCalendar(ics(
      event('a', 'DTSTART;VALUE=DATE:20260525', 'DTEND;VALUE=DATE:20260526', 'SUMMARY:Spring bank holiday'),
      event('b', 'DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261227', 'SUMMARY:Christmas and Boxing Day'),
      event('c', 'DTSTART;VALUE=DATE:20260831', 'SUMMARY:No DTEND: one day'),
    ));
    expect(cal).toEqual({ dates: ['2026-05-25', '2026-08-31', '2026-12-25', '2026-12-26'], ignoredTimed: 0 });
  });

  it('expands recurring holidays, minus their exceptions', () => {
    const cal = parseHolidayCalendar(ics(event('ny', 'DTSTART;VALUE=DATE:20250101', 'RRULE:FREQ=YEARLY;COUNT=3', 'EXDATE;VALUE=DATE:20260101', "SUMMARY:New Year's Day")));
    expect(cal.dates).toEqual(['2025-01-01', '2027-01-01']);
  });

  it('ignores timed events (a meeting is not a day without coverage) and counts them', () => {
    const cal = parseHolidayCalendar(ics(event('m', 'DTSTART:20260301T100000Z', 'DTEND:20260301T110000Z', 'SUMMARY:Team meeting')));
    expect(cal).toEqual({ dates: [], ignoredTimed: 1 });
  });

  it('refuses text that is not iCalendar, with a reason', () => {
    expect(() => parseHolidayCalendar('just text')).toThrow(IcsError);
    expect(() => parseHolidayCalendar('just text')).toThrow(/not a valid iCalendar file/);
    expect(() => parseHolidayCalendar('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n')).toThrow(/not an iCalendar file: it holds a VCARD/);
  });

  it('an unbounded daily rule stops (at the year 2100 or the cap) instead of running forever', () => {
    const cal = parseHolidayCalendar(ics(event('d', 'DTSTART;VALUE=DATE:20260101', 'RRULE:FREQ=DAILY', 'SUMMARY:Every day')));
    expect(cal.dates.length).toBe(10_000);
    expect(cal.dates[0]).toBe('2026-01-01');
  });
});
