// HTML to PDF with Chromium through puppeteer-core. One browser per command, a page per document at a time
// (a launch costs ~0.6 s, a render ~0.4 s). The page runs no JavaScript and reaches no network:
// the document itself is served from memory and every other request is refused.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { Browser, ConnectionTransport, HTTPRequest, Page } from 'puppeteer-core';
import { onInterrupt, processAlive, sleepSync, waitForGroupToEnd } from '../runtime/cleanup.js';
import { UserError } from '../runtime/io.js';
import { DEFAULT_BROWSER_TIMEOUT } from './browser.js';
import { renumberNodeIds, setPdfInfo, type PdfInfo } from './pdf-info.js';
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
  /**
   * Page numbers an earlier render of the same document found (like LaTeX's .aux file): the first
   * print goes out with them, and is the final one when the printed PDF proves every number right.
   */
  knownPages?: ReadonlyMap<string, number> | undefined;
}

export interface RenderedPdf {
  pdf: Uint8Array;
  /** Requests the page made and was refused (images, fonts, stylesheets from the network). */
  blocked: string[];
  /** Prints it took: 1 with right known pages or no contents, 2 usually, 3 when filling in the numbers moved a section. */
  prints: number;
  /** The contents' page numbers, once the printed PDF proved them right (for the next render's knownPages). */
  pages?: ReadonlyMap<string, number> | undefined;
}

export interface PdfRenderer {
  render(doc: PdfDocument): Promise<RenderedPdf>;
  close(): Promise<void>;
  version: string;
}

/** How a command starts its browser: launchPdfRenderer, or (tests) one browser shared by many commands. */
export type LaunchPdf = (options: LaunchOptions) => Promise<PdfRenderer>;

export interface LaunchOptions {
  executablePath: string;
  /** Notices ("running without the sandbox") go here. */
  notice: (line: string) => void;
  isRoot?: boolean;
  /** Seconds the browser may take to start (default 30); each later request gets twice that. */
  timeoutSeconds?: number;
}

// The document's own address; nothing is ever fetched from it, the request is answered in memory.
const DOCUMENT_URL = 'http://agreement.invalid/';

/**
 * The browser's command line: puppeteer's own defaults (puppeteer-core 24, `defaultArgs({ headless:
 * true })`; a unit test checks every one of them is here) written out, so the browser is spawned
 * before puppeteer is even imported, plus switches that stop work a print never needs: the
 * component updater, domain reliability reports and pings, and features that start with the browser.
 */
export const BROWSER_ARGS: readonly string[] = [
  '--allow-pre-commit-input',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-breakpad',
  '--disable-client-side-phishing-detection',
  '--disable-component-extensions-with-background-pages',
  '--disable-crash-reporter',
  '--disable-default-apps',
  '--disable-dev-shm-usage',
  '--disable-hang-monitor',
  '--disable-infobars',
  '--disable-ipc-flooding-protection',
  '--disable-popup-blocking',
  '--disable-prompt-on-repost',
  '--disable-renderer-backgrounding',
  '--disable-search-engine-choice-screen',
  '--disable-sync',
  '--enable-automation',
  '--export-tagged-pdf',
  '--force-color-profile=srgb',
  '--generate-pdf-document-outline',
  '--metrics-recording-only',
  '--no-first-run',
  '--password-store=basic',
  '--use-mock-keychain',
  // puppeteer's list of disabled features first, then ours.
  '--disable-features=Translate,AcceptCHFrame,MediaRouter,OptimizationHints,WebUIReloadButton,ProcessPerSiteUpToMainFrameThreshold,IsolateSandboxedIframes,' +
    'PaintHolding,BackForwardCache,HeavyAdPrivacyMitigations,LazyFrameLoading,DestroyProfileOnBrowserClose,AutofillServerCommunication,' +
    'CertificateTransparencyComponentUpdater,GlobalMediaControls,ImprovedCookieControls,InterestFeedContentSuggestions,' +
    // The address bar's pop-up, preloaded as a WebUI page in a renderer of its own (Chromium 13x+): a
    // process started, loaded and laid out for a window a headless print never shows.
    'WebUIOmniboxPopup,WebUIOmniboxAimPopup',
  '--enable-features=PdfOopif',
  '--headless=new',
  '--hide-scrollbars',
  '--mute-audio',
  '--disable-extensions',
  '--disable-component-update',
  '--disable-domain-reliability',
  '--no-pings',
  '--disable-gpu',
  '--no-default-browser-check',
  // A second fence behind request interception: no host name resolves.
  '--host-resolver-rules=MAP * ~NOTFOUND',
  '--remote-debugging-pipe',
];

