// The V8 code cache of validate's fast path (src/runtime/code-cache.ts): used when valid, ignored when
// corrupt, rejected or from another version, never required, written atomically, never where it cannot be.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheFolder } from '../../src/runtime/cache-folder.js';
import { codeCacheDisabled, loadCommonJs } from '../../src/runtime/code-cache.js';
import { tempDir } from '../helpers.js';

const tmp = tempDir('sla-code-cache-');
afterAll(() => tmp.cleanup());

/** A CommonJS file with enough functions that V8's cache is more than a header. */
const source = (extra = '') => `${Array.from({ length: 50 }, (_, i) => `function f${i}(x) { return x * ${i} + ${i}; }`).join('\n')}\nexports.answer = () => f2(20)${extra};\nexports.dir = __dirname;\n`;

/**
 * The file at a new path on every load, as each sla run is a new process: V8 keeps scripts it compiled
 * in this process by source and file name, and would take a second compile of the same one from there,
 * never looking at the cached data.
 */
function copy(text = source()): string {
  const file = join(tmp.fresh(), 'entry.cjs');
  writeFileSync(file, text);
  return file;
}
const load = (version: string, folder: string | undefined, env: NodeJS.ProcessEnv = {}, text?: string) => loadCommonJs(copy(text), version, { folder, env });
const answer = (run: { exports: Record<string, unknown> }) => (run.exports.answer as () => number)();
const cacheFiles = (folder: string) => (existsSync(folder) ? readdirSync(folder) : []);

