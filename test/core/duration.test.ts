import { describe, expect, it } from 'vitest';
import { DURATION_FORMS, durationInWords, durationMinutes, parseDuration, readDuration } from '../../src/core/duration.js';

// Minutes on a desk whose business day is 8 hours (09:00-17:00); `business` says which clock.
const ACCEPTED: [text: string, minutes: number, business: boolean, words: string][] = [
  ['15m', 15, false, '15 minutes'],
  ['15 m', 15, false, '15 minutes'],
  ['15 min', 15, false, '15 minutes'],
  ['1 minute', 1, false, '1 minute'],
  ['4h', 240, false, '4 hours'],
  ['4 hrs', 240, false, '4 hours'],
  ['1.5 hours', 90, false, '1.5 hours'],
  ['1 day', 1440, false, '1 day'],
  ['3d', 4320, false, '3 days'],
  ['2 weeks', 20160, false, '2 weeks'],
  ['1 wk', 10080, false, '1 week'],
  ['8 business hours', 480, true, '8 business hours'],
  ['15 business minutes', 15, true, '15 business minutes'],
  ['1 business day', 480, true, '1 business day'],
  ['3 Business Days', 1440, true, '3 business days'],
  ['1 business week', 2400, true, '1 business week'],
  ['1 working day', 480, true, '1 working day'],
  ['4 working hours', 240, true, '4 working hours'],
  ['2 work days', 960, true, '2 working days'],
  ['1 hour 30 minutes', 90, false, '1 hour and 30 minutes'],
  ['1 hour and 30 minutes', 90, false, '1 hour and 30 minutes'],
  ['1h30m', 90, false, '1 hour and 30 minutes'],
  ['1h 30m', 90, false, '1 hour and 30 minutes'],
  ['1 day 4 hours', 1680, false, '1 day and 4 hours'],
  ['1 day, 4 hours and 30 minutes', 1710, false, '1 day, 4 hours and 30 minutes'],
  ['1 business day 4 hours', 720, true, '1 business day and 4 business hours'],
  ['1 business day 4 business hours', 720, true, '1 business day and 4 business hours'],
  ['1 working day and 2 hours', 600, true, '1 working day and 2 working hours'],
  ['2h 7.5m', 127.5, false, '2 hours and 7.5 minutes'],
  ['  4h  ', 240, false, '4 hours'],
  ['0m', 0, false, '0 minutes'],
];

const REFUSED: [text: string, why: string][] = [
  ['', 'empty'],
  ['quickly', 'does not start with a number'],
  ['soon', 'does not start with a number'],
  ['h4', 'does not start with a number'],
  ['-1h', 'does not start with a number'],
  ['.5h', 'does not start with a number'],
  ['1,5h', 'does not start with a number'],
  ['4', 'does not start with a number'],
  ['4 fortnights', '"fortnights" is not a unit'],
  ['1 business', '"business" is not a unit'],
  ['4 business', '"business" is not a unit'],
  ['1 calendar day', '"calendar" is not a unit'],
  ['30 minutes 1 hour', 'from the largest unit down'],
  ['1 hour 2 hours', 'from the largest unit down'],
  ['1h 30', 'is not a number and a unit'],
  ['1h and', 'is not a number and a unit'],
  ['1.5 hours 10 minutes', 'only its last part'],
  ['1 day 4 business hours', 'put "business" after the first number'],
  [', 1h', 'does not start with a number'],
  ['1 hourand 30 minutes', '"hourand" is not a unit'],
];

describe('durations', () => {
  it.each(ACCEPTED)('accepts "%s" (%d minutes, business: %s)', (text, minutes, business, words) => {
    const d = parseDuration(text);
    expect(d, text).toBeDefined();
    expect(durationMinutes(d!, 480)).toBe(minutes);
    expect(d!.business).toBe(business);
    expect(durationInWords(d!)).toBe(words);
    // The words parse back to the same duration.
    expect(parseDuration(words)).toEqual(d);
  });

  it.each(REFUSED)('refuses "%s" and says why', (text, why) => {
    expect(parseDuration(text)).toBeUndefined();
    expect(readDuration(text).problem).toContain(why);
  });

  it('names every form in the hint an error gives', () => {
    for (const form of ['15m', '4h', '3 days', '8 business hours', '1 working day', '1 hour 30 minutes', '1h30m', '1 business day 4 hours']) {
      expect(DURATION_FORMS).toContain(`"${form}"`);
      expect(parseDuration(form), form).toBeDefined();
    }
  });

  it('counts a business day as the coverage day and a business week as five of them', () => {
    expect(durationMinutes(parseDuration('1 business day')!, 600)).toBe(600);
    expect(durationMinutes(parseDuration('1 business week')!, 600)).toBe(3000);
    expect(durationMinutes(parseDuration('1 day')!, 600)).toBe(1440);
  });
});
