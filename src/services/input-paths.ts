// The SLA files a command is given: files, directories and globs, expanded in a stable order.
import { readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
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
