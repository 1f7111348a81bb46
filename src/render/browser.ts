// Which Chrome or Chromium `sla render --format pdf` drives, found without the network: --browser,
// PUPPETEER_EXECUTABLE_PATH, a browser puppeteer installed into its cache, then the usual system
// places. `sla doctor` shows the same answer.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UserError } from '../runtime/io.js';

export interface FoundBrowser {
  path: string;
  /** How it was found, in words: "--browser", "PUPPETEER_EXECUTABLE_PATH", "puppeteer's cache", "system". */
  source: string;
}

export interface BrowserSearch {
  flag?: string | undefined;
  env: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  /** Replaces the built-in list of system places (tests). */
  systemPaths?: string[];
  /** Replaces the home folder used for puppeteer's cache (tests). */
  home?: string;
}

/** The way to get a browser, in one sentence; part of every "not found" message. */
export const INSTALL_HINT =
  'install one (Debian/Ubuntu: apt-get install chromium; Fedora: dnf install chromium; macOS: brew install --cask google-chrome; ' +
  'anywhere: npx @puppeteer/browsers install chrome-headless-shell@stable --path ~/.cache/puppeteer), or name it with --browser PATH or PUPPETEER_EXECUTABLE_PATH';

class BrowserNotFoundError extends UserError {
  constructor(readonly checked: string[]) {
    super(`no Chrome or Chromium found for PDF output; ${INSTALL_HINT} (sla doctor shows where sla looked)`, 2);
    this.name = 'BrowserNotFoundError';
  }
}

function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where browsers usually live. Debian's /usr/bin/chromium is a shell wrapper: prefer the binary behind it. */
export function systemBrowserPaths(platform: NodeJS.Platform, env: Record<string, string | undefined>): string[] {
  if (platform === 'darwin') {
    return [
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
      '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
      '/Applications/Brave Browser.app/Contents/MacOS/Brave Browser',
    ];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => !!r);
    return roots.flatMap((r) => [join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), join(r, 'Chromium', 'Application', 'chrome.exe'), join(r, 'Microsoft', 'Edge', 'Application', 'msedge.exe')]);
  }
  const names = ['chromium', 'chromium-browser', 'google-chrome-stable', 'google-chrome', 'microsoft-edge'];
  const onPath = (env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => names.map((n) => join(dir, n)));
  return [
    '/usr/lib/chromium/chromium',
    '/usr/lib/chromium-browser/chromium-browser',
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome-stable',
    '/usr/bin/google-chrome',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    ...onPath,
    '/snap/bin/chromium',
  ];
}

/** Browsers that `npx @puppeteer/browsers install` (or puppeteer's postinstall) put in its cache, newest first. */
function puppeteerCacheBrowsers(cacheDir: string, platform: NodeJS.Platform): string[] {
  const out: { path: string; version: number[] }[] = [];
  const layouts: [string, (plat: string) => string | undefined][] = [
    ['chrome', (p) => ({ linux: 'chrome-linux64/chrome', mac: 'chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', mac_arm: 'chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing', win64: 'chrome-win64/chrome.exe' })[p]],
    ['chrome-headless-shell', (p) => ({ linux: 'chrome-headless-shell-linux64/chrome-headless-shell', mac: 'chrome-headless-shell-mac-x64/chrome-headless-shell', mac_arm: 'chrome-headless-shell-mac-arm64/chrome-headless-shell', win64: 'chrome-headless-shell-win64/chrome-headless-shell.exe' })[p]],
  ];
  const wanted = platform === 'darwin' ? ['mac', 'mac_arm'] : platform === 'win32' ? ['win64'] : ['linux'];
  for (const [browser, relative] of layouts) {
    let entries: string[];
    try {
      entries = readdirSync(join(cacheDir, browser));
    } catch {
      continue;
    }
    for (const entry of entries) {
      const m = /^([a-z_0-9]+)-(.+)$/.exec(entry);
      if (!m || !wanted.includes(m[1]!)) continue;
      const rel = relative(m[1]!);
      if (rel) out.push({ path: join(cacheDir, browser, entry, rel), version: m[2]!.split('.').map(Number) });
    }
  }
  out.sort((a, b) => {
    for (let i = 0; i < Math.max(a.version.length, b.version.length); i++) {
      const d = (b.version[i] ?? 0) - (a.version[i] ?? 0);
      if (d) return d;
    }
    return 0;
  });
  return out.map((b) => b.path);
}

