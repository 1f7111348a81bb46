// The SLA files a command is given: files, directories and globs, expanded in a stable order.
import { existsSync, realpathSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { plural } from '../core/text.js';
import { describeFsError, openRegularFile } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';

const GLOB_CHARS = /[*?[\]{}]/;
/** Agreements by name: sla.yaml, sla.yml, *.sla.yaml, *.sla.yml. */
const AGREEMENT_NAME = /(^|\.)sla\.ya?ml$/i;
/** A top-level `sla:` key (bare or quoted) at the start of a line. */
const SLA_KEY = /^(?:sla|"sla"|'sla')[ \t]*:/m;
/** Enough for the comments and keys an agreement opens with; the rest of the file is not read. */
const SNIFF_BYTES = 8192;

/** Ignore globs (gitignore syntax) and the folder they are relative to. */
export interface IgnoreSet {
  base: string;
  patterns: readonly string[];
}

export interface ExpandOptions {
  /** --ignore (relative to the working folder) and the config file's `ignore` (relative to its folder). */
  ignore?: readonly IgnoreSet[];
}

type Matcher = (absolutePath: string) => Promise<boolean>;

/**
 * Files, directories and globs, in a stable order. In a directory, every *.yaml and *.yml below
 * that is an agreement (named sla.yaml or *.sla.yaml, or with a top-level `sla:` key), skipping
 * dot-folders, node_modules, what .gitignore files and the ignore globs exclude; the YAML files
 * skipped as not agreements are counted on stderr. A file named explicitly is always read, agreement
 * or not (so its errors show). A path that matches nothing is an input error that names it.
 */
export async function expandPaths(paths: string[], io: Io, options: ExpandOptions = {}): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = p === '-' ? '-' : realOr(resolve(io.cwd, p));
    if (!seen.has(key)) {
      seen.add(key);
      out.push(p);
    }
  };
  const ignored = await ignoreMatcher(io.cwd, options.ignore ?? []);
  let skipped = 0;
  for (const path of paths) {
    if (path === '-') {
      add(path);
      continue;
    }
    let info: Stats | undefined;
    try {
      info = await stat(resolve(io.cwd, path));
    } catch (err) {
      // A link loop or an unreadable folder is said as such; only a missing path may be a glob.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(describeFsError(path, err));
    }
    if (info?.isDirectory()) {
      const dir = resolve(io.cwd, path);
      await auditLinks(dir, io);
      const found = await without(await findYaml(dir, ['**/*.yaml', '**/*.yml']), ignored);
      if (found.length === 0) throw new UserError(`${path}: the directory holds no .yaml or .yml files (outside .gitignore and the ignore globs)`);
      let agreements = 0;
      for (const f of found) {
        if (basename(f) === 'sla.config.yaml') continue; // the settings file, not an agreement to count
        if (await isAgreement(f)) {
          agreements++;
          add(relative(io.cwd, f) || f);
        } else {
          skipped++;
        }
      }
      if (agreements === 0) {
        throw new UserError(`${path}: the directory holds no agreements (${plural(found.length, 'YAML file')}, none with a top-level "sla:" key or named sla.yaml or *.sla.yaml); name a file to validate it anyway`);
      }
    } else if (info) {
      add(path);
    } else if (GLOB_CHARS.test(path)) {
      const matches = await without(await findYaml(io.cwd, [path]), ignored);
      if (matches.length === 0) throw new UserError(`${path}: the pattern matches no files`);
      for (const m of matches) add(relative(io.cwd, m) || m);
    } else {
      throw new UserError(`${path}: no such file or directory`);
    }
  }
  if (skipped > 0) io.stderr.write(`sla: skipped ${plural(skipped, 'YAML file')} that ${skipped === 1 ? 'is not an agreement' : 'are not agreements'}\n`);
  return out;
}

/**
 * The symbolic links below `dir`, which tinyglobby follows but cannot report: a link to an agreement
 * that does not exist, or a folder link that leads back to a folder it is in (a loop), is an input
 * error naming it, never a file skipped in silence. Reads folder entries only (their types come
 * with readdir); follows no link, so it ends.
 */
