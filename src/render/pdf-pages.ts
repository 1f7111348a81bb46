// On which page each named destination of a PDF lands. Chromium writes one named destination for
// every element a link in the document points at (the contents links to each section), in a /Dests
// dictionary of the catalog, as [page-object /XYZ x y zoom]. Skia writes dictionaries uncompressed
// and a classic xref table, so a small reader over the file's text is enough: no PDF library.
const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/** A PDF name without its slash, #xx escapes decoded as UTF-8 ("1-parties", "caf#C3#A9" → "café"). */
function decodeName(raw: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '#' && /^[0-9a-fA-F]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16));
      i += 2;
    } else bytes.push(raw.charCodeAt(i));
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Named destination → page number (from 1). Empty when the file does not have the expected shape
 * (then the contents simply go without page numbers).
 */
export function namedDestinationPages(pdf: Uint8Array): Map<string, number> {
  const text = latin1(pdf);
  // The last definition of an object wins (incremental updates append).
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(?:^|[\r\n])(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) objects.set(Number(m[1]), m[2]!);
  const result = new Map<string, number>();
  const catalog = [...objects.values()].reverse().find((body) => /\/Type\s*\/Catalog\b/.test(body));
  if (catalog === undefined) return result;
  const pagesRef = /\/Pages\s+(\d+)\s+0\s+R/.exec(catalog);
  if (!pagesRef) return result;

  // Page objects in reading order, walking the page tree.
  const pageNumber = new Map<number, number>();
  const walk = (id: number, depth: number) => {
    const body = objects.get(id);
    if (body === undefined || depth > 32) return;
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body);
    if (/\/Type\s*\/Pages\b/.test(body) && kids) {
      for (const k of kids[1]!.matchAll(/(\d+)\s+0\s+R/g)) walk(Number(k[1]), depth + 1);
    } else pageNumber.set(id, pageNumber.size + 1);
  };
  walk(Number(pagesRef[1]), 0);

  const destsRef = /\/Dests\s+(\d+)\s+0\s+R/.exec(catalog);
  const dests = destsRef ? objects.get(Number(destsRef[1])) : /\/Dests\s*(<<[\s\S]*?>>)/.exec(catalog)?.[1];
  if (dests === undefined) return result;
  for (const m of dests.matchAll(/\/([^\s/[\]<>()]+)\s*\[\s*(\d+)\s+0\s+R/g)) {
    const page = pageNumber.get(Number(m[2]));
    if (page !== undefined) result.set(decodeName(m[1]!), page);
  }
  return result;
}