/** Finds the browser, or throws a one-line error that says how to install one (exit 2). */
export function findBrowser(search: BrowserSearch): FoundBrowser {
  const result = searchBrowser(search);
  if ('path' in result) return result;
  throw result.error;
}

export function searchBrowser(search: BrowserSearch): FoundBrowser | { error: UserError; checked: string[] } {
  const { env } = search;
  if (search.flag !== undefined) {
    if (isExecutableFile(search.flag)) return { path: search.flag, source: '--browser' };
    return { error: new UserError(`--browser ${search.flag}: not an executable file; name the Chrome or Chromium program, or leave --browser out to let sla find one`), checked: [search.flag] };
  }
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) {
    if (isExecutableFile(fromEnv)) return { path: fromEnv, source: 'PUPPETEER_EXECUTABLE_PATH' };
    return { error: new UserError(`PUPPETEER_EXECUTABLE_PATH=${fromEnv}: not an executable file; fix or unset it`), checked: [fromEnv] };
  }
  const platform = search.platform ?? process.platform;
  const home = search.home ?? env.HOME ?? env.USERPROFILE ?? homedir();
  const cacheDir = env.PUPPETEER_CACHE_DIR ?? join(home, '.cache', 'puppeteer');
  const checked: string[] = [`${cacheDir} (puppeteer's cache)`];
  for (const path of puppeteerCacheBrowsers(cacheDir, platform)) {
    if (isExecutableFile(path)) return { path, source: "puppeteer's cache" };
  }
  for (const path of search.systemPaths ?? systemBrowserPaths(platform, env)) {
    checked.push(path);
    if (isExecutableFile(path)) return { path, source: 'system' };
  }
  return { error: new BrowserNotFoundError(checked), checked };
}

/** Seconds a browser gets to start when neither --browser-timeout nor SLA_BROWSER_TIMEOUT says otherwise. */
export const DEFAULT_BROWSER_TIMEOUT = 30;
const MAX_BROWSER_TIMEOUT = 3600;

/** --browser-timeout, else SLA_BROWSER_TIMEOUT, else 30: seconds, or a one-line usage error (exit 2). */
export function browserTimeout(flag: string | undefined, env: Record<string, string | undefined>): number {
  const [name, raw] = flag !== undefined ? ['--browser-timeout', flag] : env.SLA_BROWSER_TIMEOUT ? ['SLA_BROWSER_TIMEOUT', env.SLA_BROWSER_TIMEOUT] : [undefined, undefined];
  if (raw === undefined) return DEFAULT_BROWSER_TIMEOUT;
  const seconds = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!(seconds >= 0.1 && seconds <= MAX_BROWSER_TIMEOUT)) {
    throw new UserError(`${name} must be a number of seconds from 0.1 to ${MAX_BROWSER_TIMEOUT} (got ${quoted(raw.slice(0, 40))}); the default is ${DEFAULT_BROWSER_TIMEOUT}`);
  }
  return seconds;
}

/** Quoted with every control character escaped: the text may come from anywhere. */
const quoted = (s: string) => JSON.stringify(s).replace(/[\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/**
 * "Chromium 156.0.8078.108", from the program's --version (no browser window, ~50 ms). A program
 * that does not answer within `seconds` is killed with its whole process group: a child it left
 * holding the output open would otherwise keep the answer pending for ever.
 */
export function browserVersion(path: string, seconds = 10): Promise<string | undefined> {
  return new Promise((resolve) => {
    let out = '';
    let done = false;
    const finish = (line: string | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      killGroup(child.pid);
      resolve(line);
    };
    let child: ChildProcess;
    try {
      child = spawn(path, ['--version'], { detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true });
    } catch {
      resolve(undefined);
      return;
    }
    const timer = setTimeout(() => finish(undefined), seconds * 1000);
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (out = (out + d).slice(0, 4096)));
    child.once('error', () => finish(undefined));
    child.once('close', (code) => finish(code === 0 ? out.split('\n').find((l) => /\d+\.\d+/.test(l))?.trim() : undefined));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    /* ended, with everything it started */
  }
}
