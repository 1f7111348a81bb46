// HTML to PDF with Chromium through puppeteer-core. One browser per command, a page per document
// (a launch costs ~0.6 s, a render ~0.4 s). The page runs no JavaScript and reaches no network:
// the document itself is served from memory and every other request is refused.
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Browser, HTTPRequest } from 'puppeteer-core';
import { onInterrupt, processAlive } from '../runtime/cleanup.js';
import { UserError } from '../runtime/io.js';
import { setPdfInfo, type PdfInfo } from './pdf-info.js';
import { namedDestinationPages } from './pdf-pages.js';

export type Paper = 'a4' | 'letter';

export interface PdfDocument {
  html: string;
  info: PdfInfo;
  /** Shown in the page header beside the title, e.g. "Version 2.1". */
  headerNote: string;
  paper: Paper;
  /** SOURCE_DATE_EPOCH: makes the file byte-for-byte reproducible. */
  date?: Date | undefined;
  /**
   * Page numbers for the contents: given the page each link target (element id) landed on in the
   * printed PDF, the HTML again with those numbers filled in. The page is printed again while the
   * numbers change (at most three prints); Chromium cannot compute them in CSS.
   */
  paginate?: ((pages: ReadonlyMap<string, number>) => string) | undefined;
}

export interface RenderedPdf {
  pdf: Uint8Array;
  /** Requests the page made and was refused (images, fonts, stylesheets from the network). */
  blocked: string[];
}

export interface PdfRenderer {
  render(doc: PdfDocument): Promise<RenderedPdf>;
  close(): Promise<void>;
  version: string;
}

export interface LaunchOptions {
  executablePath: string;
  /** Notices ("running without the sandbox") go here. */
  notice: (line: string) => void;
  isRoot?: boolean;
}

// The document's own address; nothing is ever fetched from it, the request is answered in memory.
const DOCUMENT_URL = 'http://agreement.invalid/';

