// Timestamp patterns as ticket tools export them (data.timestamps.format), in date-fns's Unicode
// tokens: the subset `sla` accepts, checked without loading date-fns (validate's start-up stays
// light), a readable example for messages, and a compiled fast reader for the common tokens. The
// engine (core/check/timestamps.ts) hands every cell the fast reader declines to date-fns `parse`,
// so date-fns decides what a pattern means; test/check/timestamps-property.test.ts proves the two agree.

/** One piece of a pattern: a field token (a run of one letter) or literal text. */
export type PatternPart = { token: string } | { literal: string };

/** The tokens accepted, with what they read; every one is a date-fns parse token. */
export const PATTERN_TOKENS: Readonly<Record<string, string>> = {
  yyyy: 'four-digit year',
  yy: 'two-digit year (00-75 = 2000-2075, 76-99 = 1976-1999)',
  M: 'month 1-12',
  MM: 'month 01-12',
  MMM: 'month name, short (Nov)',
  MMMM: 'month name (November)',
  d: 'day 1-31',
  dd: 'day 01-31',
  H: 'hour 0-23',
  HH: 'hour 00-23',
  h: 'hour 1-12 (with a)',
  hh: 'hour 01-12 (with a)',
  a: 'AM or PM',
  m: 'minute',
  mm: 'minute 00-59',
  s: 'second',
  ss: 'second 00-59',
  S: 'tenths of a second',
  SS: 'hundredths of a second',
  SSS: 'milliseconds',
  X: 'offset such as Z, +01 or +0100',
  XX: 'offset such as Z or +0100',
  XXX: 'offset such as Z or +01:00',
  xx: 'offset such as +0100',
  xxx: 'offset such as +01:00',
};

/** Splits a pattern as date-fns does: letter runs are tokens, '...' is quoted text ('' a quote). */
export function splitPattern(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  let i = 0;
  const lit = (s: string) => {
    const last = parts[parts.length - 1];
    if (last && 'literal' in last) last.literal += s;
    else parts.push({ literal: s });
  };
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (/[A-Za-z]/.test(c)) {
      let j = i;
      while (pattern[j] === c) j++;
      parts.push({ token: pattern.slice(i, j) });
      i = j;
    } else if (c === "'") {
      if (pattern[i + 1] === "'") {
        lit("'");
        i += 2;
        continue;
      }
      let j = i + 1;
      let text = '';
      while (j < pattern.length) {
        if (pattern[j] === "'" && pattern[j + 1] === "'") {
          text += "'";
          j += 2;
        } else if (pattern[j] === "'") break;
        else text += pattern[j++];
      }
      lit(text);
      i = j + 1;
    } else {
      lit(c);
      i++;
    }
  }
  return parts;
}

/**
 * What is wrong with a pattern, or undefined when it reads timestamps: known tokens only, each field
 * once, a year, month and day, `h` only with `a` (a 12-hour clock without AM/PM is a guess).
 */
export function patternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'the pattern is empty';
  const parts = splitPattern(pattern);
  const seen = new Map<string, string>();
  for (const p of parts) {
    if (!('token' in p)) continue;
    if (!Object.hasOwn(PATTERN_TOKENS, p.token)) {
      return `"${p.token}" is not a token sla reads; use ${Object.keys(PATTERN_TOKENS).join(', ')}, and quote literal letters ('T')`;
    }
    const field = p.token[0]!.toLowerCase() === 'x' ? 'offset' : p.token[0] === 'H' || p.token[0] === 'h' ? 'hour' : p.token[0]!;
    if (seen.has(field)) return `"${seen.get(field)}" and "${p.token}" both read the ${FIELD_NAMES[field] ?? field}`;
    seen.set(field, p.token);
  }
  for (const [field, name] of [['y', 'year (yyyy or yy)'], ['M', 'month (MM, M or MMM)'], ['d', 'day (dd or d)']] as const) {
    if (!seen.has(field)) return `the pattern has no ${name}: a timestamp needs a date`;
  }
  const hour = seen.get('hour');
  if (hour?.[0] === 'h' && !seen.has('a')) return `"${hour}" is a 12-hour clock: add a (AM/PM), or use ${hour.toUpperCase()} for a 24-hour clock`;
  if (seen.has('a') && hour?.[0] !== 'h') return `"a" (AM/PM) needs a 12-hour hour (h or hh)`;
  if (seen.has('m') && hour === undefined) return 'the pattern has minutes but no hour';
  return undefined;
}

