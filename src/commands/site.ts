// `sla site`: every agreement in one static folder: an index, a teams page with the graph, one page
// per agreement (render's HTML), the latest report where metrics are configured, PDFs on request.
// Incremental: DIR/.sla-site.json keeps a hash of each page's content, and a page whose hash is
// unchanged (and whose file is still there) is not written again.
import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { buildCatalog, type CatalogInput } from '../core/catalog/catalog.js';
import { printable } from '../core/printable.js';
import type { Sla } from '../core/model.js';
import type { CheckResult } from '../core/check/types.js';
import { cutList, plural, pluralWord } from '../core/text.js';
import { pdfDocumentFor, renderAgreement } from '../render/agreement.js';
import { browserTimeout, findBrowser } from '../render/browser.js';
import { markGenerated } from '../render/generator-mark.js';
import { launchPdfRenderer, type Paper, type PdfRenderer } from '../render/pdf.js';
import { sourceDateEpoch } from '../render/pdf-info.js';
import { teamsGraphSvg } from '../render/site-graph.js';
import { buildSiteView, teamAnchor } from '../render/site-view.js';
import { createTemplateEnvironment } from '../render/templates.js';
import { buildReportView, MAX_REPORT_RESULTS } from '../report/view-model.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { configIgnore, configPath, documentDefaults, loadConfig, type LoadedConfig } from '../services/config-file.js';
import { announceWritten, existingOutputs, readStylesheet } from '../services/document-output.js';
import { evaluateMetrics } from '../services/evaluate-metrics.js';
import { expandPaths } from '../services/input-paths.js';
import { loadValidSla, resolveAsOf } from '../services/load-sla.js';
import { tell } from '../services/tell.js';
import { writtenBySla } from '../services/written-by-sla.js';
import { refuseOutputIntoInput, writeFileAtomic } from '../services/write-file.js';
import { openPageCache, renderRemembering } from '../services/page-cache.js';

export interface SiteOptions {
  output?: string;
  pdf?: boolean;
  force?: boolean;
  asOf?: string;
  paper?: string;
  css?: string;
  template?: string;
  browser?: string;
  browserTimeout?: string;
  quiet?: boolean;
  ignore?: string[];
  config?: string | boolean;
  color?: boolean;
  allowOutside?: boolean;
}

export interface SiteInternals {
  systemBrowserPaths?: string[];
}

export const MANIFEST = '.sla-site.json';
const MANIFEST_VERSION = 1;

interface Page {
  /** Relative to the site folder, forward slashes. */
  path: string;
  hash: string;
  /** Produces the bytes to write: deferred, so an unchanged PDF is never printed. */
  data: () => Promise<string | Uint8Array>;
}

