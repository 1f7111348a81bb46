// `sla render`: argument handling and I/O around src/render/.
import { watch, type FSWatcher } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { cutList, plural, pluralWord } from '../core/text.js';
import { pdfDocumentFor, renderAgreement } from '../render/agreement.js';
import { browserTimeout, findBrowser, type BrowserSearch } from '../render/browser.js';
import { launchPdfRenderer, type LaunchPdf, type Paper, type PdfRenderer } from '../render/pdf.js';
import { sourceDateEpoch } from '../render/pdf-info.js';
import { createTemplateEnvironment } from '../render/templates.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { announceWritten, existingOutputs, readStylesheet, resolveDocumentFormat, styleInputs, type DocumentFormat } from '../services/document-output.js';
import { markGenerated } from '../render/generator-mark.js';
import { tell } from '../services/tell.js';
import { printable } from '../core/printable.js';
import { loadValidSla, type SlaInput } from '../services/load-sla.js';
import { checkSlaReferences } from '../services/sla-files.js';
import { configIgnore, documentDefaults, loadConfig } from '../services/config-file.js';
import { expandPaths } from '../services/input-paths.js';
import { outputKind, refuseOutputIntoInput, writeFileAtomic } from '../services/write-file.js';
import { openPageCache, renderRemembering } from '../services/page-cache.js';

export type RenderFormat = DocumentFormat;

export interface RenderOptions {
  format?: string;
  output?: string;
  outDir?: string;
  template?: string;
  css?: string;
  paper?: string;
  browser?: string;
  /** Seconds the browser may take to start (--browser-timeout). */
  browserTimeout?: string;
  watch?: boolean;
  force?: boolean;
  /** No progress and no "wrote" line on stderr. */
  quiet?: boolean;
  stdinFilename?: string;
  /** --ignore globs, relative to the working folder. */
  ignore?: string[];
  /** --config FILE, --no-config (false), or undefined: the nearest sla.config.yaml. */
  config?: string | boolean;
  color?: boolean;
  allowOutside?: boolean;
}

/** Seams for tests: where to look for system browsers, and a way to stop --watch. */
export interface RenderInternals {
  systemBrowserPaths?: string[];
  signal?: AbortSignal;
  /** Called after each --watch pass (tests wait on it). */
  onPass?: () => void;
  /** Starts the browser (default launchPdfRenderer); the PDF tests share one browser between commands. */
  launchPdf?: LaunchPdf;
}

// Documents printed at once: one more than the cores, at most 3. A document waits on the browser
// (navigation, print) and on Node (templating, post-processing) in turn, so on 2 cores a third
// document fills the gaps: measured 3 against 2 on 20 documents, less CPU in every interleaved
// round and no slower (docs/benchmarks.md).
const PDF_CONCURRENCY = Math.max(2, Math.min(3, availableParallelism() + 1));

