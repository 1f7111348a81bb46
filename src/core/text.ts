// Small, pure string helpers for messages, shared by every layer (core included, so they live here
// and not under formatters/). No Intl, no clock: the same text on every machine.

/** The word for a count: `pluralWord(1, 'row')` → "row", `pluralWord(2, 'breach', 'breaches')` → "breaches". */
export function pluralWord(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** A count and its word: `plural(1, 'row')` → "1 row", `plural(3, 'row')` → "3 rows". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${pluralWord(n, one, many)}`;
}

/**
 * Text shortened to at most `max` characters, the ellipsis included: `cut('abcdef', 5)` → "abcd…",
 * `cut(text, 40, '...')` → the first 37 characters and "...". Text that fits is returned as it is.
 */
export function cut(text: string, max: number, ellipsis = '…'): string {
  return text.length > max ? text.slice(0, Math.max(0, max - ellipsis.length)) + ellipsis : text;
}

/** The first `max` items, and the ellipsis as one more item when some were left out. */
export function cutList<T>(items: readonly T[], max: number, ellipsis: T): T[] {
  return items.length > max ? [...items.slice(0, max), ellipsis] : [...items];
}
