// Pagination read back from the PDFs: the contents' page numbers are the pages the sections start on,
// and the reports of the shipped examples leave no page more than half empty (but the last) and no
// table row alone at the top of a page. Needs Chromium and poppler-utils, like pdf.test.ts.
// In-process, every PDF from one shared browser (shared-browser.ts): the point here is the layout
// read back from the PDFs; sla render and sla report to PDF end to end are render.pdf and report.pdf.
import { execFileSync } from 'node:child_process';
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedDestinationPages } from '../../src/render/pdf-pages.js';
import { example, tempDir } from '../helpers.js';
import { pdfUnavailable } from './fixtures.js';
import { sharedBrowser } from './shared-browser.js';

const unavailable = pdfUnavailable();
const tmp = tempDir('sla-pagination-');
const browser = sharedBrowser();
afterAll(async () => {
  await browser.close();
  tmp.cleanup();
});
const PDF_TIMEOUT = 240_000;
// The three full agreements with signatories and metrics; the smaller ones of the example organisation
// (issue 16: sla site) have no signatures section or no CSV, so they are not in this contents check.
const EXAMPLES = ['it-service-desk', 'platform-api', 'ticket-export'];

// Each page read once: the contents check looks at every page before each heading.
const pageTexts = new Map<string, string>();
const pageText = (file: string, page: number) => {
  const key = `${file}\0${page}`;
  if (!pageTexts.has(key)) pageTexts.set(key, execFileSync('pdftotext', ['-layout', '-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' }));
  return pageTexts.get(key)!;
};
const pageCount = (file: string) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** How far down each page its last word reaches, as a share of the printable height (header and footer bands left out). */
function pageFill(file: string): number[] {
  const html = execFileSync('pdftotext', ['-bbox', file, '-'], { encoding: 'utf8' });
  return html.split('<page ').slice(1).map((page) => {
    const height = Number(/height="([\d.]+)"/.exec(page)![1]);
    // The header band ends 22 mm from the top, the footer starts 20 mm from the bottom (src/render/pdf.ts).
    const top = (22 / 25.4) * 72;
    const bottom = height - (20 / 25.4) * 72;
    const words = [...page.matchAll(/yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"/g)].map((m) => ({ yMin: Number(m[1]), yMax: Number(m[2]) }));
    const last = Math.max(top, ...words.filter((w) => w.yMin > top && w.yMax < bottom).map((w) => w.yMax));
    return (last - top) / (bottom - top);
  });
}

const PERIOD_ROW = /^\s*(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|Q[1-4]) \d{4}|Week \d+, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|All data)\s.*\b(?:Met|Breached|No data)\b/;

describe.skipIf(unavailable !== undefined)(`pagination${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  beforeAll(async () => {
    // One render for every agreement (one browser, as a user renders a folder), the reports beside it.
    const agreements = browser.run(['render', ...EXAMPLES.map((name) => join(example(name), 'sla.yaml')), '--out-dir', tmp.dir, '--format', 'pdf'], { timeoutMs: PDF_TIMEOUT });
    const reports = EXAMPLES.map((name) => {
      const dir = example(name);
      const csv = readdirSync(dir).find((f) => f.endsWith('.csv'))!;
      return browser.run(['report', join(dir, 'sla.yaml'), join(dir, csv), '-o', join(tmp.dir, `${name}-report.pdf`)]);
    });
    for (const r of await Promise.all([agreements, ...reports])) expect(r.code, r.stderr).toBe(0);
    expect(browser.launches()).toBe(1);
    for (const name of EXAMPLES) copyFileSync(join(tmp.dir, name, 'sla.pdf'), join(tmp.dir, `${name}.pdf`));
  }, PDF_TIMEOUT * 2);

  for (const name of EXAMPLES) {
    it(`${name}: each contents entry's page number is the page its section starts on`, () => {
      const file = join(tmp.dir, `${name}.pdf`);
      // The contents block: "1. Parties ....... 1", two entries to a line, up to the first blank line.
      const lines = pageText(file, 1).split('\n');
      const start = lines.findIndex((l) => l.trim() === 'Contents');
      const end = lines.findIndex((l, i) => i > start && l.trim() === '');
      const tokens = lines.slice(start + 1, end).flatMap((l) => l.trim().split(/\s{2,}/));
      const entries: { title: string; page: number }[] = [];
      for (let i = 0; i + 1 < tokens.length; i += 2) entries.push({ title: tokens[i]!, page: Number(tokens[i + 1]) });
      expect(entries.map((e) => e.title)).toEqual(['1. Parties', '5. Reporting and review', '2. Scope', '6. Consequences of failure', '3. Expectations', 'Signatures', '4. Metrics', 'Appendix: Data sources']);
      const pages = pageCount(file);
      for (const { title, page } of entries) {
        expect(page).toBeGreaterThanOrEqual(1);
        expect(page).toBeLessThanOrEqual(pages);
        // The heading is on that page (as a heading line of its own) and on no page before it.
        const heading = new RegExp(`^\\s*${title.replace(/[.]/g, '\\.')}\\s*$`, 'm');
        expect(pageText(file, page), `${title} on page ${page}`).toMatch(heading);
        for (let p = 1; p < page; p++) expect(pageText(file, p), `${title} not before page ${page}`).not.toMatch(heading);
      }
    });
  }

  it('the page numbers come from the named destinations Chromium writes for the contents links', () => {
    const dests = namedDestinationPages(readFileSync(join(tmp.dir, 'it-service-desk.pdf')));
    expect([...dests.keys()].sort()).toEqual(['1-parties', '2-scope', '3-expectations', '4-metrics', '5-reporting-and-review', '6-consequences-of-failure', 'data-sources', 'signatures']);
    // Pages only go forward in document order.
    const order = ['1-parties', '2-scope', '3-expectations', '4-metrics', '5-reporting-and-review', '6-consequences-of-failure', 'signatures', 'data-sources'].map((k) => dests.get(k)!);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  for (const name of EXAMPLES) {
    it(`${name} report: no page but the last is more than half empty`, () => {
      const fill = pageFill(join(tmp.dir, `${name}-report.pdf`));
      expect(fill.length).toBeGreaterThan(1);
      fill.slice(0, -1).forEach((f, i) => expect(f, `page ${i + 1} of ${fill.length} is ${Math.round(f * 100)} % full`).toBeGreaterThanOrEqual(0.5));
    });

    it(`${name} report: no table row alone at the top of a page`, () => {
      const file = join(tmp.dir, `${name}-report.pdf`);
      for (let p = 2; p <= pageCount(file); p++) {
        const lines = pageText(file, p).split('\n').slice(1).filter((l) => l.trim() !== ''); // after the page header
        let i = 0;
        if (/^\s*Period\s+Actual\s+Target/.test(lines[0] ?? '')) i = 1; // a repeated table header
        let rows = 0;
        while (i + rows < lines.length && PERIOD_ROW.test(lines[i + rows]!)) rows++;
        expect(rows, `page ${p} starts with ${rows} row(s) of a table: ${lines.slice(0, 3).join(' / ')}`).not.toBe(1);
      }
    });
  }
});