export async function launchPdfRenderer(options: LaunchOptions): Promise<PdfRenderer> {
  const { default: puppeteer } = await import('puppeteer-core');
  const isRoot = options.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const args = [
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--no-default-browser-check',
    '--disable-extensions',
    '--disable-sync',
    // A second fence behind request interception: no host name resolves.
    '--host-resolver-rules=MAP * ~NOTFOUND',
  ];
  if (isRoot) {
    // Chromium refuses to start its sandbox as root. The page runs no JavaScript and has no network.
    args.push('--no-sandbox');
    options.notice('sla: running as root, so Chromium runs without its sandbox (--no-sandbox); the page runs no JavaScript and reaches no network');
  }
  // Our own profile folder, removed whatever happens: a failed launch would otherwise leave a
  // puppeteer_dev_chrome_profile-* folder behind in the temporary directory. Its name carries our
  // process id, so a later run removes the folder of a run that was killed outright.
  sweepStaleProfiles();
  const profile = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  const removeProfile = () => removeProfileDir(profile);
  let browser: Browser | undefined;
  // Ctrl-C or a kill: stop the browser (it runs in its own process group, so a terminal's Ctrl-C
  // does not reach it) and remove its profile. Puppeteer's own signal handlers would keep the
  // process alive after SIGTERM, so they stay off and src/runtime/cleanup.ts decides.
  const forget = onInterrupt(() => {
    killBrowserGroup(browser?.process()?.pid);
    removeProfileOnTheWayOut(profile);
  });
  const launch = (pipe: boolean) =>
    puppeteer.launch({
      executablePath: options.executablePath,
      headless: true,
      args,
      userDataDir: profile,
      timeout: 30_000,
      pipe,
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
  try {
    try {
      // Over a pipe, the browser exits by itself when sla dies, even of a SIGKILL.
      browser = await launch(true);
    } catch {
      // A failed pipe launch says only "Target closed"; the socket launch says why (exit code, stderr).
      removeProfile();
      mkdirSync(profile);
      browser = await launch(false);
    }
  } catch (err) {
    forget();
    removeProfile();
    // Puppeteer's message spans lines and ends with a troubleshooting link: keep the facts, on one line.
    const detail = String((err as Error)?.message ?? err).split('\n').map((l) => l.trim())
      .filter((l) => l && !/^TROUBLESHOOTING|pptr\.dev/.test(l)).slice(0, 3).join(' ')
      .replace(/\s*stderr:\s*$/, '').replace(/\s+/g, ' ').replace(/:$/, '');
    const hint = /sandbox/i.test(detail) ? '; the sandbox cannot start here: run as a user with unprivileged user namespaces, or check the container settings' : '';
    throw new UserError(`could not start the browser ${options.executablePath} (${detail})${hint}; sla doctor --browser ${options.executablePath} checks it`);
  }
  const version = await browser.version().catch(() => 'unknown');
  const open = browser;

  return {
    version,
    async render(doc) {
      let printed = await print(doc.html);
      if (doc.paginate) {
        let html = doc.html;
        for (let pass = 1; pass < MAX_PRINTS; pass++) {
          const next = doc.paginate(namedDestinationPages(printed.pdf));
          if (next === html) break;
          html = next;
          printed = await print(html);
        }
      }
      return { pdf: setPdfInfo(printed.pdf, doc.info, doc.date), blocked: printed.blocked };

      async function print(html: string): Promise<RenderedPdf> {
        const page = await open.newPage();
        const blocked: string[] = [];
        try {
          await page.setJavaScriptEnabled(false);
          await page.setRequestInterception(true);
          let served = false;
          page.on('request', (request: HTTPRequest) => {
            if (request.isInterceptResolutionHandled()) return;
            const topLevel = request.isNavigationRequest() && request.frame() === page.mainFrame();
            if (topLevel && !served && request.url() === DOCUMENT_URL) {
              served = true;
              void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
            } else if (topLevel) {
              // A <meta http-equiv="refresh"> (or a link target) leaving the document: "204 No Content"
              // keeps the page where it is; aborting would swap it for an error page that cannot print.
              blocked.push(request.url());
              void request.respond({ status: 204, body: '' });
            } else {
              // Chromium asks for a favicon by itself; everything else came from the document.
              if (request.url() !== `${DOCUMENT_URL}favicon.ico`) blocked.push(request.url());
              void request.abort('blockedbyclient');
            }
          });
          await page.goto(DOCUMENT_URL, { waitUntil: 'load', timeout: 60_000 });
          const pdf = await page.pdf({
            format: doc.paper === 'letter' ? 'Letter' : 'A4',
            printBackground: true,
            displayHeaderFooter: true,
            headerTemplate: headerTemplate(doc.info.title, doc.headerNote),
            footerTemplate: FOOTER,
            margin: { top: '22mm', bottom: '20mm', left: '18mm', right: '18mm' },
            outline: true,
            tagged: true,
            preferCSSPageSize: false,
            timeout: 120_000,
          });
          return { pdf, blocked };
        } finally {
          await page.close().catch(() => undefined);
        }
      }
    },
    async close() {
      await open.close().catch(() => undefined);
      removeProfile();
      forget();
    },
  };
}

const PROFILE_PREFIX = 'sla-chromium-profile-';
// A print with placeholder page numbers, one with the real ones, and one more if filling them in moved a section.
const MAX_PRINTS = 3;

/**
 * A profile folder, and the org.chromium.Chromium.* folder Chromium keeps its socket in (in the
 * temporary directory, linked from the profile's SingletonSocket): a killed browser leaves both.
 */
function removeProfileDir(profile: string): void {
  try {
    const socketDir = dirname(readlinkSync(join(profile, 'SingletonSocket')));
    if (basename(socketDir).startsWith('org.chromium.Chromium.')) rmSync(socketDir, { recursive: true, force: true });
  } catch {
    /* no socket link: the browser closed cleanly or never started */
  }
  rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
}

/**
 * Kills the browser with its renderers: it leads its own process group (puppeteer starts it detached),
 * and a renderer that outlived the browser could still write into the profile.
 */
function killBrowserGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

/**
 * Removes the profile while the process is ending, synchronously: a process of the group just killed
 * may still write a file into it for a moment, so it is removed again after short pauses (at most
 * ~100 ms in all, only on Ctrl-C or a kill).
 */
function removeProfileOnTheWayOut(profile: string): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let round = 0; round < 4; round++) {
    if (round > 0) Atomics.wait(pause, 0, 0, 25);
    try {
      removeProfileDir(profile);
    } catch {
      /* best effort: the next run sweeps what is left */
    }
  }
}

/** Profile folders of runs that were killed outright (the process id in the name no longer runs). */
function sweepStaleProfiles(): void {
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return;
  }
  for (const name of names) {
    const m = /^sla-chromium-profile-(\d+)-/.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    try {
      removeProfileDir(join(tmpdir(), name));
    } catch {
      /* another user's folder: theirs to remove */
    }
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// Header and footer are rendered apart from the page: inline styles only, and Chromium fills the
// pageNumber and totalPages classes itself.
const BAND = "box-sizing:border-box;width:100%;padding:0 18mm;font-family:Helvetica,Arial,'Liberation Sans','DejaVu Sans',sans-serif;font-size:8.5px;color:#5a5f66;display:flex;justify-content:space-between;";
function headerTemplate(title: string, note: string): string {
  return `<div style="${BAND}"><span style="flex:1;border-bottom:0.5pt solid #b9bec5;padding-bottom:1.5mm;display:flex;justify-content:space-between;"><span>${escapeHtml(title)}</span><span>${escapeHtml(note)}</span></span></div>`;
}
const FOOTER = `<div style="${BAND}justify-content:flex-end;"><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