const FIELD_NAMES: Record<string, string> = { y: 'year', M: 'month', d: 'day', hour: 'hour', m: 'minute', s: 'second', S: 'fraction of a second', a: 'AM/PM', offset: 'offset' };

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The pattern's rendering of 30 November 2026 16:15:00 (UTC): `30/Nov/26 4:15 PM` for `dd/MMM/yy h:mm a`. */
export function patternExample(pattern: string): string {
  const values: Record<string, string> = {
    yyyy: '2026', yy: '26', M: '11', MM: '11', MMM: 'Nov', MMMM: 'November', d: '30', dd: '30',
    H: '16', HH: '16', h: '4', hh: '04', a: 'PM', m: '15', mm: '15', s: '0', ss: '00', S: '0', SS: '00', SSS: '000',
    X: 'Z', XX: 'Z', XXX: 'Z', xx: '+0000', xxx: '+00:00',
  };
  return splitPattern(pattern).map((p) => ('token' in p ? values[p.token] ?? p.token : p.literal)).join('');
}

/**
 * A compiled reader for patterns of numbers, month names, AM/PM and literals: the wall-clock time
 * as ms since 1970 read as UTC (a "local" time), or NaN when it declines the text (then date-fns
 * decides). It declines anything it is not sure date-fns reads the same way: a field out of range,
 * a single-digit "dd", trailing spaces; it is undefined for a pattern it does not cover at all.
 */
export type FastReader = (text: string) => number;

export function compileFast(pattern: string): FastReader | undefined {
  if (patternProblem(pattern) !== undefined) return undefined;
  // Steps over char codes, no regex and no substrings: a million cells a second and then some.
  const kinds: number[] = [];
  const widths: number[] = [];
  const literals: string[] = [];
  let prevNumeric = false;
  for (const p of splitPattern(pattern)) {
    if ('literal' in p) {
      kinds.push(LITERAL);
      widths.push(p.literal.length);
      literals.push(p.literal);
      prevNumeric = false;
      continue;
    }
    const kind = KIND[p.token];
    if (kind === undefined) return undefined; // fractions and offsets: date-fns only
    const numeric = kind !== K.monthShort && kind !== K.monthLong && kind !== K.ampm;
    // Two numbers with nothing between them split differently here than under date-fns.
    if (numeric && prevNumeric) return undefined;
    prevNumeric = numeric;
    kinds.push(kind);
    // Digits read greedily, as date-fns reads them: yyyy up to 4, every other number up to 2.
    widths.push(p.token === 'yyyy' ? 4 : 2);
    literals.push('');
  }
  // date-fns reads "a.m." for a, swallowing a dot after AM: a literal dot after a is left to it.
  for (let k = 0; k + 1 < kinds.length; k++) if (kinds[k] === K.ampm && kinds[k + 1] === LITERAL && literals[k + 1]!.startsWith('.')) return undefined;
  const n = kinds.length;
  let lastKey = -1;
  let lastDayMs = 0;
  return (text) => {
    const len = text.length;
    let i = 0;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, pm = -1;
    for (let k = 0; k < n; k++) {
      const kind = kinds[k]!;
      if (kind === LITERAL) {
        const lit = literals[k]!;
        for (let j = 0; j < lit.length; j++) if (text.charCodeAt(i + j) !== lit.charCodeAt(j)) return NaN;
        i += lit.length;
        continue;
      }
      if (kind === K.monthShort) {
        mo = monthOf(text, i, 3);
        if (mo === 0) return NaN;
        i += 3;
        continue;
      }
      if (kind === K.monthLong) {
        let j = i;
        while (j < len && ((text.charCodeAt(j) | 32) >= 97 && (text.charCodeAt(j) | 32) <= 122)) j++;
        mo = monthOf(text, i, j - i);
        if (mo === 0) return NaN;
        i = j;
        continue;
      }
      if (kind === K.ampm) {
        // AM or PM in any case (a.m., midnight and the like are left to date-fns).
        const c = text.charCodeAt(i) | 32;
        if ((text.charCodeAt(i + 1) | 32) !== 109 || (c !== 97 && c !== 112)) return NaN;
        pm = c === 112 ? 1 : 0;
        i += 2;
        continue;
      }
      // One digit up to the token's width, greedily.
      const max = widths[k]!;
      let v = 0;
      let j = i;
      while (j - i < max) {
        const c = text.charCodeAt(j) - 48;
        if (!(c >= 0 && c <= 9)) break;
        v = v * 10 + c;
        j++;
      }
      if (j === i) return NaN;
      i = j;
      switch (kind) {
        case K.year4: y = v; break;
        case K.year2: y = v >= 76 ? 1900 + v : 2000 + v; break;
        case K.month: mo = v; break;
        case K.day: d = v; break;
        case K.hour24: if (v > 23) return NaN; h = v; break;
        case K.hour12: if (v < 1 || v > 12) return NaN; h = v; break;
        case K.minute: if (v > 59) return NaN; mi = v; break;
        case K.second: if (v > 59) return NaN; s = v; break;
      }
    }
    // date-fns allows trailing white space, nothing else.
    if (i !== len && NOT_SPACE.test(text.slice(i))) return NaN;
    // Rows come in time order: most share the date of the cell before, already checked.
    const key = y * 10_000 + mo * 100 + d;
    let dayMs: number;
    if (key === lastKey) dayMs = lastDayMs;
    else {
      // Years before 1000 are left to date-fns.
      if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return NaN;
      dayMs = Date.UTC(y, mo - 1, d);
      lastKey = key;
      lastDayMs = dayMs;
    }
    if (pm === 1 && h < 12) h += 12;
    else if (pm === 0 && h === 12) h = 0;
    return dayMs + h * 3_600_000 + mi * 60_000 + s * 1000;
  };
}

