// validate's fast start-up path through the real binary: every case of fast-path.cases.ts through
// bin/sla.js (the fast path where it applies, with a cold and then a warm code cache) and through the
// full CLI (its main in-process; dist/cli.js in a process of its own below), whose stdout, stderr and
// exit codes must be equal byte for byte. Also: the cache file it leaves, and that a broken cache folder changes nothing.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { measureSla, repoRoot, runInProcess, runSla, tempDir, type RunResult } from '../helpers.js';
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

// Concurrently: each case has its own folders and cache, and most of its time is the binary starting.
describe.concurrent('sla validate: the fast path and the full CLI print the same', () => {
  for (const c of fastPathCases) {
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
  }
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
