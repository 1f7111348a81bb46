// validate's fast start-up path through the built files: every case of fast-path.cases.ts through
// dist/validate.cjs as bin/sla.js loads it (dist/fast-start.cjs) or, for the lines it hands on,
// dist/cli.js, in this process; a sample (every SLA_BINARY_EVERY-th case and those tagged `process`)
// through bin/sla.js itself, with a cold and then a warm code cache. Each must equal the full CLI
// (its main in-process; dist/cli.js in a process of its own below) byte for byte: stdout, stderr, exit
// code and report file. Also: the cache file it leaves, and that a broken cache folder changes nothing.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type { Io } from '../../src/runtime/io.js';
import { measureSla, repoRoot, runInProcess, runSla, selected, tempDir, type RunResult } from '../helpers.js';
import { fastPathCases, writeFastPathFixtures } from './fast-path.cases.js';

const tmp = tempDir('sla-fast-path-cli-');
afterAll(() => tmp.cleanup());

const FULL = `import { main, reportCrash } from ${JSON.stringify(pathToFileURL(join(repoRoot, 'dist/cli.js')).href)};
const argv = process.argv.slice(1);
process.on('uncaughtException', (err) => reportCrash(err, argv));
process.on('unhandledRejection', (err) => reportCrash(err, argv));
process.exitCode = await main(argv);`;

/** The command through the full CLI, in a process of its own like bin/sla. */
function runFull(args: string[], cwd: string, env: Record<string, string | undefined>, input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
    for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
    const child = spawn(process.execPath, ['--input-type=module', '-e', FULL, ...args], { cwd, env: merged as NodeJS.ProcessEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/**
 * The same through the full CLI's main in this worker: the reference the binary's output must equal,
 * without a third Node start per case (44 cases: ~15 CPU-s). src/cli.ts is what dist/cli.js bundles;
 * the binary runs for every case, cold and warm, and runFull still checks the bundle below.
 */
function fullInProcess(args: string[], cwd: string, env: Record<string, string | undefined>, input?: string): Promise<RunResult> {
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  return runInProcess(args, { cwd, env: merged, ...(input === undefined ? {} : { input }) });
}

/** The report file a case may write (-o), read back so it is compared too. */
const report = (dir: string) => (existsSync(join(dir, 'report.json')) ? readFileSync(join(dir, 'report.json'), 'utf8') : undefined);

type Entry = (argv: string[], io: Io) => Promise<number>;

/**
 * bin/sla.js's choice and entry points, in this process: dist/validate.cjs loaded by dist/fast-start.cjs
 * where its parseValidateArgv takes the line, dist/cli.js's main otherwise. What the binary adds beyond
 * this (its shim, a real process's streams, environment and exit code, the code cache) the spawned sample shows.
 */
async function bundled(): Promise<(argv: string[]) => { fast: boolean; main: Entry }> {
  const require = createRequire(import.meta.url);
  const { loadValidate } = require(join(repoRoot, 'dist/fast-start.cjs')) as { loadValidate: (file: string) => { exports: Record<string, unknown> } };
  const fast = loadValidate(join(repoRoot, 'dist/validate.cjs')).exports as { parseValidateArgv: (argv: string[]) => unknown; main: Entry };
  const full = (await import(pathToFileURL(join(repoRoot, 'dist/cli.js')).href)) as { main: Entry };
  return (argv) => (fast.parseValidateArgv(argv) !== undefined ? { fast: true, main: fast.main } : { fast: false, main: full.main });
}

/** Runs `entry` with captured streams, as runInProcess runs src/cli.ts's main. */
async function runEntry(entry: Entry, args: string[], cwd: string, env: Record<string, string | undefined>, input?: string): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const merged: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env };
  for (const k of Object.keys(merged)) if (merged[k] === undefined) delete merged[k];
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: Readable.from(input === undefined ? [] : [Buffer.from(input)]) as unknown as Io['stdin'],
    env: merged,
    cwd,
  };
  const code = await entry(args, io);
  return { code, stdout, stderr };
}

// Every case, through the built files in this process: a spawn per case (cold and warm) cost ~25 CPU-s.
describe('sla validate: the built fast path and the full CLI print the same (every case, in this process)', () => {
  let pickEntry: Awaited<ReturnType<typeof bundled>>;
  beforeAll(async () => {
    pickEntry = await bundled();
  });
  for (const c of fastPathCases) {
    it(c.name, async () => {
      const pick = pickEntry(c.args);
      expect(pick.fast).toBe(c.fast);
      const env = { XDG_CACHE_HOME: tmp.fresh(), SLA_NO_CODE_CACHE: undefined, ...c.env };
      const [fullDir, builtDir] = [tmp.fresh(), tmp.fresh()];
      for (const d of [fullDir, builtDir]) writeFastPathFixtures(d);
      const full = await fullInProcess(c.args, fullDir, env, c.input);
      expect(await runEntry(pick.main, c.args, builtDir, env, c.input)).toEqual(full);
      expect(report(builtDir)).toEqual(report(fullDir));
    });
  }
});

