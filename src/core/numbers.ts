// How precise the figures are that `sla check` computes and prints. A leaf: core and the formatters
// share it, so the JSON output and the digits shown to people follow one rule.

/**
 * Significant digits every computed value is rounded to (actual, margin, error budget used, and in
 * JSON every number): enough for any real figure, few enough to drop binary noise, so a budget of
 * exactly 10000 is 10000 and not 9999.99999999488.
 */
export const SIGNIFICANT_DIGITS = 12;

/** `x` to SIGNIFICANT_DIGITS significant digits: 95.00000000000001 → 95, 0.1 + 0.2 → 0.3. */
export function tidy(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(SIGNIFICANT_DIGITS)) : x;
}
