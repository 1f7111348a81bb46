// The answers `sla init` needs, their defaults and their checks. Pure: "today" and the machine's
// time zone are passed in, so tests can pin them.
import { endOfTermDay, isCalendarDate, isTimeZone } from '../dates.js';
import { hasUnprintable } from '../printable.js';

/**
 * The longest name init takes. A name goes into sentences of the agreement ("Head of ...", the title),
 * which the loader limits to 10,000 characters of text; 200 is far more than any team or service name
 * needs and keeps every such sentence well inside that limit.
 */
export const MAX_NAME_LENGTH = 200;

export interface InitAnswers {
  preset: string;
  provider: string;
  recipients: string[];
  service: string;
  timezone: string;
  /** YYYY-MM-DD */
  effective: string;
}

/** Lower case, ASCII letters and digits joined by dashes: the id pattern of the schema. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // é → e once decomposed
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** Ids for names, unique among themselves: a clash gets -2, -3, ...; a name with no letters gets the fallback. */
export function uniqueIds(names: string[], fallbacks: string[]): string[] {
  const used = new Set<string>();
  return names.map((name, i) => {
    const base = slugify(name) || fallbacks[i] || `party-${i + 1}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}

/** The canonical spelling of an IANA zone ("europe/london" → "Europe/London"), or undefined when it is not one. */
export function canonicalTimeZone(zone: string): string | undefined {
  const z = zone.trim();
  if (z === '' || !isTimeZone(z)) return undefined;
  return new Intl.DateTimeFormat('en', { timeZone: z }).resolvedOptions().timeZone;
}

/** A name as the user typed it, or the reason it cannot go in the file. */
export function checkName(what: string, value: string): string | undefined {
  if (value.trim() === '') return `${what} must not be empty`;
  // Control characters (a newline from a script, say; an ESC, a bidi override) would only ever be a mistake in a team's name.
  if (hasUnprintable(value)) return `${what} must be one line of text without control characters`;
  if (value.trim().length > MAX_NAME_LENGTH) return `${what} is ${value.trim().length.toLocaleString('en')} characters long; keep a name to ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

export function checkEffective(value: string): string | undefined {
  if (!isCalendarDate(value)) return `the effective date must be a date written YYYY-MM-DD, such as 2027-01-01 (got "${value}")`;
  // The agreement init writes runs 12 months, and dates end at 9999-12-31: past it, the sample data's
  // dates could not be written (the service desk's ticket times looped for ever on year 10000).
  if (endOfTermDay(value, '12 months') === Infinity) return `the effective date must be 9999-01-01 or earlier, so the 12-month term ends by 9999-12-31 (got "${value}")`;
  return undefined;
}

export function checkTimeZone(value: string): string | undefined {
  return canonicalTimeZone(value) ? undefined : `"${value}" is not an IANA time zone; use a name such as Europe/London, America/New_York or UTC`;
}