const LITERAL = -1;
const NOT_SPACE = /\S/;

/**
 * A cheap test that date-fns cannot read `text` with the pattern: date-fns consumes each literal of the
 * pattern exactly, in order, so a text without them (an ISO timestamp against dd/MMM/yy h:mm a) is
 * refused without the cost of a date-fns parse. True = date-fns might read it.
 */
export function literalsInOrder(pattern: string): (text: string) => boolean {
  const literals = splitPattern(pattern).flatMap((p) => ('literal' in p && p.literal !== '' ? [p.literal] : []));
  return (text) => {
    let at = 0;
    for (const lit of literals) {
      const found = text.indexOf(lit, at);
      if (found < 0) return false;
      at = found + lit.length;
    }
    return true;
  };
}

/** The month (1-12) a name of `length` letters at `at` spells (Nov, November; any case), else 0. */
function monthOf(text: string, at: number, length: number): number {
  if (length < 3) return 0;
  const key = ((text.charCodeAt(at) | 32) << 16) | ((text.charCodeAt(at + 1) | 32) << 8) | (text.charCodeAt(at + 2) | 32);
  const m = SHORT_CODES.get(key);
  if (m === undefined) return 0;
  if (length === 3) return m;
  // A full name must be that month's whole name.
  const full = MONTHS[m - 1]!;
  if (full.length !== length) return 0;
  for (let j = 3; j < length; j++) if ((text.charCodeAt(at + j) | 32) !== full.charCodeAt(j)) return 0;
  return m;
}

const enum K { year4, year2, month, monthShort, monthLong, day, hour24, hour12, ampm, minute, second }

const KIND: Record<string, K> = {
  yyyy: K.year4, yy: K.year2, M: K.month, MM: K.month, MMM: K.monthShort, MMMM: K.monthLong, d: K.day, dd: K.day,
  H: K.hour24, HH: K.hour24, h: K.hour12, hh: K.hour12, a: K.ampm, m: K.minute, mm: K.minute, s: K.second, ss: K.second,
};
const SHORT_CODES = new Map(MONTHS.map((m, i) => [(m.charCodeAt(0) | 32) << 16 | m.charCodeAt(1) << 8 | m.charCodeAt(2), i + 1]));
const daysIn = (y: number, m: number) => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31);

/**
 * The readings of a day-month-year text when no pattern was declared: `03/04/2026` reads as
 * dd/MM/yyyy and MM/dd/yyyy; `30/11/2026 16:15` only as dd/MM/yyyy HH:mm. Empty when it does not look
 * like such a date. Used only for the message of a cell the ISO reader refused.
 */
export function readingsOf(text: string): { pattern: string; date: string }[] {
  const m = /^\s*(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?\s*$/.exec(text);
  if (m === null) return [];
  const [, a, sep, b, year, hh, , ss, ampm] = m;
  const y = year!.length === 2 ? 'yy' : 'yyyy';
  const yearNum = year!.length === 2 ? (+year! >= 76 ? 1900 : 2000) + +year! : +year!;
  const time = hh === undefined ? '' : ` ${ampm ? 'h' : 'H'}${hh.length === 2 && !ampm ? 'H' : ''}:mm${ss !== undefined ? ':ss' : ''}${ampm ? ' a' : ''}`;
  const out: { pattern: string; date: string }[] = [];
  const day = (x: string) => (x.length === 2 ? 'dd' : 'd');
  const mon = (x: string) => (x.length === 2 ? 'MM' : 'M');
  const ok = (d: number, mo: number) => mo >= 1 && mo <= 12 && d >= 1 && d <= daysIn(yearNum, mo);
  if (ok(+a!, +b!)) out.push({ pattern: `${day(a!)}${sep}${mon(b!)}${sep}${y}${time}`, date: `${+a!} ${MONTHS[+b! - 1]} ${yearNum}` });
  if (+a! !== +b! && ok(+b!, +a!)) out.push({ pattern: `${mon(a!)}${sep}${day(b!)}${sep}${y}${time}`, date: `${MONTHS[+a! - 1]} ${+b!}, ${yearNum}` });
  return out;
}
