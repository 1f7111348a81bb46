import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { colorFor } from '../color.js';
import { loadSla } from '../core/load.js';
import { hasErrors, type FileReport } from '../core/problems.js';
import { validationFormatters } from '../formatters/validation/index.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../io.js';
import { readTextInput } from './inputs.js';
import { resolveAsOf } from './load-sla.js';

export interface ValidateOptions {
  format: string;
  strict?: boolean;
  asOf?: string;
  stdinFilename?: string;
  color?: boolean;
}

export async function validateCommand(paths: string[], options: ValidateOptions, io: Io): Promise<number> {
  const format = validationFormatters[options.format];
  if (!format) throw new UserError(`--format must be one of ${Object.keys(validationFormatters).join(', ')} (got "${options.format}")`);
  if (paths.length === 0) throw new UserError('name the SLA files to validate: sla validate sla.yaml, a directory, a glob such as "slas/**/*.yaml", or - for standard input');
  const asOf = resolveAsOf(options.asOf);
  const files = await expandPaths(paths, io);
  const strict = options.strict === true;
  const reports: FileReport[] = [];
  const progress = progressLine(io, files.length);
  try {
    for (const [i, path] of files.entries()) {
      progress.update(i + 1, path);
      const { file, text } = await readTextInput(path, io, options.stdinFilename);
      // Only the file name, the verdict and the problems are kept: memory grows with problems, not files.
      const { file: name, problems } = loadSla(text, file, { asOf });
      reports.push({ file: name, problems, valid: !hasErrors(problems) && !(strict && problems.length > 0) });
    }
  } finally {
    progress.done();
  }
  const result = { valid: reports.every((r) => r.valid), files: reports };
  io.stdout.write(format(result, { color: colorFor(io, io.stdout, options.color ?? true), strict }));
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
      io.stderr.write(`\r\x1b[2K${`sla: [${n}/${total}] ${file}`.slice(0, width - 1)}`); // one row: never wraps
    },
    done() {
      if (shown) io.stderr.write('\r\x1b[2K');
    },
  };
}

const YAML_FILE = /\.ya?ml$/i;
const GLOB_CHARS = /[*?[\]{}]/;

/**
 * Files, directories (every *.yaml and *.yml below, skipping dot-folders and node_modules) and
 * globs, in a stable order. A path that matches nothing is an input error that names it.
 */
export async function expandPaths(paths: string[], io: Io): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = p === '-' ? '-' : resolve(io.cwd, p);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  for (const path of paths) {
    if (path === '-') {
      add(path);
      continue;
    }
    const info = await stat(resolve(io.cwd, path)).catch(() => undefined);
    if (info?.isDirectory()) {
      const found = await walk(resolve(io.cwd, path));
      if (found.length === 0) throw new UserError(`${path}: the directory holds no .yaml or .yml files`);
      for (const f of found) add(relative(io.cwd, f) || f);
    } else if (info) {
      add(path);
    } else if (GLOB_CHARS.test(path)) {
      const { glob } = await import('tinyglobby');
      const matches = (await glob(path, { cwd: io.cwd, onlyFiles: true, ignore: ['**/node_modules/**'] })).sort();
      if (matches.length === 0) throw new UserError(`${path}: the pattern matches no files`);
      for (const m of matches) add(m);
    } else {
      throw new UserError(`${path}: no such file or directory`);
    }
  }
  return out;
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(full)));
    else if (e.isFile() && YAML_FILE.test(e.name)) out.push(full);
  }
  return out;
}
