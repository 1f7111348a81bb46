// No network from content: every way a page can fetch something, put in through an SLA field placed
// raw by a template, a hostile --template and a hostile --css, for `sla render` and `sla report`.
// A local server counts connections: it must see none. (Chromium's own local-network rules would
// also keep a page from reaching 127.0.0.1, so the tests also check that sla's interception saw and
// refused the requests: the notice line.) JavaScript is off: <noscript> shows, scripts do not run. (test/render/pdf.test.ts covers <img>, <iframe>, <link rel=stylesheet>, @import, url()
// and @font-face; this adds the rest.) In-process, both PDFs from one shared browser: what is
// tested is the page, not the process (render.pdf and report.pdf run bin/sla to PDF end to end).
import { createServer, type Server } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, tempDir } from '../helpers.js';
import { exampleData, pdfText, pdfUnavailable, writeSla } from '../render/fixtures.js';
import { sharedBrowser } from '../render/shared-browser.js';

const unavailable = pdfUnavailable();
const tmp = tempDir('sla-offline-');
const browser = sharedBrowser();
afterAll(async () => {
  await browser.close();
  tmp.cleanup();
});
const PDF_TIMEOUT = 120_000;

if (unavailable && !process.env.CI) console.warn(`Offline PDF tests skipped: ${unavailable}.`);
if (unavailable && process.env.CI) {
  describe('offline', () => {
    it('has a browser and pdftotext in CI', () => {
      throw new Error(`offline PDF tests cannot run in CI: ${unavailable}`);
    });
  });
}

/** Every fetch an HTML page can make without JavaScript, each aimed at `url` with its own path. */
function hostileHtml(url: string): string {
  return [
    `<script src="${url}/script.js"></script>`,
    `<link rel="preconnect" href="${url}"><link rel="dns-prefetch" href="${url}"><link rel="prefetch" href="${url}/prefetch"><link rel="preload" as="image" href="${url}/preload.png"><link rel="icon" href="${url}/icon.png">`,
    `<object data="${url}/object.svg"></object><embed src="${url}/embed.svg">`,
    `<video poster="${url}/poster.png" src="${url}/video.mp4"></video><audio src="${url}/audio.mp3" preload="auto"></audio>`,
    `<svg><image href="${url}/svg-image.png" width="10" height="10"/></svg>`,
    `<img srcset="${url}/srcset.png 1x" alt=""><picture><source srcset="${url}/source.png"><img alt=""></picture>`,
    `<input type="image" src="${url}/input.png" alt="">`,
    `<iframe srcdoc="<img src='${url}/srcdoc.png'>"></iframe>`,
    `<div style="background-image: url('${url}/inline-style.png')">x</div>`,
    `<img src="x" onerror="document.body.innerHTML='SCRIPT RAN'">`,
    `<noscript><p>JAVASCRIPT IS OFF</p></noscript><script>document.write('SCRIPT RAN')</script>`,
    `<meta http-equiv="refresh" content="0; url=${url}/refresh">`,
  ].join('\n');
}

function hostileCss(url: string): string {
  return [
    `@import "${url}/import.css";`,
    `@font-face { font-family: Net; src: local("No Such Font"), url("${url}/font.woff2") format("woff2"); }`,
    `body { font-family: Net; cursor: url("${url}/cursor.png"), auto; }`,
    `h1 { background: image-set(url("${url}/image-set.png") 1x); }`,
    `ul { list-style-image: url("${url}/bullet.png"); }`,
    `h2::before { content: url("${url}/content.png"); }`,
    `table { border-image: url("${url}/border.png") 30 round; }`,
    `p { mask-image: url("${url}/mask.png"); }`,
  ].join('\n');
}

describe.skipIf(unavailable !== undefined)(`offline rendering: no request reaches a local server${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  let server: Server;
  let hits = 0;
  const paths: string[] = [];
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      paths.push(req.url ?? '');
      res.writeHead(200).end();
    });
    // Connections, not requests: a preconnect or a refused handshake counts too.
    server.on('connection', () => hits++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sla render to PDF: an SLA field placed raw, a hostile --template and --css make no request; JavaScript is off', async () => {
    const sla = exampleData();
    sla.scope.summary = `<img src="${url}/field.png"><link rel="stylesheet" href="${url}/field.css">`;
    const file = writeSla(tmp.dir, 'render.yaml', sla);
    const templates = join(tmp.dir, 'render-templates');
    mkdirSync(templates);
    // The scope section prints the summary raw, as a careless template might, plus every other fetch.
    writeFileSync(join(templates, 'scope.html.hbs'), `<section><h2>2. Scope</h2><p>{{{scope.summary}}}</p>\n${hostileHtml(url)}\n</section>`);
    writeFileSync(join(templates, 'toc.html.hbs'), `<base href="${url}/base/"><img src="relative.png" alt="">`);
    const css = join(tmp.dir, 'render.css');
    writeFileSync(css, hostileCss(url));
    const out = join(tmp.dir, 'render.pdf');
    const r = await browser.run(['render', file, '-o', out, '--template', templates, '--css', css]);
    expect(r.code, r.stderr).toBe(0);
    expect({ hits, paths }).toEqual({ hits: 0, paths: [] });
    const text = pdfText(out);
    expect(text).toContain('JAVASCRIPT IS OFF');
    expect(text).not.toContain('SCRIPT RAN');
    expect(text).toContain('Consequences of failure'); // the whole document, not a page replaced by a refresh
    // sla's own interception saw and refused them, and said so on one line.
    const refused = r.stderr.split('\n').filter((l) => l.includes('refused (rendering is offline)'));
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/asked for (\d{2,}) network resources/);
  }, PDF_TIMEOUT);

  it('sla report to PDF: a hostile --template and --css make no request', async () => {
    const templates = join(tmp.dir, 'report-templates');
    mkdirSync(templates);
    writeFileSync(join(templates, 'report-header.html.hbs'), `<header><h1>{{agreement.title}}</h1>${hostileHtml(url)}</header>`);
    const css = join(tmp.dir, 'report.css');
    writeFileSync(css, hostileCss(url));
    const out = join(tmp.dir, 'report.pdf');
    const r = await browser.run(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', out, '--template', templates, '--css', css]);
    expect(r.code, r.stderr).toBe(0);
    expect({ hits, paths }).toEqual({ hits: 0, paths: [] });
    const text = pdfText(out);
    expect(text).toContain('JAVASCRIPT IS OFF');
    expect(text).not.toContain('SCRIPT RAN');
    expect(r.stderr).toMatch(/^sla: the report page asked for \d{2,} network resources, refused \(rendering is offline\): http:\/\/127\.0\.0\.1:/m);
  }, PDF_TIMEOUT);
});
