import { pluralWord } from './text.js';

/**
 * A duration as an agreement states it: "15m", "4h", "3 days", "8 business hours", "1 working day",
 * or several parts from the largest unit down: "1 hour 30 minutes", "1h30m", "1 business day 4 hours".
 * This is the one parser of durations: the rules, the check and the rendered agreement all use it.
 */
export type DurationUnit = 'minute' | 'hour' | 'day' | 'week';

export interface DurationPart {
  amount: number;
  unit: DurationUnit;
}

export interface Duration {
  /** At least one part, the largest unit first, each unit at most once. */
  parts: readonly DurationPart[];
  /** Counted within coverage hours rather than around the clock. */
  business: boolean;
  /** The word the author used for business time ("working" also stands for "work"), kept for the rendered text; "business" for calendar time. */
  word: 'business' | 'working';
}

const UNITS: Record<string, DurationUnit> = {
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', week: 'week', weeks: 'week',
};
const RANK: Record<DurationUnit, number> = { week: 4, day: 3, hour: 2, minute: 1 };

/** What an error about a duration says the accepted forms are. */
export const DURATION_FORMS =
  'write a number and a unit ("15m", "4h", "3 days", "2 weeks"); put "business" or "working" before the unit to count only coverage hours ("8 business hours", "1 working day"); or combine parts from the largest unit down ("1 hour 30 minutes", "1h30m", "1 business day 4 hours")';

/**
 * One part: an optional separator before it (a comma, "and", or nothing), a number, an optional
 * business word, a unit. The unit is letters only, so "1h30m" reads as two parts.
 */
const PART = /(\s*,\s*|\s+and\s+|\s*)(\d+(?:\.\d+)?)\s*(?:(business|working|work)\s+)?([a-z]+)/iy;

/** Far beyond any time an agreement promises (a million minutes is about two years), and finite. */
export const MAX_DURATION_AMOUNT = 1_000_000;

export type DurationReading = { duration: Duration; problem?: undefined } | { duration?: undefined; problem: string };

/** Reads a duration, or says in a few words what is wrong with it (the forms are in `DURATION_FORMS`). */
export function readDuration(text: string): DurationReading {
  const source = text.trim();
  const parts: DurationPart[] = [];
  const words: (string | undefined)[] = [];
  PART.lastIndex = 0;
  while (PART.lastIndex < source.length) {
    const start = PART.lastIndex;
    const match = PART.exec(source);
    if (!match) return { problem: parts.length === 0 ? 'it does not start with a number and a unit' : `"${source.slice(start).trim()}" is not a number and a unit` };
    if (parts.length === 0 && match[1] !== '') return { problem: 'it does not start with a number and a unit' };
    const unit = UNITS[match[4]!.toLowerCase()];
    if (!unit) return { problem: `"${match[4]}" is not a unit of time` };
    const previous = parts[parts.length - 1];
    if (previous && RANK[unit] >= RANK[previous.unit]) return { problem: 'its parts must go from the largest unit down, each unit once' };
    if (previous && !Number.isInteger(previous.amount)) return { problem: 'only its last part can have a fraction' };
    const amount = Number(match[2]);
    // A 400-digit amount read as Infinity and rendered "within Infinity minutes".
    if (amount > MAX_DURATION_AMOUNT) return { problem: `${match[2]!.length > 20 ? `a ${match[2]!.length}-digit number` : match[2]} is too large: a duration counts at most ${MAX_DURATION_AMOUNT.toLocaleString('en')} of a unit` };
    parts.push({ amount, unit });
    words.push(match[3]?.toLowerCase());
  }
  if (parts.length === 0) return { problem: 'it is empty' };
  // The business word on the first part covers the whole duration; on a later part alone it is ambiguous.
  const first = words[0];
  if (first === undefined && words.some((w) => w !== undefined)) return { problem: 'put "business" after the first number, as in "1 business day 4 hours", so it covers every part' };
  return { duration: { parts, business: first !== undefined, word: first === undefined || first === 'business' ? 'business' : 'working' } };
}

export function parseDuration(text: string): Duration | undefined {
  return readDuration(text).duration;
}

/** The largest unit the duration is written in. */
export const largestUnit = (d: Duration): DurationUnit => d.parts[0]!.unit;

export const isZeroDuration = (d: Duration): boolean => d.parts.every((p) => p.amount === 0);

function partMinutes(p: DurationPart, business: boolean, businessDayMinutes: number): number {
  switch (p.unit) {
    case 'minute': return p.amount;
    case 'hour': return p.amount * 60;
    case 'day': return p.amount * (business ? businessDayMinutes : 1440);
    case 'week': return p.amount * (business ? 5 * businessDayMinutes : 7 * 1440);
  }
}

/**
 * Minutes of the clock the duration is counted on: calendar minutes, or business minutes where a
 * business day is `businessDayMinutes` long (a business week is five business days).
 */
export function durationMinutes(d: Duration, businessDayMinutes = 8 * 60): number {
  return d.parts.reduce((sum, p) => sum + partMinutes(p, d.business, businessDayMinutes), 0);
}

/** The same parts counted in business time (or around the clock): "1 day" → "1 business day". */
export function withBusiness(d: Duration, business: boolean): Duration {
  return { ...d, business };
}

/** Two durations mean the same time on a clock whose business day is `businessDayMinutes` long. */
export function sameDuration(a: Duration, b: Duration, businessDayMinutes = 8 * 60): boolean {
  return a.business === b.business && durationMinutes(a, businessDayMinutes) === durationMinutes(b, businessDayMinutes);
}

/**
 * "4 business hours", "15 minutes", "1 working day", "1 hour and 30 minutes", "1 business day and
 * 4 business hours": every part says which clock it is on. The words parse back to the same duration.
 */
export function durationInWords(d: Duration): string {
  const words = d.parts.map((p) => `${p.amount} ${d.business ? `${d.word} ` : ''}${pluralWord(p.amount, p.unit)}`);
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}
