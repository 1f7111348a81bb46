// What the formatters, the rendered agreement and the report write the same way: GitHub annotation
// escaping, units and comparison operators, and numbers. Pure, and free of heavy imports, so
// `sla validate` may load it. Plural and cut are in core/text.ts, since core cannot import from here.
import type { Comparison } from '../core/model.js';
import { printable } from '../core/printable.js';

export { printable };

// GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`) need %, CR and LF
// escaped in the message, and also : and , in the properties, where they separate the fields.

/**
 * Text for the message of a workflow command: control characters shown as escapes (an ESC would
 * colour or hide the log line), then `%` → `%25`, CR → `%0D`, LF → `%0A` for what is left.
 */
export function escapeGithubData(text: string): string {
  return printable(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Text for a property of a workflow command (file, title): as the message, and `:` → `%3A`, `,` → `%2C`. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

// Units. The schema's units are plural words ("milliseconds"); count and score have no unit.

/** What follows a number in a table cell or a chart label: "99.5 %", "300 ms". */
export const UNIT_SUFFIX: Readonly<Record<string, string>> = { percent: ' %', milliseconds: ' ms', seconds: ' s', minutes: ' min', hours: ' h', days: ' d', count: '', score: '' };

/** The suffix for a unit, '' for a unit without one. */
export function unitSuffix(unit: string): string {
  return Object.hasOwn(UNIT_SUFFIX, unit) ? UNIT_SUFFIX[unit]! : '';
}

/** The singular word of each time unit, for prose: "1 millisecond", "300 milliseconds". */
export const UNIT_WORD = { milliseconds: 'millisecond', seconds: 'second', minutes: 'minute', hours: 'hour', days: 'day' } as const;

// Comparison operators, as the schema writes them.

/** The operator as a symbol, in tables and the report: "≥ 99.9 %". */
export const OP_SYMBOL: Readonly<Record<string, string>> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<', '==': '=' } satisfies Record<Comparison, string>;

/** The operator in words, in the agreement: "at least 99.9 %". */
export const OP_WORDS: Readonly<Record<Comparison, string>> = { '>=': 'at least', '>': 'more than', '<=': 'at most', '<': 'less than', '==': 'exactly' };

// Numbers. One way of writing them for people, in every output (check, report tables, charts, the
// agreement): en-US digits with grouped thousands ("1,300.5"), whatever the machine's locale, never
// "-0" and never exponent notation. How many decimals depends on what the number is next to:
// - a value an agreement states (target, bound, credit) prints exactly as written (`exactNumber`);
// - a measured value prints with its unit's decimals (3 for percentages, 2 otherwise), and as many
//   more as it takes to land on the same side of its target and of each credit bound as the value
//   itself (`formatAgainst`): a breach is never printed equal to, or past, its target.
// Both stop at SIGNIFICANT_DIGITS, the precision the engine computes to.

import type { KpiResult } from '../core/check/types.js';
import { SIGNIFICANT_DIGITS } from '../core/numbers.js';

const formats = new Map<number, Intl.NumberFormat>();

/** `value` with at most `maxDecimals` decimals (rounded half away from zero) and grouped thousands: "1,300.46". */
export function formatNumber(value: number, maxDecimals = 3): string {
  if (!Number.isFinite(value)) return String(value);
  let f = formats.get(maxDecimals);
  if (!f) formats.set(maxDecimals, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: maxDecimals, signDisplay: 'negative' })));
  return f.format(value);
}

/** The most decimals worth printing for `value`: those within SIGNIFICANT_DIGITS (at least 0, at most 20). */
function decimalsCap(value: number): number {
  if (value === 0) return 0;
  return Math.min(20, Math.max(0, SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(Math.abs(value)))));
}

/** The decimals `value` has as written (99.999 → 3, 1500 → 0), up to SIGNIFICANT_DIGITS significant digits. */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value)) return 0;
  const cap = decimalsCap(value);
  const tidied = Number(value.toPrecision(SIGNIFICANT_DIGITS)); // 100 − 99.99 = 0.010000000000005116 has 2
  for (let d = 0; d < cap; d++) if (shownValue(value, d) === tidied) return d;
  return cap;
}

/**
 * The value a reader reads from `formatNumber(value, decimals)`. Read back from the text itself, as
 * Intl rounds the shortest decimal form of the double (99.9269995 → 99.927 at 6 decimals) where
 * toFixed rounds its exact binary value (99.926999).
 */
