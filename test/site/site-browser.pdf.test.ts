/// <reference lib="dom" />
// The site of the example organisation in a real Chromium (puppeteer-core): every link resolves, the
// index filters with JavaScript and is a complete table without it, no request leaves the folder,
// and axe-core finds no serious or critical accessibility violation. SLA_SCREENSHOTS=1 also writes
// the README's screenshots (docs/site-index.png, docs/site-teams.png).
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchBrowser } from '../../src/render/browser.js';
import { repoRoot, runSla, tempDir } from '../helpers.js';
import { pdfUnavailable } from '../render/fixtures.js';

const unavailable = pdfUnavailable();
const tmp = tempDir('sla-site-browser-');
const site = join(tmp.dir, 'site');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PAGES = ['index.html', 'teams.html', 'agreements/analytics-data-platform.html', 'reports/analytics-data-platform.html'];

describe.skipIf(unavailable !== undefined)(`the site in a browser${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let browser: Browser;
  /** Requests for anything outside the site folder, aborted and counted. */
  const outside: string[] = [];
  const root = pathToFileURL(site).href + '/';

  beforeAll(async () => {
    const r = await runSla(['site', 'examples', '-o', site, '--pdf', '--as-of', '2034-12-09', '--config', 'examples/sla.config.yaml'], { cwd: repoRoot, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const found = searchBrowser({ env: process.env });
    if ('error' in found) throw found.error;
    browser = await puppeteer.launch({ executablePath: found.path, headless: true, pipe: true, args: ['--no-sandbox', '--allow-file-access-from-files'] });
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    tmp.cleanup();
  });

  async function open(path: string, options: { javascript?: boolean } = {}): Promise<Page> {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(options.javascript ?? true);
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      if (req.url().startsWith(root) || req.url().startsWith('data:')) void req.continue();
      else {
        outside.push(req.url());
        void req.abort();
      }
    });
    await page.goto(root + path, { waitUntil: 'load' });
    return page;
  }

  it('every link on every page resolves to a file in the folder (and a #fragment to an element)', async () => {
    const seen = new Set<string>();
    const todo = ['index.html'];
    while (todo.length > 0) {
      const path = todo.shift()!;
      if (seen.has(path) || !path.endsWith('.html')) continue;
      seen.add(path);
      const page = await open(path);
      // SVG links too (the teams graph): their href is an attribute, not a string property.
      const hrefs = await page.$$eval('a[href]', (as) => as.map((a) => new URL(a.getAttribute('href')!, document.baseURI).href));
      for (const href of hrefs) {
        const url = new URL(href);
        expect(url.protocol, `${path}: ${href}`).toBe('file:');
        const file = fileURLToPath(url);
        expect(file.startsWith(site), `${path}: ${href} leaves the folder`).toBe(true);
        expect(existsSync(file), `${path}: ${href}`).toBe(true);
        if (url.hash && file === fileURLToPath(page.url())) expect(await page.$(`[id="${decodeURIComponent(url.hash.slice(1))}"]`), `${path}: ${href}`).not.toBeNull();
        todo.push(relative(site, file).split('\\').join('/'));
      }
      await page.close();
    }
    // Index, teams, six agreements and their six PDFs, four reports.
    expect([...seen].filter((p) => p.endsWith('.html')).length).toBe(12);
    expect(existsSync(join(site, 'agreements', 'build-runners.pdf'))).toBe(true);
  }, 120_000);

  it('filters the index with JavaScript on', async () => {
    const page = await open('index.html');
    const visible = () => page.$$eval('#catalog tbody tr', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length);
    expect(await visible()).toBe(6);
    await page.type('#filter', 'security');
    expect(await visible()).toBe(1);
    expect(await page.$eval('#shown', (e) => e.textContent)).toBe('1 of 6 agreements shown');
    await page.$eval('#filter', (e) => { (e as HTMLInputElement).value = ''; });
    await page.select('#status-filter', 'draft');
    expect(await visible()).toBe(1);
    // Sorting by KPIs, twice: ascending then descending.
    await page.select('#status-filter', '');
    await page.click('th[data-key="kpis"] button');
    const kpis = () => page.$$eval('#catalog tbody tr', (rows) => rows.map((r) => Number((r as HTMLElement).dataset.kpis)));
    const up = await kpis();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.click('th[data-key="kpis"] button');
    expect(await kpis()).toEqual([...up].sort((a, b) => b - a));
    await page.close();
  }, 60_000);

  it('is readable with JavaScript off: the whole table, no controls that would not work', async () => {
    const page = await open('index.html', { javascript: false });
    expect(await page.$$eval('#catalog tbody tr', (rows) => rows.length)).toBe(6);
    expect(await page.$eval('#controls', (e) => (e as HTMLElement).hidden)).toBe(true);
    const text = await page.$eval('#catalog', (e) => (e as HTMLElement).innerText);
    expect(text).toContain('Vulnerability Scanning Agreement');
    expect(text).toContain('overdue by 8 days');
    expect(text).toContain('breached');
    await page.close();
    const teams = await open('teams.html', { javascript: false });
    expect(await teams.$$eval('svg.teams-graph rect', (r) => r.length)).toBe(9);
    await teams.close();
  }, 60_000);

  it('axe-core finds no serious or critical violation', async () => {
    for (const path of PAGES) {
      const page = await open(path);
      await page.addScriptTag({ content: axeSource });
      const violations = await page.evaluate(async () => {
        const result = await (window as unknown as { axe: { run: () => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe.run();
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }));
      });
      expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), path).toEqual([]);
      await page.close();
    }
  }, 120_000);

  it('no request left the folder', () => {
    expect(outside).toEqual([]);
  });

  it('screenshots the index and the teams graph', async () => {
    for (const [path, png] of [['index.html', 'site-index.png'], ['teams.html', 'site-teams.png']] as const) {
      const page = await open(path);
      await page.setViewport({ width: 1280, height: path === 'index.html' ? 640 : 560 });
      const file = join(tmp.dir, png);
      await page.screenshot({ path: file });
      expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
      if (process.env.SLA_SCREENSHOTS === '1') copyFileSync(file, join(repoRoot, 'docs', png));
      await page.close();
    }
  }, 60_000);
});

