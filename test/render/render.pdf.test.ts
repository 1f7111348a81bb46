// PDF tests need Chromium and pdftotext. Without them they are skipped with the reason in the
// suite name, unless CI is set: there a missing browser is a failure, not a skip.
// End to end through bin/sla: the two examples in one run (one browser), sla doctor and a browser that
// fails to start. The other PDFs are printed in-process by one shared browser (shared-browser.ts).
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, runSla, tempDir } from '../helpers.js';
import { exampleData, hostileSla, pdfText, pdfUnavailable, writeSla } from './fixtures.js';
import { sharedBrowser } from './shared-browser.js';

const unavailable = pdfUnavailable();
const tmp = tempDir('sla-render-pdf-');
const browser = sharedBrowser();
afterAll(async () => {
  await browser.close();
  tmp.cleanup();
});

// Said out loud, so a local run without Chromium does not pass silently.
if (unavailable && !process.env.CI) console.warn(`PDF tests skipped: ${unavailable}. Install chromium and poppler-utils to run them.`);
if (unavailable && process.env.CI) {
  describe('PDF', () => {
    it('has a browser and pdftotext in CI', () => {
      throw new Error(`PDF tests cannot run in CI: ${unavailable}; .ci/run installs chromium and poppler-utils`);
    });
  });
}

const SECTION_HEADINGS = ['Contents', '1. Parties', '2. Scope', '3. Expectations', '4. Metrics', '5. Reporting and review', '6. Consequences of failure', 'Signatures'];
const PDF_TIMEOUT = 120_000;

