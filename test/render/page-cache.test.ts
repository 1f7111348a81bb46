// The page-number cache's file handling (src/services/page-cache.ts), without a browser: what it
// reads back, what it refuses, where it writes, how it stays small, and what renderRemembering asks
// the renderer for. page-cache.pdf.test.ts prints for real.
import { chmodSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PdfDocument, PdfRenderer, RenderedPdf } from '../../src/render/pdf.js';
import { openPageCache, pageCacheKey, parseEntry, renderRemembering } from '../../src/services/page-cache.js';
import { tempDir } from '../helpers.js';

const tmp = tempDir('sla-page-cache-unit-');
afterAll(() => tmp.cleanup());
let n = 0;
const freshEnv = () => ({ XDG_CACHE_HOME: join(tmp.dir, `c${++n}`) });
const PAGES = new Map([['1-parties', 1], ['2-scope', 2]]);

describe('page cache entries', () => {
  it('reads back what it wrote, per key', () => {
    const cache = openPageCache(freshEnv())!;
    expect(cache.get('k1')).toBeUndefined();
    cache.set('k1', PAGES);
    expect(cache.get('k1')).toEqual(PAGES);
    expect(cache.get('k2')).toBeUndefined();
  });

  it.each([
    ['not JSON', '{"pages": ['],
    ['no pages', '{"sla":"0.1.0"}'],
    ['a page 0', '{"pages":[["a",0]]}'],
    ['a fractional page', '{"pages":[["a",1.5]]}'],
    ['a page number as text', '{"pages":[["a","2"]]}'],
    ['an id that is a number', '{"pages":[[1,2]]}'],
    ['a pair of three', '{"pages":[["a",1,2]]}'],
    ['null', 'null'],
  ])('refuses an entry with %s', (_what, text) => {
    expect(parseEntry(text)).toBeUndefined();
  });

  it('ignores a corrupt or oversized file instead of failing', () => {
    const env = freshEnv();
    const cache = openPageCache(env)!;
    cache.set('k', PAGES);
    const folder = join(env.XDG_CACHE_HOME, 'sla', 'pages');
    writeFileSync(join(folder, 'k.json'), '\u0000garbage');
    expect(cache.get('k')).toBeUndefined();
    writeFileSync(join(folder, 'k.json'), JSON.stringify({ pages: Array.from({ length: 20_000 }, (_, i) => [`id-${i}`, 1]) }));
    expect(cache.get('k')).toBeUndefined();
  });

  it('is off with SLA_NO_CACHE, and in a cache folder others can write', () => {
    expect(openPageCache({ ...freshEnv(), SLA_NO_CACHE: '1' })).toBeUndefined();
    expect(openPageCache({ ...freshEnv(), SLA_NO_CACHE: '0' })).toBeDefined();
    const env = freshEnv();
    mkdirSync(join(env.XDG_CACHE_HOME, 'sla'), { recursive: true });
    chmodSync(join(env.XDG_CACHE_HOME, 'sla'), 0o777);
    expect(openPageCache(env)).toBeUndefined();
  });

  it('keeps at most 500 entries, the newest', () => {
    const env = freshEnv();
    const cache = openPageCache(env)!;
    cache.set('first', PAGES);
    const folder = join(env.XDG_CACHE_HOME, 'sla', 'pages');
    for (let i = 0; i < 500; i++) writeFileSync(join(folder, `old-${i}.json`), '{"pages":[]}');
    for (let i = 0; i < 500; i++) utimesSync(join(folder, `old-${i}.json`), 1_000 + i, 1_000 + i);
    cache.set('newest', PAGES);
    const left = readdirSync(folder);
    expect(left.length).toBeLessThanOrEqual(500);
    expect(left).toContain('newest.json');
    expect(left).not.toContain('old-0.json'); // the oldest went first
    expect(left).toContain('old-499.json');
  });

  it('keys on the HTML, the paper and the browser', () => {
    const key = pageCacheKey('<p>a', 'a4', 'Chromium 1');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set([key, pageCacheKey('<p>b', 'a4', 'Chromium 1'), pageCacheKey('<p>a', 'letter', 'Chromium 1'), pageCacheKey('<p>a', 'a4', 'Chromium 2')]).size).toBe(4);
  });
});

describe('renderRemembering', () => {
  const doc: PdfDocument = { html: '<p>0', paper: 'a4', date: undefined, headerNote: '', info: { title: 't', author: 'a', subject: 's', keywords: 'k' }, paginate: () => '<p>1' };
  /** A renderer that records what it was asked and answers with the given pages. */
  const fake = (answer: Partial<RenderedPdf>) => {
    const asked: PdfDocument[] = [];
    const renderer: PdfRenderer = { version: 'Fake 1', close: async () => undefined, render: async (d) => (asked.push(d), { pdf: new Uint8Array(), blocked: [], prints: 2, ...answer }) };
    return { renderer, asked };
  };

  it('stores the proved numbers and hands them to the next render of the same document', async () => {
    const cache = openPageCache(freshEnv())!;
    const { renderer, asked } = fake({ pages: PAGES });
    await renderRemembering(renderer, doc, cache);
    await renderRemembering(renderer, doc, cache);
    await renderRemembering(renderer, { ...doc, html: '<p>other' }, cache);
    expect(asked.map((d) => d.knownPages)).toEqual([undefined, PAGES, undefined]);
  });

  it('stores nothing the print did not prove', async () => {
    const cache = openPageCache(freshEnv())!;
    const { renderer, asked } = fake({ pages: undefined, prints: 3 });
    await renderRemembering(renderer, doc, cache);
    await renderRemembering(renderer, doc, cache);
    expect(asked.map((d) => d.knownPages)).toEqual([undefined, undefined]);
  });

  it('passes a document without contents straight through', async () => {
    const { renderer, asked } = fake({ pages: PAGES });
    const plain = { ...doc, paginate: undefined };
    await renderRemembering(renderer, plain, openPageCache(freshEnv()));
    expect(asked).toEqual([plain]);
  });
});
