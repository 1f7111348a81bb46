// `sla doctor`: which browser `sla render --format pdf` would use, and whether it starts.
import { VERSION } from '../core/product.js';
import { printable as p, printableJson } from '../core/printable.js';
import { colorFor } from '../runtime/color.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { browserTimeout, browserVersion, INSTALL_HINT, searchBrowser } from '../render/browser.js';
import { builtinTemplatesDir } from '../render/template-dir.js';

export interface DoctorOptions {
  format?: string;
  browser?: string;
  /** Seconds the browser may take to answer --version and to start (--browser-timeout). */
  browserTimeout?: string;
  /** Only find the browser; do not start it. */
  launch?: boolean;
  color?: boolean;
}

export interface DoctorReport {
  sla: string;
  node: string;
  platform: string;
  templates: string | null;
  browser: {
    found: boolean;
    path: string | null;
    source: string | null;
    version: string | null;
    /** null when not tried. */
    launch: { ok: boolean; seconds: number; sandbox: boolean; error: string | null } | null;
    problem: string | null;
    checked: string[];
  };
  ready: boolean;
}

export async function doctorCommand(options: DoctorOptions, io: Io, internals: { systemBrowserPaths?: string[] } = {}): Promise<number> {
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UserError(`--format must be text or json (got "${format}")`);
  const report = await diagnose(options, io, internals);
  if (format === 'json') io.stdout.write(printableJson(report) + '\n');
  else io.stdout.write(formatReport(report, colorFor(io, io.stdout, options.color ?? true)));
  return report.ready ? EXIT_OK : EXIT_FINDINGS;
}

async function diagnose(options: DoctorOptions, io: Io, internals: { systemBrowserPaths?: string[] }): Promise<DoctorReport> {
  let templates: string | null = null;
  try {
    templates = builtinTemplatesDir();
  } catch {
    templates = null;
  }
  const timeoutSeconds = browserTimeout(options.browserTimeout, io.env);
  const found = searchBrowser({ flag: options.browser, env: io.env, ...(internals.systemBrowserPaths ? { systemPaths: internals.systemBrowserPaths } : {}) });
  const browser: DoctorReport['browser'] = { found: false, path: null, source: null, version: null, launch: null, problem: null, checked: [] };
  if ('error' in found) {
    browser.problem = found.error.message;
    browser.checked = found.checked;
  } else {
    browser.found = true;
    browser.path = found.path;
    browser.source = found.source;
    browser.version = (await browserVersion(found.path, Math.min(10, timeoutSeconds))) ?? null;
    if (options.launch !== false) {
      const started = Date.now();
      let sandbox = true;
      try {
        const { launchPdfRenderer } = await import('../render/pdf.js');
        const renderer = await launchPdfRenderer({ executablePath: found.path, timeoutSeconds, notice: () => (sandbox = false) });
        browser.version ??= renderer.version;
        await renderer.close();
        browser.launch = { ok: true, seconds: round((Date.now() - started) / 1000), sandbox, error: null };
      } catch (err) {
        browser.launch = { ok: false, seconds: round((Date.now() - started) / 1000), sandbox, error: err instanceof Error ? err.message : String(err) };
        browser.problem = browser.launch.error;
      }
    }
  }
  return {
    sla: VERSION,
    node: process.versions.node,
    platform: `${process.platform} ${process.arch}`,
    templates,
    browser,
    ready: browser.found && templates !== null && (browser.launch === null || browser.launch.ok),
  };
}

const round = (n: number) => Math.round(n * 100) / 100;

function formatReport(r: DoctorReport, c: ReturnType<typeof colorFor>): string {
  const lines: string[] = [];
  const row = (label: string, value: string) => lines.push(`${c.dim(label.padEnd(10))} ${value}`);
  row('sla', `${r.sla} on Node ${r.node} (${r.platform})`);
  row('templates', r.templates ?? c.red('missing: reinstall sla'));
  const b = r.browser;
  if (b.found) {
    row('browser', `${p(b.path ?? '')} (${b.source === 'system' ? 'found on the system' : `from ${b.source}`})`);
    row('version', b.version === null ? 'unknown (it did not answer --version)' : p(b.version)); // the program's own output
    if (b.launch) {
      row('launch', b.launch.ok ? `${c.green('ok')} in ${b.launch.seconds} s${b.launch.sandbox ? '' : ' (without the sandbox: running as root)'}` : c.red(`failed: ${p(b.launch.error ?? '')}`));
    }
  } else {
    row('browser', c.red('none found'));
    row('problem', p(b.problem ?? ''));
    if (b.checked.length > 0) row('checked', b.checked.map(p).join('\n' + ' '.repeat(11)));
  }
  lines.push('');
  lines.push(r.ready
    ? `PDF output is ready: sla render --format pdf uses ${p(b.path ?? '')}.`
    : b.found ? 'PDF output is not ready: the browser was found but does not start (see above).' : `PDF output is not ready: ${INSTALL_HINT}.`);
  return lines.join('\n') + '\n';
}
