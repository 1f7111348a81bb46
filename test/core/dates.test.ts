import { describe, expect, it } from 'vitest';
import { addMonths, daysFromCivil, endOfTerm, formatDay, isCalendarDate, monthsFrom, weekday } from '../../src/core/dates.js';

// The Date-based arithmetic the date module replaced, as an independent reference.
function endOfTermWithDate(effective: string, term: string): string {
  const [, n, unit] = /^(\d+) (day|week|month|year)s?$/.exec(term)!;
  const [y, m, d] = effective.split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  if (unit === 'day') date.setUTCDate(date.getUTCDate() + Number(n));
  if (unit === 'week') date.setUTCDate(date.getUTCDate() + 7 * Number(n));
  if (unit === 'month') date.setUTCMonth(date.getUTCMonth() + Number(n));
  if (unit === 'year') date.setUTCFullYear(date.getUTCFullYear() + Number(n));
  date.setUTCDate(date.getUTCDate() - 1);
  return date.toISOString().slice(0, 10);
}

describe('the date module', () => {
  it('ends a term on the day before its anniversary, as Date arithmetic does, for every day of four years', () => {
    const terms = ['1 day', '30 days', '2 weeks', '1 month', '3 months', '13 months', '1 year', '4 years'];
    for (let day = daysFromCivil(2026, 1, 1); day < daysFromCivil(2030, 1, 1); day++) {
      const effective = formatDay(day);
      for (const term of terms) expect.soft(endOfTerm(effective, term), `${effective} + ${term}`).toBe(endOfTermWithDate(effective, term));
    }
  });

  it('hand-worked terms: month ends run on, leap days move to 1 March', () => {
    expect(endOfTerm('2026-01-01', '12 months')).toBe('2026-12-31');
    expect(endOfTerm('2026-01-31', '1 month')).toBe('2026-03-02');
    expect(endOfTerm('2028-02-29', '1 year')).toBe('2029-02-28');
    expect(endOfTerm('2026-13-01', '1 year')).toBeUndefined();
    expect(endOfTerm('2026-01-01', 'a while')).toBeUndefined();
  });

  it('adds months keeping the day where the month has it', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2026-03-15', -3)).toBe('2025-12-15');
  });

  it('lists the whole months from a date across a year boundary', () => {
    expect(monthsFrom('2025-11-01', 3)).toEqual([
      { year: 2025, month: 11, days: 30 },
      { year: 2025, month: 12, days: 31 },
      { year: 2026, month: 1, days: 31 },
    ]);
    // A date after the 1st: its month is not whole, so the months start with the next.
    expect(monthsFrom('2025-10-10', 3)).toEqual([
      { year: 2025, month: 11, days: 30 },
      { year: 2025, month: 12, days: 31 },
      { year: 2026, month: 1, days: 31 },
    ]);
  });

  it('knows real dates and weekdays', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-2-01')).toBe(false);
    expect(weekday(2026, 11, 30)).toBe(1); // a Monday
    expect(weekday(2026, 11, 29)).toBe(0);
  });
});