// A weekly KPI makes a 27-row table: it splits under a repeated header, never leaving one row alone.
describe.skipIf(unavailable !== undefined)('pagination of a long table', () => {
  it('splits between rows with the header repeated and at least two rows on each side', async () => {
    const dir = join(tmp.dir, 'weekly');
    execFileSync('mkdir', ['-p', dir]);
    writeFileSync(join(dir, 'sla.yaml'), readFileSync(example('platform-api', 'sla.yaml'), 'utf8').replace(/period: month/g, 'period: week'));
    copyFileSync(example('platform-api', 'metrics.csv'), join(dir, 'metrics.csv'));
    const out = join(dir, 'report.pdf');
    const r = await browser.run(['report', join(dir, 'sla.yaml'), join(dir, 'metrics.csv'), '-o', out]);
    expect(r.code, r.stderr).toBe(0);
    let continued = 0;
    for (let p = 2; p <= pageCount(out); p++) {
      const lines = pageText(out, p).split('\n').slice(1).filter((l) => l.trim() !== '');
      if (!/^\s*Period\s+Actual\s+Target/.test(lines[0] ?? '') || !/^\s*Week \d+, \d{4}/.test(lines[1] ?? '')) continue;
      continued++;
      let rows = 0;
      while (PERIOD_ROW.test(lines[1 + rows] ?? '')) rows++;
      expect(rows, `page ${p}`).toBeGreaterThanOrEqual(2);
    }
    expect(continued).toBeGreaterThan(0); // the table did split, under a repeated header
  }, PDF_TIMEOUT);
});