// A sample through the binary, concurrently: each case has its own folders and cache, and most of its time is the binary starting.
describe.concurrent('sla validate through bin/sla: the fast path and the full CLI print the same', () => {
  fastPathCases.forEach((c, i) => {
    if (!selected('bin/sla', i, c)) return;
    it(c.name, async () => {
      const cacheHome = tmp.fresh();
      const env = { XDG_CACHE_HOME: cacheHome, SLA_NO_CODE_CACHE: undefined, ...c.env };
      const [fullDir, coldDir, warmDir] = [tmp.fresh(), tmp.fresh(), tmp.fresh()];
      for (const d of [fullDir, coldDir, warmDir]) writeFastPathFixtures(d);
      const full = await fullInProcess(c.args, fullDir, env, c.input);
      const cold = await runSla(c.args, { cwd: coldDir, env, input: c.input });
      expect(cold).toEqual(full);
      expect(report(coldDir)).toEqual(report(fullDir));
      // A warm cache only matters where the fast path runs: commander's lines load no cache.
      if (c.fast) {
        const warm = await runSla(c.args, { cwd: warmDir, env, input: c.input });
        expect(warm).toEqual(full);
        expect(report(warmDir)).toEqual(report(fullDir));
      }
      // The fast path, and only it, leaves a code cache behind (the full CLI's ES modules have none).
      expect(existsSync(join(cacheHome, 'sla'))).toBe(c.fast);
    }, 90_000); // two processes of Node on a shared machine
  });
});

describe('the code cache through bin/sla', () => {
  it('is one file, private to the user, under $XDG_CACHE_HOME/sla, named by version, Node and build', async () => {
    const cacheHome = tmp.fresh();
    const first = await runSla(['validate', 'examples/it-service-desk/sla.yaml'], { env: { XDG_CACHE_HOME: cacheHome } });
    expect(first).toEqual({ code: 0, stdout: '✔ 1 file valid\n', stderr: '' });
    const folder = join(cacheHome, 'sla');
    const names = readdirSync(folder);
    const version = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).version as string;
    expect(names).toEqual([expect.stringMatching(new RegExp(`^validate_cjs-${version.replace(/\./g, '\\.')}-node${process.versions.node.replace(/\./g, '\\.')}-${process.arch}-[0-9a-f]{16}\\.v8$`))]);
    expect(statSync(join(folder, names[0]!)).mode & 0o777).toBe(0o600);
    const before = statSync(join(folder, names[0]!)).mtimeMs;
    expect(await runSla(['validate', 'examples/it-service-desk/sla.yaml'], { env: { XDG_CACHE_HOME: cacheHome } })).toEqual(first);
    expect(statSync(join(folder, names[0]!)).mtimeMs).toBe(before); // a good cache is read, not rewritten
  });

  it('changes nothing when the folder cannot be written, the file is corrupt, or SLA_NO_CODE_CACHE is set', async () => {
    const args = ['validate', 'examples/it-service-desk/sla.yaml', 'test/fixtures/minimal.yaml'];
    const expected = await runFull(args, repoRoot, {});
    expect(expected.code).toBe(0);
    expect(expected.stdout).toContain('review-overdue');
    const blocker = join(tmp.fresh(), 'file');
    writeFileSync(blocker, 'not a folder');
    expect(await runSla(args, { env: { XDG_CACHE_HOME: blocker } })).toEqual(expected);
    expect(readFileSync(blocker, 'utf8')).toBe('not a folder');
    const cacheHome = tmp.fresh();
    await runSla(args, { env: { XDG_CACHE_HOME: cacheHome } });
    const file = join(cacheHome, 'sla', readdirSync(join(cacheHome, 'sla'))[0]!);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 100, 5000);
    writeFileSync(file, bytes);
    expect(await runSla(args, { env: { XDG_CACHE_HOME: cacheHome } })).toEqual(expected);
    expect(readFileSync(file).subarray(100, 5000).every((b) => b === 0x5a)).toBe(false); // rewritten whole
    const off = tmp.fresh();
    expect(await runSla(args, { env: { XDG_CACHE_HOME: off, SLA_NO_CODE_CACHE: '1' } })).toEqual(expected);
    expect(readdirSync(off)).toEqual([]);
  });

  it('keeps commander out of the fast path and start-up within bounds', async () => {
    const bundle = readFileSync(join(repoRoot, 'dist/validate.cjs'), 'utf8');
    expect(bundle).not.toContain('commander.unknownOption');
    expect(readFileSync(join(repoRoot, 'dist/cli.js'), 'utf8')).toContain('commander.unknownOption'); // the check can fail
    const cacheHome = tmp.fresh();
    for (let i = 0; i < 2; i++) {
      const run = await measureSla(['validate', 'examples/it-service-desk/sla.yaml'], { env: { XDG_CACHE_HOME: cacheHome } });
      expect(run.code).toBe(0);
      expect(run.wallMs).toBeLessThan(10_000);
      expect(run.maxRssMb).toBeLessThan(300);
    }
  });
});