const sha256 = (...parts: string[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\0');
  return h.digest('hex');
};

/** A file name from an agreement id (ids are slugs already; this only guards the path). */
const slug = (id: string) => id.replace(/[^A-Za-z0-9._-]/g, '-').replace(/^\.+/, '_') || '_';

export async function siteCommand(paths: string[], given: SiteOptions, io: Io, internals: SiteInternals = {}): Promise<number> {
  const config = await loadConfig(io, given.config);
  // A flag beats the config file's site section (its paths relative to the config file).
  const site = config?.config.site;
  const options = {
    ...documentDefaults(given, config, io),
    output: given.output ?? (site?.output !== undefined ? configPath(config!, site.output, io) : undefined),
    pdf: given.pdf ?? site?.pdf,
  };
  if (paths.length === 0 && site?.paths !== undefined) paths = site.paths.map((p) => configPath(config!, p, io));
  if (options.output === undefined) throw new UserError('name the folder to write the site into: sla site examples -o site, or site.output in sla.config.yaml');
  const asOf = resolveAsOf(options.asOf);
  const paper = (options.paper ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') throw new UserError(`--paper must be a4 or letter (got "${options.paper}")`);
  const outDir = resolve(io.cwd, options.output);
  const browserPath = options.pdf ? findBrowser({ flag: options.browser !== undefined ? resolve(io.cwd, options.browser) : undefined, env: io.env, ...(internals.systemBrowserPaths ? { systemPaths: internals.systemBrowserPaths } : {}) }).path : undefined;

  const files = await expandPaths(paths.length > 0 ? paths : ['.'], io, { ignore: [{ base: io.cwd, patterns: options.ignore ?? [] }, ...configIgnore(config), { base: io.cwd, patterns: [`${relative(io.cwd, outDir) || '.'}/**`] }] });
  if (files.includes('-')) throw new UserError('sla site reads agreements from files and folders, not standard input');
  if (files.length === 0) throw new UserError(`no agreements found in ${paths.join(', ') || '.'}; name the files or folders that hold them`);

  // Every agreement is loaded (and measured) before anything is written.
  const loaded: (CatalogInput & { input: string })[] = [];
  let invalid = 0;
  const metricsInputs: string[] = [];
  for (const input of files) {
    let sla: Sla;
    let file: string;
    try {
      ({ sla, file } = await loadValidSla(input, io, { asOf, color: options.color, severities: config?.config.rules }));
    } catch (err) {
      if (!(err instanceof UserError) || err.exitCode !== EXIT_FINDINGS) throw err;
      tell(io, err.message);
      invalid++;
      continue;
    }
    const csv = metricsOf(input, config, io);
    let check: CheckResult | undefined;
    if (csv !== undefined) {
      metricsInputs.push(resolve(io.cwd, csv));
      const allowMissing = config?.config.check?.['allow-missing'];
      check = (await evaluateMetrics(input, csv, { asOf, allowMissing, source: config?.config.check?.source, severities: config?.config.rules, allowOutside: options.allowOutside, limit: { results: MAX_REPORT_RESULTS, by: 'a report charts and tabulates' } }, io)).result;
    }
    loaded.push({ input, sla, file: file.split('\\').join('/'), ...(check ? { check } : {}) });
  }
  if (invalid > 0) {
    tell(io, `no site was written: ${invalid} of ${files.length} SLA files ${pluralWord(invalid, 'is', 'are')} not valid`);
    return EXIT_FINDINGS;
  }
  const seen = new Map<string, string>();
  for (const l of loaded) {
    const key = slug(l.sla.id);
    const other = seen.get(key);
    if (other !== undefined) throw new UserError(`${l.file}: id "${l.sla.id}" is also the id of ${other}; every agreement in a site needs its own id`);
    seen.set(key, l.file);
  }

  const html = createTemplateEnvironment({ format: 'html', overrideDir: options.template !== undefined ? resolve(io.cwd, options.template) : undefined, cwd: io.cwd, allowOutside: options.allowOutside });
  const agreementCss = (await readStylesheet(options.css, html, io, ['agreement.css'])).replace(/<\/style/gi, '<\\/style');
  const reportCss = (await readStylesheet(options.css, html, io, ['agreement.css', 'report.css'])).replace(/<\/style/gi, '<\\/style');
  const siteCss = html.readAsset('site.css').text.replace(/<\/style/gi, '<\\/style');

  const pagePath = (id: string) => `agreements/${slug(id)}.html`;
  const pdfPath = (id: string) => `agreements/${slug(id)}.pdf`;
  const reportPath = (id: string) => `reports/${slug(id)}.html`;
  const measured = new Set(loaded.filter((l) => l.check).map((l) => l.sla.id));
  const catalog = buildCatalog(loaded, asOf);
  const view = buildSiteView(catalog, { page: pagePath, pdf: (id) => (options.pdf ? pdfPath(id) : undefined), report: (id) => (measured.has(id) ? reportPath(id) : undefined) });

  const pages: Page[] = [];
  const text = (path: string, content: string): Page => ({ path, hash: sha256('html', content), data: async () => markGenerated(content, 'html') });
  pages.push(text('index.html', html.render('site-index', { ...view, stylesheet: siteCss })));
  const graph = teamsGraphSvg(catalog, (id) => `#${teamAnchor(id)}`);
  pages.push(text('teams.html', html.render('site-teams', { ...view, graph, stylesheet: siteCss })));

  let renderer: Promise<PdfRenderer> | undefined;
  const date = options.pdf ? sourceDateEpoch(io.env) : undefined;
  const pageCache = options.pdf ? openPageCache(io.env) : undefined;
  const getRenderer = () => (renderer ??= launchPdfRenderer({ executablePath: browserPath!, timeoutSeconds: browserTimeout(options.browserTimeout, io.env), notice: (l) => io.stderr.write(printable(l) + '\n') }));
  for (const l of loaded) {
    const id = l.sla.id;
    const links = [`<a href="../index.html">All agreements</a>`, `<a href="../teams.html">Teams</a>`, ...(options.pdf ? [`<a href="${slug(id)}.pdf">PDF</a>`] : []), ...(l.check ? [`<a href="../${reportPath(id)}">Latest report</a>`] : [])];
    const agreement = withNav(renderAgreement(l.sla, html, agreementCss), links);
    pages.push(text(pagePath(id), agreement));
    if (options.pdf) {
      const sla = l.sla;
      // The PDF is the plain agreement (no site links), printed only when its HTML changed.
      const plain = renderAgreement(sla, html, agreementCss, 'placeholder');
      pages.push({
        path: pdfPath(id),
        hash: sha256('pdf', paper, plain),
        data: async () => {
          const { pdf, blocked } = await renderRemembering(await getRenderer(), { ...pdfDocumentFor(sla, plain, paper as Paper, date), paginate: (p) => renderAgreement(sla, html, agreementCss, p) }, pageCache);
          if (blocked.length > 0) tell(io, `${l.file}: the page asked for ${plural(blocked.length, 'network resource')}, refused (rendering is offline): ${cutList(blocked, 5, '...').join(', ')}`);
          return pdf;
        },
      });
    }
    if (l.check) {
      const { buildReportCharts } = await import('../report/charts.js');
      const { charts } = buildReportCharts(l.sla, l.check, { format: 'html', inline: true, chartDir: '' });
      const report = html.render('report', { ...buildReportView({ sla: l.sla, result: l.check, asOf, charts }), stylesheet: reportCss });
      pages.push(text(reportPath(id), withNav(report, [`<a href="../index.html">All agreements</a>`, `<a href="../${pagePath(id)}">The agreement</a>`])));
    }
  }

  // No page may replace an agreement or a metrics file (-o pointing into the inputs' folder).
  refuseOutputIntoInput([...pages.map((p) => join(outDir, p.path)), join(outDir, MANIFEST)], [...files.map((f) => resolve(io.cwd, f)), ...metricsInputs], (p) => shown(p, io));
  // Incremental: what the last run wrote, by hash.
  const manifestFile = join(outDir, MANIFEST);
  const before = await readManifest(manifestFile);
  const todo: Page[] = [];
  let unchanged = 0;
  for (const p of pages) {
    const full = join(outDir, p.path);
    if (before.get(p.path) === p.hash && (await writtenBySla(full))) unchanged++;
    else todo.push(p);
  }
  const replaceable = await existingOutputs(todo.map((p) => join(outDir, p.path)), options.force, (p) => shown(p, io), 'remove it or choose another -o folder');
  const written: string[] = [];
  try {
    for (const p of todo) {
      const full = join(outDir, p.path);
      await writeFileAtomic(full, await p.data(), { force: options.force === true || replaceable.has(full) });
      written.push(full);
    }
  } finally {
    if (renderer) await (await renderer.catch(() => undefined))?.close();
  }
  // Pages of agreements no longer in the catalog go, when sla wrote them.
  const current = new Set(pages.map((p) => p.path));
  const removed: string[] = [];
  for (const old of before.keys()) {
    const full = join(outDir, old);
    if (current.has(old) || !isInside(outDir, full) || !(await writtenBySla(full))) continue;
    await rm(full, { force: true });
    removed.push(old);
  }
  const manifest = { 'sla-site': MANIFEST_VERSION, pages: Object.fromEntries(pages.map((p) => [p.path, p.hash])) };
  await writeFileAtomic(manifestFile, JSON.stringify(manifest, null, 2) + '\n', { force: true });
  announceWritten(io, written, options.quiet, (p) => shown(p, io));
  if (!options.quiet) {
    if (unchanged > 0) tell(io, `${plural(unchanged, 'page')} unchanged in ${shown(outDir, io)}`);
    if (removed.length > 0) tell(io, `removed ${removed.length} ${pluralWord(removed.length, 'page', 'pages')} of agreements no longer there (${cutList(removed, 3, '...').join(', ')})`);
  }
  return EXIT_OK;
}

/** The links back to the catalog, first in the body, styled inline (the agreement's stylesheet is its own). */
function withNav(page: string, links: string[]): string {
  const nav = `<nav class="sitenav" aria-label="Catalog" style="background:#f2f4f7;padding:0.5rem 1rem;font:14px system-ui,sans-serif;display:flex;gap:1rem">${links.join('')}</nav>`;
  const body = /<body(\s[^>]*)?>/i.exec(page);
  if (!body) return nav + page;
  const at = body.index + body[0].length;
  return `${page.slice(0, at)}\n${nav}${page.slice(at)}`;
}

/** The metrics CSV config's check.metrics maps this agreement to, if any. */
function metricsOf(slaPath: string, loaded: LoadedConfig | undefined, io: Io): string | undefined {
  const map = loaded?.config.check?.metrics ?? {};
  const target = resolve(io.cwd, slaPath);
  for (const [sla, csv] of Object.entries(map)) if (resolve(loaded!.dir, sla) === target) return configPath(loaded!, csv, io);
  return undefined;
}

async function readManifest(file: string): Promise<Map<string, string>> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as { 'sla-site'?: unknown; pages?: Record<string, unknown> };
    if (parsed['sla-site'] !== MANIFEST_VERSION || typeof parsed.pages !== 'object' || parsed.pages === null) return new Map();
    return new Map(Object.entries(parsed.pages).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    // No manifest (first run) or a damaged one: every page is written.
    return new Map();
  }
}

const isInside = (dir: string, file: string) => {
  const rel = relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !resolve(file).includes('\0');
};

const shown = (file: string, io: Io) => {
  const rel = relative(io.cwd, file);
  return rel.startsWith('..') || rel === '' ? file : rel;
};
