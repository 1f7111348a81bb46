// A V8 code cache for the CommonJS file behind `sla validate`'s fast start-up path (dist/validate.cjs).
// Node 20 has no module.enableCompileCache (22.1), and the ES module loader takes no cached data, so
// bin/sla.js compiles that one file through vm.Script with cachedData: V8 then skips parsing and compiling
// the functions the last run used. The cache is an optimisation only: any failure reading, checking or
// writing it falls back to a normal compile, and nothing is written where the folder is not writable.
// What is written where: docs/security.md "The code cache". The folder itself: cache-folder.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, unlinkSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { cacheDisabled, cacheFolder, switchedOn, trusted, writePrivateFile } from './cache-folder.js';

/** Whether the environment turns the code cache off: SLA_NO_CODE_CACHE (or SLA_NO_CACHE) set to anything but "" or "0". */
export function codeCacheDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return switchedOn(env.SLA_NO_CODE_CACHE) || cacheDisabled(env);
}

export interface LoadedScript {
  exports: Record<string, unknown>;
  /** What happened to the cache: used (accepted), rejected (by V8 or our checksum), missing, off, untrusted (others may write it). */
  cache: 'used' | 'rejected' | 'missing' | 'off' | 'untrusted';
  /** Writes the cache when this run had none or a rejected one; call it after the work, so the functions that ran are in it. */
  save(): void;
}

const MAGIC = 'sla-code-cache-1\n';
const DIGEST = 32; // sha256 of the V8 data, checked before V8 sees it: a corrupt file is ignored, never trusted

/**
 * Loads a CommonJS file with a code cache in `folder` (cacheFolder() unless given), keyed by the
 * package version, Node's version and architecture and the file's content hash.
 */
export function loadCommonJs(file: string, version: string, opts: { folder?: string | undefined; env?: NodeJS.ProcessEnv } = {}): LoadedScript {
  const env = opts.env ?? process.env;
  const folder = 'folder' in opts ? opts.folder : cacheFolder(env);
  const plain = (): LoadedScript => ({ exports: createRequire(file)(file) as Record<string, unknown>, cache: 'off', save() {} });
  if (folder === undefined || codeCacheDisabled(env)) return plain();
  // Cached code runs as the user: never read it from, or write it into, a folder another user can write.
  if (!trusted(folder)) return { ...plain(), cache: 'untrusted' };
  let source: string;
  let script: Script;
  let cacheFile: string;
  let cache: LoadedScript['cache'] = 'missing';
  try {
    source = readFileSync(file, 'utf8');
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const stem = basename(file).replace(/\W/g, '_');
    cacheFile = join(folder, `${stem}-${version}-node${process.versions.node}-${process.arch}-${hash}.v8`);
    const data = readCache(cacheFile);
    if (data === null) cache = 'rejected';
    else if (data !== undefined) cache = 'used';
    script = new Script(Module.wrap(source), { filename: file, cachedData: data ?? undefined });
    if (script.cachedDataRejected === true) cache = 'rejected';
  } catch {
    return plain();
  }
  const module = { exports: {} as Record<string, unknown> };
  // The wrapper Node gives a CommonJS file: errors thrown while it runs are the program's, not the cache's.
  const fn = script.runInThisContext() as (e: unknown, r: NodeJS.Require, m: unknown, f: string, d: string) => void;
  fn.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cache,
    save() {
      if (cache === 'used') return;
      try {
        writeCache(cacheFile, script.createCachedData(), folder, stemOf(cacheFile));
      } catch {
        /* an optimisation only: a read-only or full disk just means the next run compiles again */
      }
    },
  };
}

const stemOf = (cacheFile: string) => basename(cacheFile).split('-')[0]!;

/** The V8 data, undefined when there is no cache file, null when it is there but not ours or corrupt. */
function readCache(cacheFile: string): Buffer | undefined | null {
  let bytes: Buffer;
  try {
    bytes = readFileSync(cacheFile);
  } catch {
    return undefined;
  }
  const head = MAGIC.length;
  if (bytes.length <= head + DIGEST || bytes.toString('latin1', 0, head) !== MAGIC) return null;
  const data = bytes.subarray(head + DIGEST);
  const digest = createHash('sha256').update(data).digest();
  return digest.equals(bytes.subarray(head, head + DIGEST)) ? data : null;
}

/** Written atomically (a reader sees the old cache or the new one, never half of one); older versions' caches go. */
function writeCache(cacheFile: string, data: Buffer, folder: string, stem: string): void {
  writePrivateFile(cacheFile, Buffer.concat([Buffer.from(MAGIC, 'latin1'), createHash('sha256').update(data).digest(), data]));
  // One cache per file: an upgrade (new version, new Node, new build) replaces the old one instead of piling up.
  for (const name of readdirSync(folder)) {
    if (name.startsWith(`${stem}-`) && name.endsWith('.v8') && join(folder, name) !== cacheFile) {
      try {
        unlinkSync(join(folder, name));
      } catch {
        /* another run removed it first */
      }
    }
  }
}
