// Small, pure string helpers for messages, shared by every layer (core included, so they live here
// and not under formatters/). No Intl, no clock: the same text on every machine.

/**
 * A whole number with commas between thousands, as `toLocaleString('en')` writes it, without Intl
 * (whose first use costs tens of milliseconds of start-up): `groupDigits(20000)` → "20,000".
 */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

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

/** The candidate nearest to a typo (a key, a time zone), when it is near enough to be a likely intent. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  if (a.length > 64 || b.length > 64) return Infinity;
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length]!;
}