describe.skipIf(unavailable !== undefined)(`PDF${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  const outDir = join(tmp.dir, 'examples');
  let rendered: { code: number; stderr: string };
  beforeAll(async () => {
    rendered = await runSla(['render', example('it-service-desk', 'sla.yaml'), example('platform-api', 'sla.yaml'), '--format', 'pdf', '--out-dir', outDir], { timeoutMs: PDF_TIMEOUT });
  }, PDF_TIMEOUT);

  for (const name of ['it-service-desk', 'platform-api']) {
    it(`${name}: every heading, both parties, each KPI target and the footer are in the text`, () => {
      expect(rendered.code, rendered.stderr).toBe(0);
      const text = pdfText(join(outDir, name, 'sla.pdf'));
      const flat = text.replace(/\s+/g, ' ');
      const data = exampleData(name);
      for (const heading of SECTION_HEADINGS) expect(text).toContain(heading);
      expect(flat).toContain(data.parties.provider.name);
      for (const r of data.parties.recipients) expect(flat).toContain(r.name);
      for (const kpi of data.metrics) expect(flat).toMatch(new RegExp(`${kpi.objective.op.startsWith('>') ? 'at least' : 'at most'} ${kpi.objective.target}\\b`));
      const pages = (text.match(/\f/g) ?? []).length;
      expect(flat).toContain(`Page 1 of ${pages}`);
      expect(flat).toContain(`Page ${pages} of ${pages}`);
      expect(flat).toContain(`${data.title} Version ${data.version}`); // the page header
    });
  }

  it('two inputs share one browser: one launch, so the root notice (if any) appears once', () => {
    expect(rendered.code).toBe(0);
    const notices = rendered.stderr.split('\n').filter((l) => l.includes('without its sandbox'));
    expect(notices.length).toBe(process.getuid?.() === 0 ? 1 : 0);
    expect(rendered.stderr).toContain('[2/2]');
  });

  it('sets title, author (the provider), subject, A4, bookmarks and tagged text', () => {
    const file = join(outDir, 'platform-api', 'sla.pdf');
    const bytes = readFileSync(file).toString('latin1');
    expect(bytes).toContain('/Outlines');
    expect(bytes).toMatch(/\/MarkInfo\s*<<\/Type \/MarkInfo\s*\/Marked true/);
    const info = execInfo(file);
    expect(info).toMatch(/^Title:\s+Payments API Service Level Agreement$/m);
    expect(info).toMatch(/^Author:\s+Platform Engineering$/m);
    expect(info).toMatch(/^Subject:\s+Service level agreement between Platform Engineering and Checkout team, Subscriptions team, version 1\.3$/m);
    expect(info).toMatch(/^Page size:\s+595\.92 x 841\.92 pts \(A4\)$/m);
  });

  it('--paper letter prints on Letter', async () => {
    const out = join(tmp.dir, 'letter.pdf');
    const r = await browser.run(['render', example('it-service-desk', 'sla.yaml'), '-o', out, '--paper', 'letter']);
    expect(r.code, r.stderr).toBe(0);
    expect(execInfo(out)).toMatch(/^Page size:\s+612 x 792 pts \(letter\)$/m);
  }, PDF_TIMEOUT);

  it('a batch prints each PDF as a run of its own would (pages reused from document to document, both prints of a document on one page, several documents at a time)', async () => {
    // A page prints a document twice (measuring, then final) and then the next document: the renderer
    // numbers the tagged PDF's nodes on from what it showed before, and sla renumbers them 1, 2, 3...
    // so the bytes do not depend on it. Five copies on three pages: some page prints a second one.
    const env = { SOURCE_DATE_EPOCH: '1767225600' };
    const inDir = join(tmp.dir, 'same-three');
    mkdirSync(inDir, { recursive: true });
    for (const n of [1, 2, 3, 4, 5]) writeFileSync(join(inDir, `copy-${n}.yaml`), readFileSync(example('platform-api', 'sla.yaml')));
    const out = join(tmp.dir, 'same-three-out');
    const r = await runSla(['render', inDir, '--format', 'pdf', '--out-dir', out], { env, timeoutMs: PDF_TIMEOUT });
    expect(r.code, r.stderr).toBe(0);
    const pdfs = [1, 2, 3, 4, 5].map((n) => readFileSync(join(out, `copy-${n}.pdf`)));
    for (const pdf of pdfs.slice(1)) expect(pdf.equals(pdfs[0]!)).toBe(true);
    const ids = [...new Set(pdfs[0]!.toString('latin1').match(/\(node\d{8}\)/g) ?? [])].sort();
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(ids.map((_, i) => `(node${String(i + 1).padStart(8, '0')})`));
    // The same bytes as one document printed by another browser (the shared one, on a fresh page).
    const single = join(tmp.dir, 'same-single.pdf');
    expect((await browser.run(['render', join(inDir, 'copy-1.yaml'), '-o', single], { env })).code).toBe(0);
    expect(readFileSync(single).equals(pdfs[0]!)).toBe(true);
    // Header, footer and contents page numbers are there: the measuring first print is not the one kept.
    const text = pdfText(single);
    expect(text).toMatch(/Page 1 of \d+/);
    expect(text).toMatch(/1\.\s*Parties[ .]*\d+/);
  }, PDF_TIMEOUT);

  it('SOURCE_DATE_EPOCH makes two renders byte-for-byte identical', async () => {
    const env = { SOURCE_DATE_EPOCH: '1767225600' }; // 2026-01-01T00:00:00Z
    const a = join(tmp.dir, 'repro-a.pdf');
    const b = join(tmp.dir, 'repro-b.pdf');
    expect((await browser.run(['render', example('platform-api', 'sla.yaml'), '-o', a], { env })).code).toBe(0);
    await new Promise((r) => setTimeout(r, 1100)); // a second apart: Chromium's own dates would differ
    expect((await browser.run(['render', example('platform-api', 'sla.yaml'), '-o', b], { env })).code).toBe(0);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    expect(execInfo(a)).toMatch(/^CreationDate:\s+Thu Jan\s+1 00:00:00 2026 UTC$/m);
    expect(execInfo(a)).toMatch(/^ModDate:\s+Thu Jan\s+1 00:00:00 2026 UTC$/m);
    const bad = await browser.run(['render', example('platform-api', 'sla.yaml'), '-o', join(tmp.dir, 'bad-epoch.pdf')], { env: { SOURCE_DATE_EPOCH: 'yesterday' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SOURCE_DATE_EPOCH must be a whole number of seconds/);
  }, PDF_TIMEOUT * 2);

  describe('offline: no request leaves the page', () => {
    let server: Server;
    let hits = 0;
    let port = 0;
    beforeAll(async () => {
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'image/png' }).end());
      // Count connections, not requests: any byte sent our way counts, even a failed TLS handshake.
      server.on('connection', () => hits++);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as AddressInfo).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('an <img src="http://127.0.0.1:PORT/..."> in a field, a raw template and the CSS makes no request; scripts do not run', async () => {
      const url = `http://127.0.0.1:${port}`;
      const sla = hostileSla();
      sla.scope.summary = `<img src="${url}/field.png"> <script>document.body.innerHTML = 'SCRIPT RAN'</script>`;
      const file = writeSla(tmp.dir, 'offline.yaml', sla);
      // A template that puts the field in raw ({{{ }}}), and a stylesheet that loads from the network.
      const tdir = join(tmp.dir, 'raw-templates');
      mkdirSync(tdir, { recursive: true });
      writeFileSync(join(tdir, 'scope.html.hbs'), `<section><h2>2. Scope</h2><p>{{{scope.summary}}}</p><img src="${url}/template.png"><iframe src="${url}/frame"></iframe><link rel="stylesheet" href="${url}/x.css"></section>`);
      const css = join(tmp.dir, 'net.css');
      writeFileSync(css, `@import url("${url}/import.css"); body { background: url("${url}/bg.png"); } @font-face { font-family: X; src: url("${url}/f.woff2"); } h1 { font-family: X; }`);

      const escaped = join(tmp.dir, 'offline-escaped.pdf');
      const r1 = await browser.run(['render', file, '-o', escaped]);
      expect(r1.code, r1.stderr).toBe(0);
      expect(pdfText(escaped).replace(/\s+/g, ' ')).toContain(`<img src="${url}/field.png">`); // shown as text

      const raw = join(tmp.dir, 'offline-raw.pdf');
      const r2 = await browser.run(['render', file, '-o', raw, '--template', tdir, '--css', css]);
      expect(r2.code, r2.stderr).toBe(0);
      expect(pdfText(raw)).not.toContain('SCRIPT RAN');
      expect(pdfText(raw)).toContain('Consequences of failure');
      expect(hits).toBe(0);
      // Refused by sla's own interception (not only by Chromium's local-network rules), and said so.
      const refused = r2.stderr.split('\n').find((l) => l.includes('refused (rendering is offline)')) ?? '';
      for (const path of ['field.png', 'template.png']) expect(refused).toContain(`${url}/${path}`);
      expect(refused).toMatch(/asked for [5-9] network resources/); // image, frame, stylesheet, @import, background, font
      expect(r1.stderr).not.toContain('refused');
    }, PDF_TIMEOUT * 2);
  });

  it('sla doctor finds the browser, gives its version and starts it (exit 0)', async () => {
    const r = await runSla(['doctor', '--format', 'json'], { timeoutMs: PDF_TIMEOUT });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ ready: true, browser: { found: true, launch: { ok: true } } });
    expect(report.browser.version).toMatch(/\d+\.\d+/);
    expect(report.browser.launch.sandbox).toBe(process.getuid?.() !== 0);
  }, PDF_TIMEOUT);

  it('a browser that fails to start: one line, exit 2, no profile folder left behind', async () => {
    const fake = join(tmp.dir, 'broken-chrome');
    writeFileSync(fake, '#!/bin/sh\necho "broken browser" >&2\nexit 3\n');
    chmodSync(fake, 0o755);
    const tmpdir = join(tmp.dir, 'tmpdir');
    mkdirSync(tmpdir);
    const started = Date.now();
    const r = await runSla(['render', example('it-service-desk', 'sla.yaml'), '-o', join(tmp.dir, 'never.pdf'), '--browser', fake], { env: { TMPDIR: tmpdir }, timeoutMs: PDF_TIMEOUT });
    expect(r.code).toBe(2);
    // At once, not after the protocol time-out: the browser's connection, made after it died, once
    // kept sla waiting 60 s on a request nobody could answer.
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).toMatch(/sla: could not start the browser .*broken-chrome \(exit code 3; stderr: broken browser\); sla doctor --browser .*broken-chrome checks it\n$/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(existsSync(join(tmp.dir, 'never.pdf'))).toBe(false);
    expect(readdirSync(tmpdir)).toEqual([]);
  }, PDF_TIMEOUT);
});

function execInfo(file: string): string {
  return execFileSync('pdfinfo', [file], { encoding: 'utf8' });
}
