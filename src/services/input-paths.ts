// The SLA files a command is given: files, directories and globs, expanded in a stable order.
import { readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describeFsError } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';

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
    let info: Stats | undefined;
    try {
      info = await stat(resolve(io.cwd, path));
    } catch (err) {
      // A link loop or an unreadable folder is said as such; only a missing path may be a glob.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UserError(describeFsError(path, err));
    }
    if (info?.isDirectory()) {
      const found = await walk(resolve(io.cwd, path), io, [identity(info)]);
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

const identity = (info: Stats) => `${info.dev}:${info.ino}`;

/**
 * Every YAML file below `dir`. Symbolic links are followed, like the glob form does (a linked
 * agreement is checked, never skipped); a link that leads nowhere, or back into a folder being walked
 * (a loop), is an input error naming it. `ancestors` are the folders on the way down.
 */
async function walk(dir: string, io: Io, ancestors: string[]): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => a.name.localeCompare(b.name));
  const out: string[] = [];
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const full = join(dir, e.name);
    let isDir = e.isDirectory();
    let info: Stats | undefined;
    if (e.isSymbolicLink()) {
      const shown = relative(io.cwd, full) || full;
      try {
        info = await stat(full);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // A dangling link to something that is not an agreement is no business of ours.
        if (code === 'ENOENT' && !YAML_FILE.test(e.name)) continue;
        if (code === 'ENOENT') throw new UserError(`${shown}: a symbolic link to a file that does not exist; fix or remove the link`);
        throw new UserError(describeFsError(shown, err));
      }
      isDir = info.isDirectory();
    }
    if (isDir) {
      info ??= await stat(full);
      const id = identity(info);
      if (ancestors.includes(id)) throw new UserError(`${relative(io.cwd, full) || full}: a loop of symbolic links (the link leads back to a folder it is in); fix or remove the link`);
      out.push(...(await walk(full, io, [...ancestors, id])));
    } else if (YAML_FILE.test(e.name)) {
      // Not skipped silently: a FIFO or a device named *.yaml is refused when it is read.
      out.push(full);
    }
  }
  return out;
}
