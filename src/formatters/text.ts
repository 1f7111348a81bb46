// What the formatters, the rendered agreement and the report write the same way: GitHub annotation
// escaping, units and comparison operators, and numbers. Pure, and free of heavy imports, so
// `sla validate` may load it. Plural and cut are in core/text.ts, since core cannot import from here.
import type { Comparison } from '../core/model.js';

// GitHub Actions workflow commands (`::error file=F,line=L,title=T::message`) need %, CR and LF
// escaped in the message, and also : and , in the properties, where they separate the fields.

/** Text for the message of a workflow command: `%` → `%25`, CR → `%0D`, LF → `%0A`. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
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

// Numbers. Three ways of writing a number are in use and they do not print the same digits, so
// each keeps its own function here; choosing one rule for all is a change of output, left for later.

const grouped = new Map<number, Intl.NumberFormat>();
/**
 * `sla check` output: at most `digits` decimals (3 for percentages, so 99.95 stays 99.95) and
 * grouped thousands, "1,300". The only one that uses Intl (en-US, whatever the machine's locale).
 */
export function groupedNumber(value: number, digits = 2): string {
  let f = grouped.get(digits);
  if (!f) grouped.set(digits, (f = new Intl.NumberFormat('en-US', { maximumFractionDigits: digits })));
  return f.format(value);
}

/**
 * The rendered agreement and the report's text: up to three decimals, no grouping, no trailing
 * zeros or exponent notation (below 1e21), and never "-0": 99.95, 4.2, 1500.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const fixed = Math.abs(n) >= 1e21 ? String(n) : n.toFixed(3).replace(/\.?0+$/, '');
  return fixed === '-0' ? '0' : fixed;
}
