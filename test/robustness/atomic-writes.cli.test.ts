// Nothing lost: a write interrupted by a failure, Ctrl-C, SIGTERM, SIGHUP or SIGKILL leaves the old
// file or the new one, never a part, and no temporary file (SIGKILL's is swept by the next write).
// Real processes, killed: the PDF batch is in atomic-writes.pdf.test.ts; outputs that resolve to an
// input are refused in output-into-input.cases.ts (in-process, and by sample here).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runInProcess, runSla, tempDir } from '../helpers.js';
import { exampleData, writeSla } from '../render/fixtures.js';
import { outputIntoInputCases } from './output-into-input.cases.js';
import { deadPid, exited, filesBelow, TEMP, temps, until } from './process-helpers.js';

const tmp = tempDir('sla-atomic-');
afterAll(() => tmp.cleanup());

describe('writeFileAtomic, interrupted in the middle of a large write', () => {
  // The real module, bundled as is, driven by a child we can kill while it writes 48 MB.
  const dir = join(tmp.dir, 'unit');
  const writer = join(dir, 'writer.mjs');
  const SIZE = 48 * 2 ** 20;
  beforeAll(() => {
    mkdirSync(dir, { recursive: true });
    buildSync({ entryPoints: [join(repoRoot, 'src/services/write-file.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'write-file.mjs'), logLevel: 'silent' });
    writeFileSync(writer, `import { writeFileAtomic } from './write-file.mjs';
const [target, size] = process.argv.slice(2);
await writeFileAtomic(target, new Uint8Array(Number(size)).fill(110), { force: true });
`);
  });

  const sizeOf = (f: string) => statSync(f).size;

  /**
   * Starts a 48 MB write over `target` and sends `signal` once it has begun. On a fast disk a loaded
   * machine can miss the moment and the child finishes first: then it tries again, so the kill
   * always lands while the child runs.
   */
  async function killWhileWriting(target: string, signal: NodeJS.Signals) {
    for (let attempt = 0; attempt < 5; attempt++) {
      writeFileSync(target, 'old\n');
      const child = spawn(process.execPath, [writer, target, String(SIZE)], { stdio: 'ignore' });
      const done = exited(child);
      let ended = false;
      void done.then(() => (ended = true));
      const name = `.${basename(target)}.`;
      // Writing has begun: a temporary file appeared (or, were the write not atomic, the target changed).
      await until(() => ended || readdirSync(dir).some((f) => f.startsWith(name) && TEMP.test(f)) || sizeOf(target) !== 4, 'the write to begin');
      child.kill(signal);
      const r = await done;
      if (r.signal === signal) return;
      for (const f of temps(dir).filter((f) => f.startsWith(name))) rmSync(join(dir, f));
    }
    throw new Error(`the write always finished before ${signal} arrived`);
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: the old file stays whole, the temporary file is removed, and the process dies of the signal`, async () => {
      const target = join(dir, `${signal}.txt`);
      await killWhileWriting(target, signal);
      // Old or entirely new; a direct write would leave a part here.
      expect([4, SIZE]).toContain(sizeOf(target));
      expect(readFileSync(target, 'utf8').slice(0, 4)).toMatch(/^(old\n|nnnn)$/);
      expect(temps(dir).filter((f) => f.startsWith(`.${signal}.txt.`))).toEqual([]);
    });
  }

  it('files written together: a signal at any moment of the write leaves all of them or none, and no temporary file', async () => {
    // The signal handler runs between two turns of the event loop; a name that a worker thread was
    // still creating then (an async open or link) would outlive the clean-up. The child counts the
    // turns a whole write takes, then runs are signalled at a spread of turns across it.
    const together = join(dir, 'together.mjs');
    writeFileSync(together, `import { writeFilesTogether } from './write-file.mjs';
const [out, turns] = process.argv.slice(2);
let n = 0;
const tick = () => (n++ === Number(turns) ? process.kill(process.pid, 'SIGTERM') : setImmediate(tick));
setImmediate(tick);
await writeFilesTogether(['a', 'b', 'c'].map((f) => ({ path: out + '/sub/' + f + '.txt', data: f.repeat(1000) })));
process.stdout.write(String(n));
process.exit(0);
`);
    const run = async (turns: number) => {
      const out = join(dir, `together-${turns}`);
      rmSync(out, { recursive: true, force: true });
      mkdirSync(out);
      const child = spawn(process.execPath, [together, out, String(turns)], { stdio: ['ignore', 'pipe', 'ignore'] });
      let stdout = '';
      child.stdout!.on('data', (d) => (stdout += d));
      const r = await exited(child);
      const files = filesBelow(out);
      expect(files, `signal after ${turns} turns`).toEqual(r.code === 0 ? ['sub/a.txt', 'sub/b.txt', 'sub/c.txt'] : []);
      if (r.code !== 0) expect(r.signal).toBe('SIGTERM');
      expect(readdirSync(out), 'the folder it made is removed too').toEqual(r.code === 0 ? ['sub'] : []);
      return { signalled: r.code !== 0, turns: Number(stdout) };
    };
    const whole = await run(1e9);
    expect(whole.signalled).toBe(false);
    const signalled = new Set<boolean>();
    for (let i = 0; i <= 30; i++) signalled.add((await run(Math.floor((i * whole.turns) / 30))).signalled);
    expect(signalled.has(true)).toBe(true);
  }, 60_000); // 32 processes one after another: past the 30 s default on a loaded 2-core machine

  it('SIGKILL: the old file stays whole; a temporary file it could not remove is swept by the next write to the folder', async () => {
    const target = join(dir, 'kill.txt');
    // A killed run's temporary file (its process is gone), and one of a process still running (ours).
    const stale = `.old.txt.sla-${deadPid()}-0badc0de.tmp`;
    writeFileSync(join(dir, stale), 'half');
    const live = `.other.txt.sla-${process.pid}-0123abcd.tmp`;
    writeFileSync(join(dir, live), 'in progress');
    await killWhileWriting(target, 'SIGKILL');
    expect([4, SIZE]).toContain(sizeOf(target));
    const left = temps(dir).filter((f) => f.startsWith('.kill.txt.'));
    // SIGKILL cannot be caught: its temporary file stays (unless the kill came after the rename).
    expect(left.length).toBeLessThanOrEqual(1);
    if (left.length === 1) expect(sizeOf(target)).toBe(4);

    const next = spawn(process.execPath, [writer, join(dir, 'next.txt'), '10'], { stdio: 'ignore' });
    expect((await exited(next)).code).toBe(0);
    expect(temps(dir)).toEqual([live]);
    expect(readFileSync(join(dir, 'next.txt'), 'utf8')).toBe('n'.repeat(10));
  });
});

// The three signals at once, each into its own folder: the batches overlap instead of adding up.
describe.concurrent('sla render --out-dir, killed in the middle of a batch', () => {
  // Each run loads every input before writing the first (~15 ms of CPU an agreement): 120 documents,
  // killed at the 30th, leave 90 still to write when the signal is sent, so it lands mid-batch.
  const N = 120;
  const KILL_AT = 30;
  const inDir = join(tmp.dir, 'batch-in');
  const ref = join(tmp.dir, 'batch-ref');
  beforeAll(async () => {
    const desk = exampleData('it-service-desk');
    const api = exampleData('platform-api');
    mkdirSync(inDir, { recursive: true });
    for (let i = 0; i < N; i++) writeSla(inDir, `sla-${String(i).padStart(3, '0')}.yaml`, { ...(i % 2 ? api : desk), id: `batch-${i}`, title: `Agreement ${i}` });
    // The reference only has to be right: main in this process, not a fourth run of bin/sla.
    const r = await runInProcess(['render', inDir, '--format', 'md', '--out-dir', ref]);
    expect(r.code, r.stderr).toBe(0);
  }, 60_000);

  /** Fills out with an old version of each output, runs the batch and kills it after `after` documents. */
  async function killedBatch(out: string, signal: NodeJS.Signals, after: number) {
    for (const f of filesBelow(ref)) writeFileSync(join(out, f), `old ${f}\n`, { flag: 'w' });
    const child = spawn(process.execPath, [binPath, 'render', inDir, '--format', 'md', '--out-dir', out, '--force'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const done = exited(child);
    let ended = false;
    void done.then(() => (ended = true));
    await until(() => stderr.includes(`[${after}/${N}]`) || ended, `document ${after}`);
    expect(ended, stderr).toBe(false);
    child.kill(signal);
    return { ...(await done), stderr };
  }

  /** Each output is its old version or exactly what an uninterrupted run writes. */
  function oldOrNew(out: string) {
    let old = 0;
    let fresh = 0;
    for (const f of filesBelow(ref)) {
      const text = readFileSync(join(out, f), 'utf8');
      if (text === `old ${f}\n`) old++;
      else {
        expect(text, f).toBe(readFileSync(join(ref, f), 'utf8'));
        fresh++;
      }
    }
    return { old, fresh };
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`${signal}: every file old or new, none partial, no temporary file`, async () => {
      const out = join(tmp.dir, `batch-${signal}`);
      mkdirSync(out);
      const r = await killedBatch(out, signal, KILL_AT);
      expect(r.signal).toBe(signal);
      const { old, fresh } = oldOrNew(out);
      expect(fresh).toBeGreaterThanOrEqual(KILL_AT - 1); // it was stopped part-way, not before or after
      expect(old).toBeGreaterThan(0);
      expect(temps(out)).toEqual([]);
      expect(filesBelow(out)).toEqual(filesBelow(ref));
    }, 60_000);
  }

  it('SIGKILL: every file old or new; a temporary file of a killed run is swept by the next run', async () => {
    const out = join(tmp.dir, 'batch-kill');
    mkdirSync(out);
    // As a SIGKILL mid-write leaves it (the kill below may land between two writes).
    const stale = `.sla-000.md.sla-${deadPid()}-deadbeef.tmp`;
    writeFileSync(join(out, stale), 'half a docu');
    const r = await killedBatch(out, 'SIGKILL', KILL_AT);
    expect(r.signal).toBe('SIGKILL');
    const { old, fresh } = oldOrNew(out);
    expect(fresh).toBeGreaterThanOrEqual(KILL_AT - 1);
    expect(old).toBeGreaterThan(0);
    // The next run (main in this process: what it sweeps does not depend on being a process of its own).
    const again = await runInProcess(['render', inDir, '--format', 'md', '--out-dir', out, '--force']);
    expect(again.code, again.stderr).toBe(0);
    expect(temps(out)).toEqual([]);
    expect(filesBelow(out)).toEqual(filesBelow(ref));
    expect(oldOrNew(out).old).toBe(0);
  }, 60_000);
});

describe('sla init --with-metrics, interrupted', () => {
  const args = ['init', '--yes', '--with-metrics', '--preset', 'service-desk', '--effective', '2026-01-01', '--timezone', 'UTC'];

  it('a run stopped at any moment leaves both files whole or neither, and no temporary file', async () => {
    const refDir = join(tmp.dir, 'init-ref');
    mkdirSync(refDir);
    expect((await runInProcess(args, { cwd: refDir })).code).toBe(0); // the reference: main in this process
    const want = Object.fromEntries(['sla.yaml', 'metrics.csv'].map((f) => [f, readFileSync(join(refDir, f), 'utf8')]));
    // Kills at a spread of moments: before, during and after the writes (a run takes ~150 ms).
    const outcomes = new Set<string>();
    // Every 30 ms up to 400 ms, then longer until one run got as far as writing (a loaded machine is slow).
    for (let delay = 40; delay <= 400 || (!outcomes.has('written') && delay < 5000); delay += delay < 400 ? 30 : 300) {
      const dir = join(tmp.dir, `init-${delay}`);
      mkdirSync(dir);
      const child = spawn(process.execPath, [binPath, ...args], { cwd: dir, stdio: 'ignore' });
      const done = exited(child);
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGTERM');
      await done;
      const files = filesBelow(dir);
      expect(temps(dir)).toEqual([]);
      expect([[], ['metrics.csv', 'sla.yaml']]).toContainEqual(files);
      for (const f of files) expect(readFileSync(join(dir, f), 'utf8')).toBe(want[f]);
      outcomes.add(files.length ? 'written' : 'nothing');
    }
    expect(outcomes.has('written')).toBe(true);
  }, 60_000);

  it('a failure between the two files removes the first, and sweeps a killed run\'s temporary file', async () => {
    const dir = join(tmp.dir, 'init-fail');
    mkdirSync(dir);
    const stale = `.sla.yaml.sla-${deadPid()}-0badf00d.tmp`;
    writeFileSync(join(dir, stale), 'half');
    // A link to /dev/full where metrics.csv goes: a device passes the up-front check (it is written
    // through, clobbering nothing), then the write fails with ENOSPC after sla.yaml's temporary file.
    // (A dangling link is an existing entry now, refused up front without --force.)
    symlinkSync('/dev/full', join(dir, 'metrics.csv'));
    const r = await runSla(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('metrics.csv: no space left on the device');
    expect(readdirSync(dir).sort()).toEqual(['metrics.csv']); // the symlink we made; no sla.yaml, stale temp swept
  });
});

// The cases of output-into-input.cases.ts through bin/sla: every 8th and those that need a real process.
describe('outputs that resolve to an input are refused (bin/sla)', () => outputIntoInputCases('bin/sla'));