export async function launchPdfRenderer(options: LaunchOptions): Promise<PdfRenderer> {
  const program = options.executablePath;
  const seconds = options.timeoutSeconds ?? DEFAULT_BROWSER_TIMEOUT;
  // A browser that started but stops answering fails a request after this, instead of puppeteer's 180 s.
  const requestMs = seconds * 2000;
  const isRoot = options.isRoot ?? (typeof process.getuid === 'function' && process.getuid() === 0);
  const extra: string[] = [];
  if (isRoot) {
    // Chromium refuses to start its sandbox as root. The page runs no JavaScript and has no network.
    extra.push('--no-sandbox');
    options.notice('sla: running as root, so Chromium runs without its sandbox (--no-sandbox); the page runs no JavaScript and reaches no network');
  }
  // Our own profile folder, removed whatever happens. Its name carries our process id, so a later
  // run removes the folder of a run that was killed outright.
  sweepStaleProfiles();
  let child: ChildProcess | undefined;
  let made: string | undefined;
  // Ctrl-C or a kill, at any moment from here on: stop the browser's whole process group (it runs
  // detached, so a terminal's Ctrl-C does not reach it, and a browser still starting up would write
  // into the profile after it was removed) and remove the profile. Registered before the folder is
  // made: until a process listens for a signal, the signal kills it outright, folder left behind.
  const forget = onInterrupt(() => {
    killBrowserGroup(child?.pid, KILL_WAIT_MS);
    if (made !== undefined) removeProfileOnTheWayOut(made);
  });
  const profile = mkdtempSync(join(tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  made = profile;
  // Chromium's own temporary files (the folder of its singleton socket, shared memory files under
  // --disable-dev-shm-usage) go inside the profile too: a browser that ends without its clean
  // shutdown (sla killed, the pipe closed) leaves its org.chromium.Chromium.* folder behind, where no
  // sweep could tell it from a folder of the user's own browser. Chromium aborts when the socket's
  // path is longer than a Unix socket address holds (104 bytes on macOS, 108 on Linux): with a long
  // temporary directory the browser keeps the system's.
  const browserTmp = join(profile, 't');
  const ownTmp = process.platform !== 'win32' && Buffer.byteLength(join(browserTmp, 'org.chromium.Chromium.XXXXXX', 'SingletonSocket')) < 104;
  const fail = (message: string): never => {
    killBrowserGroup(child?.pid, KILL_WAIT_MS);
    forget();
    removeProfileOnTheWayOut(profile);
    throw new UserError(message);
  };
  // sla starts the browser itself rather than through puppeteer.launch: then the process id is
  // known from the first moment, one time-out covers the whole start-up, and every failure kills
  // the same process group (puppeteer's launch waited 180 s on a silent browser, then left it running).
  const args = [...BROWSER_ARGS, ...extra, `--user-data-dir=${profile}`, 'about:blank'];
  const stderr: string[] = [];
  let browser: Browser;
  try {
    if (ownTmp) mkdirSync(browserTmp);
    // Over a pipe (fds 3 and 4), the browser exits by itself when sla dies, even of a SIGKILL.
    child = spawn(program, args, { env: ownTmp ? { ...process.env, TMPDIR: browserTmp } : process.env, detached: process.platform !== 'win32', stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], windowsHide: true });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr.push(...d.split('\n').map((l) => l.trim()).filter(Boolean));
      stderr.splice(0, Math.max(0, stderr.length - 20));
    });
    const started = child;
    const transport = new PipeTransport(started.stdio[3] as Writable, started.stdio[4] as Readable);
    // Imported while the browser starts (~0.2 s of Node's CPU on the other core). Only puppeteer's
    // CDP connection: its package entry also loads the WebDriver BiDi client and the browser
    // downloader, twice the import cost, for nothing a print uses.
    const connect = import('puppeteer-core/internal/cdp/BrowserConnector.js').then(({ _connectToCdpBrowser }) => _connectToCdpBrowser(transport, '', { protocolTimeout: requestMs }) as unknown as Promise<Browser>); // the same class, typed from another .d.ts
    let timer: NodeJS.Timeout | undefined;
    const ended = new Promise<{ exit: string }>((resolve) => {
      started.once('error', (err) => resolve({ exit: (err as NodeJS.ErrnoException).code ?? err.message }));
      started.once('exit', (code, signal) => resolve({ exit: signal ? `killed by ${signal}` : `exit code ${code}` }));
    });
    const outcome = await Promise.race([
      connect.then((b) => ({ browser: b }), (err: unknown) => ({ error: err })),
      ended,
      new Promise<{ timeout: true }>((resolve) => (timer = setTimeout(() => resolve({ timeout: true }), seconds * 1000))),
    ]);
    clearTimeout(timer);
    if ('timeout' in outcome) {
      transport.close();
      return fail(`${program} did not answer within ${seconds} s; check that it is Chrome or Chromium (sla doctor --browser ${program}), or allow it longer with --browser-timeout SECONDS`);
    }
    if (!('browser' in outcome)) {
      transport.close();
      // The pipe may close before the exit is seen: wait a moment for the exit code and the last
      // lines of stderr, which say why it stopped.
      const exit = 'exit' in outcome ? outcome : await Promise.race([ended, new Promise<undefined>((r) => setTimeout(() => r(undefined), 500))]);
      await new Promise((r) => setTimeout(r, 50));
      const why = exit ? exit.exit : String(((outcome as { error: unknown }).error as Error)?.message ?? outcome).split('\n')[0];
      const detail = `${why}${stderr.length > 0 ? `; stderr: ${stderr.slice(-3).join(' ')}` : ''}`.replace(/\s+/g, ' ');
      const hint = /sandbox/i.test(detail) ? '; the sandbox cannot start here: run as a user with unprivileged user namespaces, or check the container settings' : '';
      return fail(`could not start the browser ${program} (${detail})${hint}; sla doctor --browser ${program} checks it`);
    }
    browser = outcome.browser;
  } catch (err) {
    if (err instanceof UserError) throw err;
    return fail(`could not start the browser ${program} (${String((err as Error)?.message ?? err).split('\n')[0]}); sla doctor --browser ${program} checks it`);
  }
  const proc = child;
  /** A request the browser did not answer, or a browser that died: one line naming it, exit 2. */
  // Once a request timed out and the browser was killed for it, the pages printing beside it fail too
  // (a detached frame, a closed target) before the exit is seen: they report the time-out, the cause.
  let killedFor: UserError | undefined;
  const browserError = (err: unknown, doing: string): unknown => {
    if (err instanceof UserError) return err;
    if (killedFor) return killedFor;
    const message = String((err as Error)?.message ?? err);
    if (proc.exitCode !== null || proc.signalCode !== null) return new UserError(`the browser ${program} ended while ${doing} (${proc.signalCode ? `killed by ${proc.signalCode}` : `exit code ${proc.exitCode}`})`);
    if ((err as Error)?.name === 'TimeoutError' || /timed out/i.test(message)) {
      killedFor = new UserError(`the browser ${program} did not answer within ${requestMs / 1000} s while ${doing}; allow it longer with --browser-timeout SECONDS (each request gets twice that)`);
      killBrowserGroup(proc.pid);
      return killedFor;
    }
    // The pipe closed before the exit was seen: killed from outside (the OOM killer, a kill).
    if (/TargetCloseError|ProtocolError/.test((err as Error)?.name ?? '') || /(Target|Connection|Session) closed|frame was detached/i.test(message)) {
      killBrowserGroup(proc.pid);
      return new UserError(`the browser ${program} ended while ${doing} (${message.split('\n')[0]})`);
    }
    return err;
  };
  const version = await browser.version().catch(() => 'unknown');
  const open = browser;

  // The browser's own first tab (about:blank) takes the first document: a new page costs about as
  // much as a print. A page serves one document at a time, for all its prints (the measuring one,
  // then the final one), and then the next document; a batch opens as many pages as documents print
  // at once. Chromium numbers the tagged PDF's nodes from a counter of its renderer process, so the
  // numbers depend on what that renderer laid out before: renumberNodeIds makes them depend only on
  // the document (SOURCE_DATE_EPOCH makes the file byte-for-byte reproducible).
  let firstTab: Page | undefined = (await open.pages().catch(() => []))[0];
  /** Pages whose last document is printed, ready for the next. */
  const idleTabs: Tab[] = [];

  return {
    version,
    async render(doc) {
      try {
        return await renderDocument(doc);
      } catch (err) {
        throw browserError(err, 'printing a page');
      }
    },
    async close() {
      // Every PDF is in hand: the browser's group is killed at once rather than shut down, which
      // only wrote preferences and caches into a profile removed next (~0.3 s of the browser's CPU).
      // The pipe is closed first, so puppeteer sees an ordinary disconnect.
      const exited = proc.exitCode !== null || proc.signalCode !== null ? Promise.resolve() : new Promise((resolve) => proc.once('exit', resolve));
      open.disconnect().catch(() => undefined);
      killBrowserGroup(proc.pid);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, CLOSE_GRACE_MS)))]);
      clearTimeout(timer);
      try {
        removeProfileDir(profile);
      } catch {
        removeProfileOnTheWayOut(profile);
      }
      forget();
    },
  };

  async function takeTab(): Promise<Tab> {
    const idle = idleTabs.pop();
    if (idle) return idle;
    const page = firstTab ?? (await open.newPage());
    firstTab = undefined;
    const tab: Tab = { page, html: '', served: true, blocked: [] };
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on('request', (request: HTTPRequest) => {
      if (request.isInterceptResolutionHandled()) return;
      const topLevel = request.isNavigationRequest() && request.frame() === page.mainFrame();
      if (topLevel && !tab.served && request.url() === DOCUMENT_URL) {
        tab.served = true;
        void request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: tab.html });
      } else if (topLevel) {
        // A <meta http-equiv="refresh"> (or a link target) leaving the document: "204 No Content"
        // keeps the page where it is; aborting would swap it for an error page that cannot print.
        tab.blocked.push(request.url());
        void request.respond({ status: 204, body: '' });
      } else {
        // Chromium asks for a favicon by itself; everything else came from the document.
        if (request.url() !== `${DOCUMENT_URL}favicon.ico`) tab.blocked.push(request.url());
        void request.abort('blockedbyclient');
      }
    });
    return tab;
  }

  async function renderDocument(doc: PdfDocument): Promise<RenderedPdf> {
    const tab = await takeTab();
    let ok = false;
    try {
      // The first print of a paginated document only tells where each section lands: header,
      // footer, outline and tags do not move the layout (the margins are fixed), so it goes without them.
      // With known pages, the first print is already a final one, and the last when they were right.
      let html = doc.paginate && doc.knownPages ? doc.paginate(doc.knownPages) : doc.html;
      let final = !doc.paginate || doc.knownPages !== undefined;
      let pdf = await print(tab, html, doc, final);
      let prints = 1;
      let pages: ReadonlyMap<string, number> | undefined;
      if (doc.paginate) {
        while (prints < MAX_PRINTS) {
          const landed = namedDestinationPages(pdf);
          const next = doc.paginate(landed);
          if (next === html && final) {
            pages = landed;
            break;
          }
          html = next;
          pdf = await print(tab, html, doc, (final = true));
          prints++;
        }
      }
      const result: RenderedPdf = { pdf: setPdfInfo(renumberNodeIds(pdf), doc.info, doc.date), blocked: tab.blocked, prints, pages };
      ok = true;
      return result;
    } finally {
      // A page that printed is reused by the next document (a new page costs about a print); a
      // page whose print failed is in no known state and is closed.
      if (ok) idleTabs.push(tab);
      // Not awaited: a browser that stopped answering would hold the error back by a whole time-out.
      else void tab.page.close().catch(() => undefined);
    }
  }

  async function print(tab: Tab, html: string, doc: PdfDocument, final: boolean): Promise<Uint8Array> {
    tab.html = html;
    tab.served = false;
    tab.blocked = []; // what the printed version asked for, once
    await tab.page.goto(DOCUMENT_URL, { waitUntil: 'load', timeout: requestMs });
    return await tab.page.pdf({
      format: doc.paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      displayHeaderFooter: final,
      ...(final ? { headerTemplate: headerTemplate(doc.info.title, doc.headerNote), footerTemplate: FOOTER } : {}),
      margin: { top: '22mm', bottom: '20mm', left: '18mm', right: '18mm' },
      outline: final,
      tagged: final,
      preferCSSPageSize: false,
      timeout: requestMs,
    });
  }
}

