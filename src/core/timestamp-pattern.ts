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
  const parts = splitPattern(pattern);
  let source = '^';
  const fields: string[] = [];
  let prevNumeric = false;
  for (const p of parts) {
    if ('literal' in p) {
      source += p.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      prevNumeric = false;
      continue;
    }
    const t = p.token;
    let re: string;
    let numeric = true;
    switch (t) {
      case 'yyyy': re = '(\\d{4})'; break;
      case 'yy': case 'MM': case 'dd': case 'HH': case 'hh': case 'mm': case 'ss': re = '(\\d{2})'; break;
      case 'M': case 'd': case 'H': case 'h': case 'm': case 's': re = '(\\d{1,2})'; break;
      case 'MMM': re = '([A-Za-z]{3})'; numeric = false; break;
      case 'MMMM': re = '([A-Za-z]{3,9})'; numeric = false; break;
      case 'a': re = '(AM|PM|am|pm)'; numeric = false; break;
      default: return undefined; // fractions and offsets: date-fns only
    }
    // Two numbers with nothing between them split differently under a regex than under date-fns.
    if (numeric && prevNumeric) return undefined;
    prevNumeric = numeric;
    source += re;
    fields.push(t);
  }
  const regex = new RegExp(source + '$');
  const n = fields.length;
  const kinds = fields.map((t) => KIND[t]!);
  return (text) => {
    const m = regex.exec(text);
    if (m === null) return NaN;
    let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, pm = -1;
    for (let i = 0; i < n; i++) {
      const v = m[i + 1]!;
      switch (kinds[i]) {
        case K.year4: y = +v; break;
        case K.year2: { const yy = +v; y = yy >= 76 ? 1900 + yy : 2000 + yy; break; }
        case K.month: mo = +v; break;
        case K.monthShort: mo = SHORT.get(v.toLowerCase()) ?? 0; break;
        case K.monthLong: mo = LONG.get(v.toLowerCase()) ?? 0; break;
        case K.day: d = +v; break;
        case K.hour24: h = +v; if (h > 23) return NaN; break;
        case K.hour12: h = +v; if (h < 1 || h > 12) return NaN; break;
        case K.ampm: pm = v.charCodeAt(0) === 80 || v.charCodeAt(0) === 112 ? 1 : 0; break;
        case K.minute: mi = +v; if (mi > 59) return NaN; break;
        case K.second: s = +v; if (s > 59) return NaN; break;
      }
    }
    // Years before 1000 are left to date-fns (Date.UTC reads 0-99 as 1900-1999).
    if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return NaN;
    if (pm === 1 && h < 12) h += 12;
    else if (pm === 0 && h === 12) h = 0;
    return Date.UTC(y, mo - 1, d, h, mi, s);
  };
}

const enum K { year4, year2, month, monthShort, monthLong, day, hour24, hour12, ampm, minute, second }
const KIND: Record<string, K> = {
  yyyy: K.year4, yy: K.year2, M: K.month, MM: K.month, MMM: K.monthShort, MMMM: K.monthLong, d: K.day, dd: K.day,
  H: K.hour24, HH: K.hour24, h: K.hour12, hh: K.hour12, a: K.ampm, m: K.minute, mm: K.minute, s: K.second, ss: K.second,
};
const SHORT = new Map(MONTHS.map((m, i) => [m.slice(0, 3).toLowerCase(), i + 1]));
const LONG = new Map(MONTHS.map((m, i) => [m.toLowerCase(), i + 1]));
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
