// The contents' page numbers from the last PDF of the same document, kept in the user's cache folder,
// as LaTeX keeps them in its .aux file. A PDF's contents need the page each section lands on, which
// only a print tells, so a first render prints twice (a measuring print, then the final one). With
// the numbers from an earlier render, the first print is the final one whenever they are still right.
// Unlike LaTeX, nothing is trusted: the printed PDF is read back and the numbers are kept only when
// every one is where the PDF says (src/render/pdf.ts), so a stale or tampered entry costs one more
// print and never a wrong number. Any failure to read or write just means no entry.
// What is written where: docs/security.md "The cache folder".
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../core/product.js';
import type { PdfDocument, PdfRenderer, RenderedPdf } from '../render/pdf.js';
import { cacheDisabled, cacheFolder, trusted, writePrivateFile } from '../runtime/cache-folder.js';

export interface PageCache {
  /** The page numbers stored for this document, if any (and well formed). */
  get(key: string): ReadonlyMap<string, number> | undefined;
  /** Stores them; silently does nothing when the folder cannot be written. */
  set(key: string, pages: ReadonlyMap<string, number>): void;
}

/** Entries kept: a document is a few hundred bytes, so 500 hold every agreement of a large organisation. */
const MAX_ENTRIES = 500;
/** An entry larger than this is not one sla wrote (an agreement has tens of sections, not thousands). */
const MAX_ENTRY_BYTES = 256 * 1024;
const MAX_PAGE = 1_000_000;

/**
 * Which document a set of page numbers belongs to: the HTML of the measuring print (page numbers
 * left out), the paper, the browser and sla's version, since each can move a section to another page.
 */
export function pageCacheKey(html: string, paper: string, browserVersion: string): string {
  return createHash('sha256').update(`${VERSION}\0${browserVersion}\0${paper}\0${html}`).digest('hex').slice(0, 32);
}

/** The cache under the user's cache folder, or undefined when there is none or SLA_NO_CACHE turns it off. */
export function openPageCache(env: NodeJS.ProcessEnv): PageCache | undefined {
  const root = cacheFolder(env);
  if (root === undefined || cacheDisabled(env) || !trusted(root)) return undefined;
  const folder = join(root, 'pages');
  const fileOf = (key: string) => join(folder, `${key}.json`);
  return {
    get(key) {
      try {
        if (statSync(fileOf(key)).size > MAX_ENTRY_BYTES) return undefined;
        return parseEntry(readFileSync(fileOf(key), 'utf8'));
      } catch {
        return undefined;
      }
    },
    set(key, pages) {
      try {
        writePrivateFile(fileOf(key), JSON.stringify({ sla: VERSION, pages: [...pages] }));
        prune(folder);
      } catch {
        /* no entry: the next render measures again */
      }
    },
  };
}

/**
 * Prints a document with the page numbers of its last render, if the cache has them, and keeps the
 * numbers this print proved right for the next one.
 */
export async function renderRemembering(renderer: PdfRenderer, doc: PdfDocument, cache: PageCache | undefined): Promise<RenderedPdf> {
  if (cache === undefined || doc.paginate === undefined) return renderer.render(doc);
  const key = pageCacheKey(doc.html, doc.paper, renderer.version);
  const knownPages = cache.get(key);
  const rendered = await renderer.render({ ...doc, knownPages });
  const { pages } = rendered;
  if (pages !== undefined && pages.size > 0 && !(knownPages !== undefined && samePages(pages, knownPages))) cache.set(key, pages);
  return rendered;
}

const samePages = (a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>) => a.size === b.size && [...a].every(([id, page]) => b.get(id) === page);

/** The page numbers of an entry, or undefined when it is not what sla writes. */
export function parseEntry(text: string): ReadonlyMap<string, number> | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const pages = (data as { pages?: unknown } | null)?.pages;
  if (!Array.isArray(pages)) return undefined;
  const map = new Map<string, number>();
  for (const pair of pages) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [id, page] = pair as [unknown, unknown];
    if (typeof id !== 'string' || !Number.isInteger(page) || (page as number) < 1 || (page as number) > MAX_PAGE) return undefined;
    map.set(id, page as number);
  }
  return map;
}

/** Keeps the newest MAX_ENTRIES entries (and removes temporary files a killed run left). */
function prune(folder: string): void {
  const names = readdirSync(folder);
  if (names.length <= MAX_ENTRIES) return;
  const entries = names.flatMap((name) => {
    try {
      return [{ name, time: statSync(join(folder, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  entries.sort((a, b) => b.time - a.time);
  for (const { name } of entries.slice(MAX_ENTRIES - MAX_ENTRIES / 5)) {
    try {
      unlinkSync(join(folder, name));
    } catch {
      /* another run removed it first */
    }
  }
}
