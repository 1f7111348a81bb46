// Numbers, dates and comparisons written the way a manager writes them in an agreement. Pure and
// deterministic (no clock; numbers through Intl fixed to en-US), so golden files do not change with
// the machine's locale.
import { durationInWords, parseDuration } from '../core/duration.js';
import type { Comparison, Kpi } from '../core/model.js';
import { MONTHS } from '../core/dates.js';
import { pluralWord } from '../core/text.js';
import { exactNumber, OP_WORDS, UNIT_WORD } from '../formatters/text.js';

const DAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "2026-01-01" → "1 January 2026": day first and the month spelled out, unambiguous everywhere. */
export function dateInWords(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** "a, b and c". */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** ">=" → "at least". */
function comparisonInWords(op: Comparison): string {
  return OP_WORDS[op];
}

/** A number the agreement states, exactly as written, with grouped thousands: 99.999, 4.2, 1,500. */
export const numberInWords = exactNumber;

/** A value in a KPI's unit: "99.5 %", "300 milliseconds", "4.2", "1 hour". */
export function valueInWords(value: number, unit: Kpi['unit']): string {
  const n = numberInWords(value);
  switch (unit) {
    case 'percent': return `${n} %`;
    case 'count':
    case 'score': return n;
    default: return `${n} ${pluralWord(value, UNIT_WORD[unit])}`;
  }
}

export function periodInWords(period: Kpi['period']): string {
  switch (period) {
    case 'day': return 'per calendar day';
    case 'week': return 'per calendar week';
    case 'month': return 'per calendar month';
    case 'quarter': return 'per calendar quarter';
    case 'all': return 'over the whole period measured';
  }
}

/** "at least 99.5 %". */
export function targetInWords(kpi: Pick<Kpi, 'unit' | 'objective'>): string {
  return `${comparisonInWords(kpi.objective.op)} ${valueInWords(kpi.objective.target, kpi.unit)}`;
}

/** A duration as the agreement writes it, in the one wording priorities and KPIs share: "15m" → "15 minutes". */
function timeInWords(text: string): string {
  const d = parseDuration(text);
  return d ? durationInWords(d) : text;
}

/** "15m" → "within 15 minutes"; "4 business hours" → "within 4 business hours"; "1h30m" → "within 1 hour and 30 minutes". */
export function deadlineInWords(text: string): string {
  return parseDuration(text) ? `within ${timeInWords(text)}` : text;
}

/** ["mon".."fri"] → "Monday to Friday"; runs of three or more days read as a range. */
export function daysInWords(days: readonly string[]): string {
  const sorted = WEEK.filter((d) => days.includes(d));
  if (sorted.length === 7) return 'every day';
  const runs: string[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && WEEK.indexOf(d) === WEEK.indexOf(last[last.length - 1]!) + 1) last.push(d);
    else runs.push([d]);
  }
  const parts = runs.flatMap((run) => (run.length >= 3 ? [`${DAY_NAMES[run[0]!]} to ${DAY_NAMES[run[run.length - 1]!]}`] : run.map((d) => DAY_NAMES[d]!)));
  return listInWords(parts);
}

/** "09:00 to 17:00"; a whole day reads "around the clock". */
export function hoursInWords(from: string, to: string): string {
  if (from === '00:00' && to === '24:00') return 'around the clock';
  return `${from} to ${to === '24:00' ? 'midnight' : to}`;
}

const FREQUENCY_EVERY: Record<string, string> = { daily: 'every day', weekly: 'every week', monthly: 'every month', quarterly: 'every quarter', yearly: 'every year' };
/** "monthly" → "every month". */
export function frequencyInWords(frequency: string): string {
  return FREQUENCY_EVERY[frequency] ?? frequency;
}

/** A name placed inside a sentence: a group named "All employees of Example Ltd" reads "all employees of …". */
export function nameInSentence(name: string): string {
  return /^(All|Every|Each|Any|The|Our)\s+\p{Ll}/u.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