interface Tab {
  page: Page;
  /** The document the next navigation to DOCUMENT_URL is answered with. */
  html: string;
  served: boolean;
  blocked: string[];
}

/** Chromium's --remote-debugging-pipe: JSON messages, each ended by a NUL byte, on fds 3 (in) and 4 (out). */
export class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  #pending: Buffer[] = [];
  #closed = false;
  constructor(
    private readonly out: Writable,
    private readonly input: Readable,
  ) {
    input.on('data', (chunk: Buffer) => this.#receive(chunk));
    input.on('close', () => this.onclose?.());
    // A browser gone: the write fails, and the read side reports the close.
    input.on('error', () => undefined);
    out.on('error', () => undefined);
  }
  send(message: string): void {
    if (this.#closed) {
      // The connection may have been made after the pipe closed (a browser that died while puppeteer
      // was still being imported), so it was never told: tell it now, and it fails this request and
      // any other at once. Otherwise each would wait out the protocol time-out (60 s by default),
      // keeping a failed launch's process alive. Not a throw: puppeteer sends from event handlers.
      setImmediate(() => this.onclose?.());
      return;
    }
    this.out.write(message);
    this.out.write('\0');
  }
  #receive(chunk: Buffer): void {
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.#pending.push(chunk);
      return;
    }
    let data = Buffer.concat([...this.#pending, chunk]);
    this.#pending = [];
    end = data.indexOf(0);
    while (end !== -1) {
      const message = data.toString('utf8', 0, end);
      // Puppeteer expects each message in its own task, as its own transports deliver them.
      setImmediate(() => this.onmessage?.(message));
      data = data.subarray(end + 1);
      end = data.indexOf(0);
    }
    if (data.length > 0) this.#pending.push(data);
  }
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.out.destroy();
    this.input.destroy();
  }
}

const PROFILE_PREFIX = 'sla-chromium-profile-';
// How long sla waits for a killed browser to be reaped before it removes the profile anyway.
const CLOSE_GRACE_MS = 5_000;
// How long a failed start or an interrupted run waits for the killed browser's processes to end.
const KILL_WAIT_MS = 2_000;
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
 * Kills the browser with its renderers: it leads its own process group (sla starts it detached),
 * and a renderer that outlived the browser could still write into the profile. With `waitMs`, waits
 * that long at most for the group to be gone, before the profile is removed and sla exits.
 */
function killBrowserGroup(pid: number | undefined, waitMs = 0): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
    if (waitMs > 0) waitForGroupToEnd(pid, waitMs); // returns at once where there is no /proc
  } catch (err) {
    // No such group: everything in it has ended (and the id may already belong to another process).
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return;
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
  for (let round = 0; round < 4; round++) {
    if (round > 0) sleepSync(25);
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
