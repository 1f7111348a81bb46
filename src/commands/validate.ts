import { colorFor } from '../runtime/color.js';
import { loadSla } from '../core/load/load.js';
import { hasErrors, type FileReport } from '../core/problems.js';
import { validationFormatters } from '../formatters/validation/index.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { printable } from '../core/printable.js';
import { configIgnore, loadConfig } from '../services/config-file.js';
import { expandPaths, gitRoot } from '../services/input-paths.js';
import { announceWritten } from '../services/document-output.js';
import { refuseOutputIntoInput, writeFileAtomic } from '../services/write-file.js';
import { plural } from '../core/text.js';
import { relative, resolve, sep } from 'node:path';
import { readTextInput } from '../services/inputs.js';
import { resolveAsOf } from '../services/load-sla.js';

export interface ValidateOptions {
  format: string;
  strict?: boolean;
  asOf?: string;
  stdinFilename?: string;
  /** --ignore globs, relative to the working folder. */
  ignore?: string[];
  /** --config FILE, --no-config (false), or undefined: the nearest sla.config.yaml. */
  config?: string | boolean;
  /** Errors only: warnings are neither printed nor written (--max-warnings still counts them). */
  quiet?: boolean;
  /** Exit 1 when there are more warnings than this (eslint's --max-warnings). */
  maxWarnings?: string;
  /** Write the report to this file (atomically) instead of standard output. */
  outputFile?: string;
  color?: boolean;
}

export async function validateCommand(paths: string[], options: ValidateOptions, io: Io): Promise<number> {
  const format = validationFormatters[options.format];
  if (!format) throw new UserError(`--format must be one of ${Object.keys(validationFormatters).join(', ')} (got "${options.format}")`);
  if (paths.length === 0) throw new UserError('name the SLA files to validate: sla validate sla.yaml, a directory, a glob such as "slas/**/*.yaml", or - for standard input');
  const asOf = resolveAsOf(options.asOf);
  const maxWarnings = options.maxWarnings === undefined ? undefined : Number(options.maxWarnings);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) throw new UserError(`--max-warnings must be a whole number, 0 or more (got "${options.maxWarnings}")`);
  const config = await loadConfig(io, options.config);
  const severities = config?.config.rules ?? {};
  const files = await expandPaths(paths, io, { ignore: [{ base: io.cwd, patterns: options.ignore ?? [] }, ...configIgnore(config)] });
  const strict = options.strict === true;
  const reports: FileReport[] = [];
  const progress = progressLine(io, files.length);
  try {
    for (const [i, path] of files.entries()) {
      progress.update(i + 1, path);
      const { file, text } = await readTextInput(path, io, options.stdinFilename);
      // Only the file name, the verdict and the problems are kept: memory grows with problems, not files.
      const loaded = loadSla(text, file, { asOf }, severities);
      // A stale signature says what changed since, when git history has the signed text.
      // Loaded only then: it brings git, the diff and its words, which a clean run never needs.
      const stale = loaded.sla !== undefined && loaded.problems.some((p) => p.rule === 'rule/signatures');
      const problems = stale ? await (await import('../services/signature-history.js')).explainStaleSignatures(path, loaded.sla!, loaded.problems, io) : loaded.problems;
      reports.push({ file: loaded.file, problems, valid: !hasErrors(problems) && !(strict && problems.length > 0) });
    }
  } finally {
    progress.done();
  }
  const warnings = reports.reduce((n, r) => n + r.problems.filter((p) => p.severity === 'warning').length, 0);
  const shown = options.quiet ? reports.map((r) => ({ ...r, problems: r.problems.filter((p) => p.severity === 'error') })) : reports;
  const result = { valid: reports.every((r) => r.valid), files: shown };
  const root = gitRoot(io.cwd) ?? io.cwd;
  const uriOf = (file: string) => (file.startsWith('<') ? file : relative(root, resolve(io.cwd, file)).split(sep).join('/'));
  if (options.outputFile !== undefined) {
    // A CI report is rewritten on every run, but never over an agreement it read.
    const target = resolve(io.cwd, options.outputFile);
    refuseOutputIntoInput([target], files.filter((f) => f !== '-').map((f) => resolve(io.cwd, f)), (p) => relative(io.cwd, p) || p);
    await writeFileAtomic(target, format(result, { color: colorFor(io, io.stdout, false), strict, uriOf }), { force: true });
    announceWritten(io, [target], options.quiet, (p) => relative(io.cwd, p) || p);
  } else {
    io.stdout.write(format(result, { color: colorFor(io, io.stdout, options.color ?? true), strict, uriOf }));
  }
  if (maxWarnings !== undefined && warnings > maxWarnings) {
    io.stderr.write(`sla: ${plural(warnings, 'warning')} found, more than --max-warnings ${maxWarnings} allows\n`);
    return EXIT_FINDINGS;
  }
  return result.valid ? EXIT_OK : EXIT_FINDINGS;
}

/**
 * `sla: [120/5000] path` on a terminal's stderr, rewritten in place at most ten times a second and
 * erased at the end; nothing when stderr is a pipe or a file (CI logs), or for a single file.
 * Same form as the lines `sla render` prints per document.
 */
function progressLine(io: Io, total: number): { update(n: number, file: string): void; done(): void } {
  if (io.stderr.isTTY !== true || total < 2) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(n, file) {
      const now = Date.now();
      if (now - last < 100 && n < total) return;
      last = now;
      shown = true;
      const width = (io.stderr as { columns?: number }).columns ?? 80;
      io.stderr.write(`\r\x1b[2K${`sla: [${n}/${total}] ${printable(file)}`.slice(0, width - 1)}`); // one row: never wraps
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}