export async function renderCommand(paths: string[], given: RenderOptions, io: Io, internals: RenderInternals = {}): Promise<number> {
  const config = await loadConfig(io, given.config);
  const options = documentDefaults(given, config, io); // a flag beats the config file
  const folderHint = options.output !== undefined ? `to write into it, use --out-dir ${options.output}` : 'remove it or choose another --out-dir';
  // A device or a pipe (-o /dev/null) has no extension to go by; a folder as -o is named as such first.
  const streamed = options.output !== undefined && outputKind(resolve(io.cwd, options.output), folderHint) === 'stream';
  const format = resolveDocumentFormat(options.format, streamed ? undefined : options.output);
  const paper = (options.paper ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') throw new UserError(`--paper must be a4 or letter (got "${options.paper}")`);
  if (paths.length === 0) throw new UserError('name the SLA files to render: sla render sla.yaml, a directory, a glob, or - for standard input');
  if (options.output !== undefined && options.outDir !== undefined) throw new UserError('give either -o FILE or --out-dir DIR, not both');
  const inputs = await expandPaths(paths, io, { ignore: [{ base: io.cwd, patterns: options.ignore ?? [] }, ...configIgnore(config)] });
  if (options.output !== undefined && inputs.length > 1) throw new UserError(`-o names one file but there are ${inputs.length} inputs; use --out-dir DIR to write one file per input`);
  const toStdout = options.output === undefined && options.outDir === undefined;
  if (toStdout && format === 'pdf') throw new UserError('a PDF needs a file: add -o agreement.pdf (or --out-dir DIR for several inputs)');
  if (toStdout && inputs.length > 1) throw new UserError(`${inputs.length} inputs need --out-dir DIR (one file each); only one input can go to standard output`);
  if (options.watch && toStdout) throw new UserError('--watch needs -o FILE or --out-dir DIR, so there is a file to keep up to date');
  if (options.watch && inputs.includes('-')) throw new UserError('--watch cannot watch standard input; name the SLA file');
  const date = format === 'pdf' ? sourceDateEpoch(io.env) : undefined;
  const pageCache = format === 'pdf' ? openPageCache(io.env) : undefined;

  // Found before anything is rendered, so a missing browser costs nothing and writes nothing.
  const browserPath = format === 'pdf' ? findBrowser(browserSearch(options, io, internals)).path : undefined;
  const timeoutSeconds = format === 'pdf' ? browserTimeout(options.browserTimeout, io.env) : undefined;
  const targets = new Map(inputs.map((input) => [input, outputFor(input, inputs, format, options, io)]));
  refuseOutputIntoInput(
    [...targets.values()].filter((t) => t !== undefined).map((t) => resolve(io.cwd, t)),
    [...inputs.filter((i) => i !== '-').map((i) => resolve(io.cwd, i)), ...styleInputs(options, io)],
    (p) => shown(p, io),
  );
  const created = new Set<string>();
  // One browser for the whole command, launched on first use (concurrent callers share the launch).
  let renderer: Promise<PdfRenderer> | undefined;
  const getRenderer = () => {
    renderer ??= (internals.launchPdf ?? launchPdfRenderer)({ executablePath: browserPath!, timeoutSeconds, notice: (l) => io.stderr.write(printable(l) + '\n') });
    return renderer;
  };
  // The browser starts now, while the agreements are read and their HTML written: its start-up
  // (~0.6 s, mostly in other processes) overlaps Node's work instead of following it. A launch that
  // fails is reported where the first PDF needs it; an input error first closes the browser unused.
  if (format === 'pdf') getRenderer().catch(() => undefined);

  const pass = async (): Promise<number> => {
    const todo = inputs;
    // Every input is checked before anything is written: one invalid SLA means no output at all.
    const loaded: Pick<SlaInput, 'file' | 'sla'>[] = [];
    const referenced: string[] = [];
    let invalid = 0;
    for (const input of todo) {
      try {
        const one = await loadValidSla(input, io, { stdinFilename: options.stdinFilename, color: options.color, severities: config?.config.rules });
        referenced.push(...checkSlaReferences(input, one.file, one.sla, io, { allowOutside: options.allowOutside }));
        // Only the model is kept: the parsed YAML behind each report would make memory grow with the batch.
        loaded.push({ file: one.file, sla: one.sla });
      } catch (err) {
        if (!(err instanceof UserError) || err.exitCode !== EXIT_FINDINGS) throw err;
        tell(io, err.message);
        invalid++;
      }
    }
    if (invalid > 0) {
      tell(io, `nothing was rendered: ${invalid} of ${todo.length} SLA files ${pluralWord(invalid, 'is', 'are')} not valid`);
      return EXIT_FINDINGS;
    }
    // Files the agreements name (a holiday calendar) are inputs too.
    refuseOutputIntoInput([...targets.values()].filter((t) => t !== undefined).map((t) => resolve(io.cwd, t)), referenced, (p) => shown(p, io));
    const env = createTemplateEnvironment({ format: format === 'md' ? 'md' : 'html', overrideDir: options.template !== undefined ? resolve(io.cwd, options.template) : undefined, cwd: io.cwd, allowOutside: options.allowOutside });
    const stylesheet = format === 'md' ? '' : await readStylesheet(options.css, env, io, ['agreement.css']);
    // A PDF is printed first with a placeholder where each contents entry's page number goes.
    const texts = loaded.map((input) => ({ input, text: renderAgreement(input.sla, env, stylesheet, format === 'pdf' ? 'placeholder' : undefined) }));

    const jobs = texts.map(({ input, text }, i) => ({ input, text, target: targets.get(todo[i]!) })); // all loaded: texts[i] is todo[i]
    // Refuse before rendering anything, rather than after writing half of the files.
    const pending = jobs.flatMap((j) => (j.target !== undefined && !created.has(resolve(io.cwd, j.target)) ? [resolve(io.cwd, j.target)] : []));
    const replaceable = await existingOutputs(pending, options.force, (p) => shown(p, io), folderHint);
    const written: string[] = [];
    const progress = jobs.length > 1;
    let started = 0;
    let failed = false;
    const renderOne = async (job: (typeof jobs)[number]) => {
      if (job.target === undefined) {
        io.stdout.write(job.text);
        return;
      }
      if (progress && !options.quiet) tell(io, `[${++started}/${jobs.length}] ${job.input.file} → ${job.target}`);
      // A file carries the generator mark, so rendering again may replace it (a PDF's is in its properties).
      let data: string | Uint8Array = format === 'pdf' ? job.text : markGenerated(job.text, format);
      if (format === 'pdf') {
        const doc = { ...pdfDocumentFor(job.input.sla, job.text, paper as Paper, date), paginate: (pages: ReadonlyMap<string, number>) => renderAgreement(job.input.sla, env, stylesheet, pages) };
        const { pdf, blocked } = await renderRemembering(await getRenderer(), doc, pageCache);
        data = pdf;
        if (blocked.length > 0) tell(io, `${job.input.file}: the page asked for ${plural(blocked.length, 'network resource')}, refused (rendering is offline): ${cutList(blocked, 5, '...').join(', ')}`);
      }
      const full = resolve(io.cwd, job.target);
      await writeFileAtomic(full, data, { force: options.force === true || created.has(full) || replaceable.has(full), folderHint });
      created.add(full);
      written.push(full);
    };
    // Several documents at a time keep both the browser and Node busy; output order and atomic writes do not depend on it.
    const queue = [...jobs];
    const workers = Array.from({ length: format === 'pdf' ? Math.min(PDF_CONCURRENCY, jobs.length) : 1 }, async () => {
      for (let job = queue.shift(); job !== undefined && !failed; job = queue.shift()) {
        try {
          await renderOne(job);
        } catch (err) {
          failed = true;
          throw err;
        }
      }
    });
    // Wait for both workers before reporting, so the browser is never closed under a page still printing.
    const failure = (await Promise.allSettled(workers)).find((r) => r.status === 'rejected');
    if (failure) throw (failure as PromiseRejectedResult).reason;
    announceWritten(io, written, options.quiet, (p) => shown(p, io));
    return EXIT_OK;
  };

  try {
    const code = await pass();
    if (!options.watch) return code;
    return await watchAndRender(inputs, options, io, internals, pass);
  } finally {
    if (renderer) await (await renderer.catch(() => undefined))?.close();
  }
}

function browserSearch(options: RenderOptions, io: Io, internals: RenderInternals): BrowserSearch {
  return {
    flag: options.browser !== undefined ? resolve(io.cwd, options.browser) : undefined,
    env: io.env,
    ...(internals.systemBrowserPaths ? { systemPaths: internals.systemBrowserPaths } : {}),
  };
}

/**
 * Where an input's output goes: -o, or --out-dir with the inputs' folders mirrored below their
 * common folder (two inputs both called sla.yaml do not overwrite each other), or stdout.
 */
function outputFor(input: string, inputs: string[], format: RenderFormat, options: RenderOptions, io: Io): string | undefined {
  if (options.output !== undefined) return options.output;
  if (options.outDir === undefined) return undefined;
  const ext = `.${format}`;
  if (input === '-') return join(options.outDir, `${stem(options.stdinFilename ?? 'stdin')}${ext}`);
  const files = inputs.filter((i) => i !== '-').map((i) => resolve(io.cwd, i));
  const base = commonDir(files);
  const rel = relative(base, resolve(io.cwd, input));
  return join(options.outDir, dirname(rel), `${stem(rel)}${ext}`);
}

const shown = (file: string, io: Io) => {
  const rel = relative(io.cwd, file);
  return rel.startsWith('..') || rel === '' ? file : rel;
};

const stem = (file: string) => basename(file).replace(/\.(ya?ml|json)$/i, '');

function commonDir(files: string[]): string {
  if (files.length === 0) return '';
  let parts = dirname(files[0]!).split(sep);
  for (const f of files.slice(1)) {
    const other = dirname(f).split(sep);
    let i = 0;
    while (i < parts.length && i < other.length && parts[i] === other[i]) i++;
    parts = parts.slice(0, i);
  }
  return parts.join(sep) || sep;
}

/**
 * --watch: re-render when an SLA, a template or the stylesheet changes, keeping the browser open.
 * Folders are watched rather than files, because editors save by replacing the file.
 */
async function watchAndRender(inputs: string[], options: RenderOptions, io: Io, internals: RenderInternals, pass: () => Promise<number>): Promise<number> {
  const files = new Set(inputs.map((i) => resolve(io.cwd, i)));
  const dirs = new Set([...files].map((f) => dirname(f)));
  const templateDir = options.template !== undefined ? resolve(io.cwd, options.template) : undefined;
  if (templateDir) dirs.add(templateDir);
  const css = options.css !== undefined ? resolve(io.cwd, options.css) : undefined;
  if (css) {
    files.add(css);
    dirs.add(dirname(css));
  }
  const watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let running = Promise.resolve();
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        try {
          await pass();
        } catch (err) {
          // A broken template or an unreadable file is reported and the watch goes on.
          tell(io, err instanceof Error ? err.message : String(err));
        }
        internals.onPass?.();
      });
    }, 150);
  };
  for (const dir of dirs) {
    try {
      watchers.push(watch(dir, (_event, name) => {
        if (name === null) return schedule();
        const full = join(dir, name.toString());
        if (files.has(full) || (templateDir !== undefined && dir === templateDir)) schedule();
      }));
    } catch (err) {
      throw new UserError(`--watch: cannot watch ${dir} (${(err as Error).message})`);
    }
  }
  io.stderr.write('sla: watching for changes; press Ctrl-C to stop\n');
  internals.onPass?.();
  await new Promise<void>((done) => {
    const stop = () => done();
    internals.signal?.addEventListener('abort', stop, { once: true });
    if (!internals.signal) {
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }
  });
  clearTimeout(timer);
  for (const w of watchers) w.close();
  await running;
  return EXIT_OK;
}