async function auditLinks(dir: string, io: Io): Promise<void> {
  const shown = (p: string) => relative(io.cwd, p) || p;
  const pending = [dir];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = join(folder, e.name);
      if (e.isDirectory()) pending.push(full);
      // A FIFO, socket or device named like an agreement would be skipped by the glob: say so instead.
      if ((e.isFIFO() || e.isSocket() || e.isCharacterDevice() || e.isBlockDevice()) && /\.ya?ml$/i.test(e.name)) await openRegularFile(full, relative(io.cwd, full) || full, { stdin: true }).then((h) => h.close());
      if (!e.isSymbolicLink()) continue;
      let target: Stats;
      try {
        target = await stat(full);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' && !/\.ya?ml$/i.test(e.name)) continue; // a dangling link to something else is no business of ours
        if (code === 'ENOENT') throw new UserError(`${shown(full)}: a symbolic link to a file that does not exist; fix or remove the link`);
        throw new UserError(describeFsError(shown(full), err));
      }
      if (!target.isDirectory()) continue;
      const real = realOr(full);
      const home = realOr(folder);
      if (home === real || home.startsWith(real + sep)) throw new UserError(`${shown(full)}: a loop of symbolic links (the link leads back to a folder it is in); fix or remove the link`);
    }
  }
}

/**
 * Files matching the patterns below `dir`, absolute and sorted. Symbolic links are followed;
 * tinyglobby (fdir) stops at a link that loops back, and a file reached twice through links is
 * kept once, under the first path in sorted order.
 */
async function findYaml(dir: string, patterns: string[]): Promise<string[]> {
  const { glob } = await import('tinyglobby');
  const found = await glob(patterns, { cwd: dir, absolute: true, onlyFiles: true, followSymbolicLinks: true, dot: false, ignore: ['**/node_modules/**'] });
  found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const real = new Set<string>();
  const out: string[] = [];
  for (const f of found) {
    const key = realOr(f);
    if (real.has(key)) continue;
    real.add(key);
    out.push(f);
  }
  return out;
}

/** By name, else by a top-level `sla:` key among the first few kilobytes. */
export async function isAgreement(file: string): Promise<boolean> {
  if (AGREEMENT_NAME.test(basename(file))) return true;
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return SLA_KEY.test(buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return true; // unreadable: keep it, so reading it reports the reason with the file's name
  } finally {
    await handle?.close();
  }
}

const realOr = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/** The git work tree holding `dir` (the nearest folder upward with a .git), if any. */
export function gitRoot(dir: string): string | undefined {
  for (let current = resolve(dir); ; current = dirname(current)) {
    if (existsSync(join(current, '.git'))) return current;
    if (dirname(current) === current) return undefined;
  }
}

const insideOf = (base: string, full: string) => {
  const rel = relative(base, full);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
};

/**
 * Whether a found file is excluded: by a .gitignore between the git root (or the working folder
 * outside git) and the file, or by an ignore set relative to its base folder. `ignore` reads the
 * patterns as git does, including negation and folder patterns.
 */
async function ignoreMatcher(cwd: string, sets: readonly IgnoreSet[]): Promise<Matcher> {
  const { default: ignore } = await import('ignore');
  const globs = sets.filter((s) => s.patterns.length > 0).map((s) => ({ base: s.base, ig: ignore().add([...s.patterns]) }));
  const perFolder = new Map<string, ReturnType<typeof ignore> | null>();
  const gitignoreOf = async (folder: string) => {
    if (!perFolder.has(folder)) {
      const text = await readFile(join(folder, '.gitignore'), 'utf8').catch(() => undefined);
      perFolder.set(folder, text === undefined ? null : ignore().add(text));
    }
    return perFolder.get(folder)!;
  };
  const roots = new Map<string, string | undefined>();
  const rootOf = (folder: string) => {
    if (!roots.has(folder)) roots.set(folder, gitRoot(folder));
    return roots.get(folder);
  };
  return async (file) => {
    for (const { base, ig } of globs) {
      const rel = insideOf(base, file);
      if (rel !== undefined && ig.ignores(rel)) return true;
    }
    const top = rootOf(dirname(file)) ?? (insideOf(cwd, file) !== undefined ? cwd : dirname(file));
    const folders: string[] = [];
    for (let f = dirname(file); ; f = dirname(f)) {
      folders.unshift(f);
      if (f === top || dirname(f) === f) break;
    }
    for (const folder of folders) {
      const ig = await gitignoreOf(folder);
      const rel = insideOf(folder, file);
      if (ig && rel !== undefined && ig.ignores(rel)) return true;
    }
    return false;
  };
}

async function without(files: string[], ignored: Matcher): Promise<string[]> {
  const out: string[] = [];
  for (const f of files) if (!(await ignored(f))) out.push(f);
  return out;
}
