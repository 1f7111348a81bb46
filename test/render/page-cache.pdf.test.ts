// The contents' page numbers remembered from an earlier render (src/services/page-cache.ts): with
// the right numbers one print makes the PDF, byte for byte the same as two prints without them; wrong
// or stale numbers cost a print and never show. Read back from the PDFs (pdftotext) and the prints
// counted; one browser for the whole file.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/render/browser.js';
import { launchPdfRenderer, type PdfDocument, type PdfRenderer } from '../../src/render/pdf.js';
import { openPageCache, renderRemembering } from '../../src/services/page-cache.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { pdfUnavailable } from './fixtures.js';

const unavailable = pdfUnavailable();
const tmp = tempDir('sla-page-cache-');
let renderer: PdfRenderer | undefined;
afterAll(async () => {
  await renderer?.close();
  tmp.cleanup();
});

const SECTIONS = ['alpha', 'beta', 'gamma'];
/** Contents on page 1, each section on a page of its own: alpha 2, beta 3, gamma 4. */
const html = (pages: ReadonlyMap<string, number> | 'placeholder') =>
  `<!doctype html><html><head><style>section{break-before:page}</style></head><body><h1>Contents</h1><ul>` +
  SECTIONS.map((id) => `<li><a href="#${id}">Section ${id}</a> page ${pages === 'placeholder' ? '0' : (pages.get(id) ?? '')}</li>`).join('') +
  `</ul>` + SECTIONS.map((id) => `<section id="${id}"><h2>Section ${id}</h2><p>Text of ${id}.</p></section>`).join('') + `</body></html>`;
const doc = (): PdfDocument => ({
  html: html('placeholder'),
  paper: 'a4',
  date: new Date(Date.UTC(2026, 0, 1)),
  headerNote: 'Version 1',
  info: { title: 'Cache test', author: 'sla', subject: 'page numbers', keywords: 'test' },
  paginate: (pages) => html(pages),
});
const RIGHT = new Map([['alpha', 2], ['beta', 3], ['gamma', 4]]);
const contentsLine = (pdf: Uint8Array, id: string) => {
  const file = join(tmp.dir, `read-${id}-${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-f', '1', '-l', '1', file, '-'], { encoding: 'utf8' }).split('\n').find((l) => l.includes(`Section ${id}`))!;
};

describe.skipIf(unavailable !== undefined)(`page numbers from an earlier render${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let first: Awaited<ReturnType<PdfRenderer['render']>>;
  beforeAll(async () => {
    renderer = await launchPdfRenderer({ executablePath: findBrowser({ env: process.env }).path, notice: () => undefined });
    first = await renderer.render(doc());
  }, 60_000);

  it('without them: a measuring print, then the final one; the numbers it proved come back', () => {
    expect(first.prints).toBe(2);
    expect(first.pages).toEqual(RIGHT);
    for (const [id, page] of RIGHT) expect(contentsLine(first.pdf, id)).toContain(`page ${page}`);
  });

  it('with the right ones: one print, the same bytes', async () => {
    const again = await renderer!.render({ ...doc(), knownPages: RIGHT });
    expect(again.prints).toBe(1);
    expect(again.pages).toEqual(RIGHT);
    expect(Buffer.from(again.pdf).equals(Buffer.from(first.pdf))).toBe(true);
  });

  it('with wrong or stale ones: printed again, the same bytes, the right numbers', async () => {
    for (const wrong of [new Map([['alpha', 7], ['beta', 3], ['gamma', 4]]), new Map([['alpha', 2]]), new Map([['alpha', 999_999], ['beta', 1], ['gamma', 1], ['other', 2]])]) {
      const again = await renderer!.render({ ...doc(), knownPages: wrong });
      expect(again.prints).toBeGreaterThanOrEqual(2);
      expect(again.pages).toEqual(RIGHT);
      expect(Buffer.from(again.pdf).equals(Buffer.from(first.pdf))).toBe(true);
    }
  });

  it('through the cache folder: the first render stores the numbers, the next prints once', async () => {
    const cache = openPageCache({ XDG_CACHE_HOME: join(tmp.dir, 'cache') })!;
    const a = await renderRemembering(renderer!, doc(), cache);
    const b = await renderRemembering(renderer!, doc(), cache);
    expect([a.prints, b.prints]).toEqual([2, 1]);
    expect(readdirSync(join(tmp.dir, 'cache', 'sla', 'pages'))).toHaveLength(1);
    expect(Buffer.from(b.pdf).equals(Buffer.from(a.pdf))).toBe(true);
  });

  // `sla render` in-process with this file's browser: the command's cache path, without a launch per
  // run (render.pdf and pagination.pdf print through bin/sla with the suite's cache folder).
  const render = (args: string[], env: Record<string, string>) =>
    runInProcess(['render', ...args], { env, internals: { launchPdf: async () => ({ version: renderer!.version, render: (d) => renderer!.render(d), close: async () => undefined }) } });

  it('sla render: a tampered cache entry changes no page number in the contents', async () => {
    const env = { XDG_CACHE_HOME: join(tmp.dir, 'e2e-cache'), SOURCE_DATE_EPOCH: '1767225600' };
    const sla = join(example('it-service-desk'), 'sla.yaml');
    const one = await render([sla, '-o', join(tmp.dir, 'one.pdf')], env);
    expect(one.code, one.stderr).toBe(0);
    const folder = join(tmp.dir, 'e2e-cache', 'sla', 'pages');
    const [entry] = readdirSync(folder);
    const stored = JSON.parse(readFileSync(join(folder, entry!), 'utf8')) as { pages: [string, number][] };
    expect(stored.pages.length).toBeGreaterThan(3);
    // Every section moved one page on: wrong numbers that look plausible.
    writeFileSync(join(folder, entry!), JSON.stringify({ ...stored, pages: stored.pages.map(([id, p]) => [id, p + 1]) }));
    const two = await render([sla, '-o', join(tmp.dir, 'two.pdf')], env);
    expect(two.code, two.stderr).toBe(0);
    expect(readFileSync(join(tmp.dir, 'two.pdf')).equals(readFileSync(join(tmp.dir, 'one.pdf')))).toBe(true);
    // ...and the entry is right again.
    expect(JSON.parse(readFileSync(join(folder, entry!), 'utf8'))).toEqual(stored);
  }, 120_000);
});