describe('the code cache', () => {
  it('is missing on the first run, written by save(), and used on the next', () => {
    const folder = join(tmp.fresh(), 'cache', 'sla');
    const first = load('1.0.0', folder);
    expect(first.cache).toBe('missing');
    expect(answer(first)).toBe(42);
    expect(first.exports.dir).toMatch(/sla-code-cache-/);
    expect(cacheFiles(folder)).toEqual([]); // nothing until save()
    first.save();
    const names = cacheFiles(folder);
    expect(names).toHaveLength(1);
    expect(names[0]).toMatch(new RegExp(`^entry_cjs-1\\.0\\.0-node${process.versions.node.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{16}\\.v8$`));
    expect(statSync(join(folder, names[0]!)).mode & 0o777).toBe(0o600);
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    const second = load('1.0.0', folder);
    expect(second.cache).toBe('used');
    expect(answer(second)).toBe(42);
    const before = readFileSync(join(folder, names[0]!));
    second.save(); // a used cache is not rewritten
    expect(readFileSync(join(folder, names[0]!)).equals(before)).toBe(true);
  });

  it('ignores a corrupt cache (a flipped byte, a truncated file, garbage, an empty file) and writes a good one again', () => {
    const folder = join(tmp.fresh(), 'sla');
    load('1.0.0', folder).save();
    const path = join(folder, cacheFiles(folder)[0]!);
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] = flipped[flipped.length - 100]! ^ 0xff;
    for (const [i, bad] of [flipped, good.subarray(0, good.length - 10), good.subarray(0, 20), Buffer.from('not a cache at all'), Buffer.alloc(0)].entries()) {
      writeFileSync(path, bad);
      const run = load('1.0.0', folder);
      expect([i, run.cache]).toEqual([i, 'rejected']);
      expect(answer(run)).toBe(42);
      run.save();
      expect(cacheFiles(folder)).toEqual([basename(path)]);
      expect(load('1.0.0', folder).cache).toBe('used');
    }
  });

  it('ignores data V8 rejects though its checksum holds (another build of V8, other flags)', () => {
    const folder = join(tmp.fresh(), 'sla');
    load('1.0.0', folder).save();
    const path = join(folder, cacheFiles(folder)[0]!);
    // The cache of another source, under this file's name: our checksum holds, V8's own check does not.
    const otherFolder = join(tmp.fresh(), 'sla');
    load('1.0.0', otherFolder, {}, 'exports.answer = () => 7;\n' + 'function g() {}\n'.repeat(50)).save();
    writeFileSync(path, readFileSync(join(otherFolder, cacheFiles(otherFolder)[0]!)));
    const run = load('1.0.0', folder);
    expect(run.cache).toBe('rejected');
    expect(answer(run)).toBe(42);
  });

  it('keys the cache by version and content: an upgrade misses, writes its own and removes the old one', () => {
    const folder = join(tmp.fresh(), 'sla');
    load('1.0.0', folder).save();
    const old = cacheFiles(folder);
    const upgraded = load('1.1.0', folder);
    expect(upgraded.cache).toBe('missing');
    upgraded.save();
    expect(cacheFiles(folder)).toHaveLength(1);
    expect(cacheFiles(folder)[0]).toContain('-1.1.0-');
    expect(cacheFiles(folder)).not.toEqual(old);
    // A rebuilt file under the same version: its content hash differs.
    const rebuilt = load('1.1.0', folder, {}, source(' + 0'));
    expect(rebuilt.cache).toBe('missing');
    expect(answer(rebuilt)).toBe(42);
  });

  it('never fails and writes nothing where the folder cannot be written', () => {
    const dir = tmp.fresh();
    // A regular file where the folder would be: mkdir fails for every user, root included.
    writeFileSync(join(dir, 'blocker'), 'x');
    const blocked = load('1.0.0', join(dir, 'blocker', 'sla'));
    expect(blocked.cache).toBe('missing');
    expect(answer(blocked)).toBe(42);
    expect(() => blocked.save()).not.toThrow();
    expect(readFileSync(join(dir, 'blocker'), 'utf8')).toBe('x');
    // A read-only folder (root may write there anyway; then the cache is simply written).
    const readOnly = join(dir, 'ro');
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o500);
    try {
      const run = load('1.0.0', readOnly);
      expect(() => run.save()).not.toThrow();
      const left = cacheFiles(readOnly);
      expect(left.filter((n) => n.endsWith('.tmp'))).toEqual([]); // never a temporary file left behind
      if (process.getuid?.() !== 0) expect(left).toEqual([]);
    } finally {
      chmodSync(readOnly, 0o700);
    }
  });

  it('is off with SLA_NO_CODE_CACHE or without a cache folder: a plain require, nothing written', () => {
    const folder = join(tmp.fresh(), 'sla');
    const off = load('1.0.0', folder, { SLA_NO_CODE_CACHE: '1' });
    expect(off.cache).toBe('off');
    expect(answer(off)).toBe(42);
    off.save();
    expect(existsSync(folder)).toBe(false);
    expect(load('1.0.0', undefined).cache).toBe('off');
    expect(codeCacheDisabled({ SLA_NO_CODE_CACHE: '1' })).toBe(true);
    expect(codeCacheDisabled({ SLA_NO_CODE_CACHE: 'true' })).toBe(true);
    expect(codeCacheDisabled({ SLA_NO_CODE_CACHE: '0' })).toBe(false);
    expect(codeCacheDisabled({ SLA_NO_CODE_CACHE: '' })).toBe(false);
    expect(codeCacheDisabled({})).toBe(false);
    expect(codeCacheDisabled({ SLA_NO_CACHE: '1' })).toBe(true); // the switch for every cache
    expect(codeCacheDisabled({ SLA_NO_CACHE: '0' })).toBe(false);
  });

  it('neither reads nor writes a cache folder others can write (cached code runs as the user)', () => {
    const folder = join(tmp.fresh(), 'sla');
    load('1.0.0', folder).save();
    expect(load('1.0.0', folder).cache).toBe('used');
    chmodSync(folder, 0o777);
    try {
      const run = load('1.0.0', folder);
      expect(run.cache).toBe('untrusted');
      expect(answer(run)).toBe(42);
      const name = cacheFiles(folder)[0]!;
      writeFileSync(join(folder, name), 'tampered');
      run.save();
      expect(readFileSync(join(folder, name), 'utf8')).toBe('tampered'); // not rewritten either
    } finally {
      chmodSync(folder, 0o700);
    }
    expect(load('1.0.0', folder).cache).toBe('rejected'); // back to private: the tampered file is refused
  });

  it('lets an error of the program itself through: the cache is no try/catch around it', () => {
    expect(() => load('1.0.0', join(tmp.fresh(), 'sla'), {}, 'throw new Error("the program failed");')).toThrow('the program failed');
  });

  it('finds the cache folder per platform', () => {
    const home = () => '/home/u';
    expect(cacheFolder({}, 'linux', home)).toBe('/home/u/.cache/sla');
    expect(cacheFolder({ XDG_CACHE_HOME: '/xdg' }, 'linux', home)).toBe('/xdg/sla');
    expect(cacheFolder({ XDG_CACHE_HOME: 'relative' }, 'linux', home)).toBe('/home/u/.cache/sla');
    expect(cacheFolder({}, 'darwin', home)).toBe('/home/u/Library/Caches/sla');
    expect(cacheFolder({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', home)).toBe('C:\\Users\\u\\AppData\\Local\\sla\\Cache');
    expect(cacheFolder({}, 'win32', home)).toBeUndefined();
    expect(cacheFolder({}, 'linux', () => '')).toBeUndefined();
    expect(cacheFolder({}, 'linux', () => { throw new Error('no home'); })).toBeUndefined();
  });
});
