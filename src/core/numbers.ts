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

/**
 * a − b to SIGNIFICANT_DIGITS of the larger operand: binary noise is relative to the operands, not to
 * their difference, so 99.9986 − 99.999 is −0.000399999999999 at 12 significant digits of its own and
 * −0.0004 at 12 of 99.999 (10 decimals).
 */
export function difference(a: number, b: number): number {
  const d = a - b;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  if (!Number.isFinite(d) || scale === 0) return d;
  const decimals = Math.min(100, Math.max(0, SIGNIFICANT_DIGITS - 1 - Math.floor(Math.log10(scale))));
  return tidy(Number(d.toFixed(decimals)));
}