function shownValue(value: number, decimals: number): number {
  return Number(formatNumber(value, decimals).replace(/,/g, ''));
}

/** A number an agreement states, exactly as written: 99.999, 0.9999, "1,500". */
export function exactNumber(value: number): string {
  return formatNumber(value, decimalsOf(value));
}

/**
 * The decimals to print `value` with, from `baseDecimals` up: the fewest with which the printed value
 * lies on the same side of every reference (printed exactly) as `value` itself, and equals only a
 * reference it equals. 0.998611 against 0.9999 from 2 decimals: 3 (0.999, as 1 would look met).
 */
export function decimalsAgainst(value: number, references: readonly number[], baseDecimals: number): number {
  if (!Number.isFinite(value)) return baseDecimals;
  const cap = Math.max(baseDecimals, decimalsCap(value));
  let d = baseDecimals;
  for (; d < cap; d++) {
    const shown = shownValue(value, d);
    if (references.every((r) => r === value || !Number.isFinite(r) || Math.sign(shown - r) === Math.sign(value - r))) break;
  }
  return d;
}

/** `value` printed with `decimalsAgainst` decimals: 0.998611 against [0.9999] → "0.999"; 99.9986 against [99.999] at 3 → "99.9986". */
export function formatAgainst(value: number, references: readonly number[], baseDecimals: number): string {
  return formatNumber(value, decimalsAgainst(value, references, baseDecimals));
}

/** A unit's default decimals for measured values: 3 for percentages (99.95 stays 99.95), 2 otherwise. */
export const unitDecimals = (unit: string) => (unit === 'percent' ? 3 : 2);

/**
 * The values a result's actual must not be printed equal to unless it is: its target and credit
 * bounds, and for a percentage the ends of the scale (99.9995 % is not "100 %").
 */
function referencesOf(r: Pick<KpiResult, 'target' | 'unit' | 'bounds'>): number[] {
  return [r.target, ...(r.bounds ?? []), ...(r.unit === 'percent' ? [0, 100] : [])];
}

/** A result's actual value, without unit: as many digits as tell it from its target, credit bounds and scale ends. */
export function actualNumber(r: Pick<KpiResult, 'actual' | 'target' | 'unit' | 'bounds'>): string {
  return r.actual === null ? '–' : formatAgainst(r.actual, referencesOf(r), unitDecimals(r.unit));
}

/**
 * A result's margin with its sign ("+0.075", "−0.0004", "±0"), without unit: the printed actual minus
 * the target, so the row adds up as printed (270.01 ≤ 300 has −29.99, not the −30 that 29.995 rounds
 * to), with the decimals of both; 0 only when the actual equals the target.
 */
export function marginNumber(r: Pick<KpiResult, 'actual' | 'margin' | 'target' | 'unit' | 'bounds'>): string {
  if (r.margin === null || r.actual === null) return '–';
  const d = decimalsAgainst(r.actual, referencesOf(r), unitDecimals(r.unit));
  const margin = Number((shownValue(r.actual, d) - r.target).toPrecision(SIGNIFICANT_DIGITS));
  return (margin > 0 ? '+' : margin < 0 ? '−' : '±') + formatNumber(Math.abs(margin), Math.max(d, decimalsOf(r.target)));
}

/** What follows a margin: percentage points for a percentage ("+0.075 pp"), else the unit's suffix. */
export const marginSuffix = (unit: string) => (unit === 'percent' ? ' pp' : unitSuffix(unit));

/** The share of the error budget used, in percent, never shown as 100 unless it is: 100.04 → "100.04". */
export function budgetNumber(budgetUsed: number): string {
  return formatAgainst(budgetUsed, [100], 1);
}

/**
 * Breaks what GitHub would autolink, keeping the characters: the `:` before `//` (https://...) and the
 * `.` after `www` are backslash-escaped (an `@` is escaped by the callers' own character class).
 */
export function breakAutolinks(text: string): string {
  return text.replace(/:(?=\/\/)/g, '\\:').replace(/(www)\./gi, '$1\\.');
}

/**
 * Markdown table cells: a | would end the cell, a newline the row; \ * _ ` < would be markup; a
 * bare URL, www. or an address with @ would become a link on GitHub (so `:` before `//`, the `.`
 * after www and `@` are escaped); other control characters are shown as escapes (`printable`).
 */
export function mdCell(text: string): string {
  return breakAutolinks(printable(text.replace(/\r?\n/g, ' ')).replace(/([\\`*_<>[\]|@])/g, '\\$1'));
}
