import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { main, type CliInternals } from '../src/cli.js';
import type { Io } from '../src/runtime/io.js';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
export const binPath = join(repoRoot, 'bin', 'sla.js');
export const example = (...parts: string[]) => join(repoRoot, 'examples', ...parts);

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  input?: string | Buffer;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** Spawns the built `bin/sla.js`, as a user would, and returns the real exit status. */
export function runSla(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...options.env };
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k];
    const child = spawn(process.execPath, [binPath, ...args], { cwd: options.cwd ?? repoRoot, env: env as NodeJS.ProcessEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

export interface MeasuredRun {
  code: number | null;
  stdout: string;
  /** stderr without the measuring hook's line. */
  stderr: string;
  wallMs: number;
  /** The child's own CPU time (user and system, all threads): on a shared machine, the figure that means something. */
  cpuMs: number;
  maxRssMb: number;
}

export interface MeasureOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** A file to read as standard input (default: none). */
  stdinFile?: string;
  /** A descriptor for standard output instead of a pipe (e.g. one opened on /dev/full). */
  stdout?: number;
  /** Kill the child after this long (default: never); the run then ends with its signal. */
  killAfterMs?: number;
}

/** Reports the child's CPU time and peak RSS on its way out, after everything else on stderr. */
const MEASURE_HOOK = 'data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\n@@usage "+(u.userCPUTime+u.systemCPUTime)+" "+u.maxRSS+"\\n")})';

/** bin/sla with its wall time, CPU time and peak RSS, for the tests that bound an input's cost. */
export function measureSla(args: string[], options: MeasureOptions = {}): Promise<MeasuredRun> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const stdin = options.stdinFile === undefined ? 'ignore' : openSync(options.stdinFile, 'r');
    const child = spawn(process.execPath, ['--import', MEASURE_HOOK, binPath, ...args], {
      cwd: options.cwd ?? repoRoot,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: [stdin, options.stdout ?? 'pipe', 'pipe'],
    });
    if (typeof stdin === 'number') closeSync(stdin);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = options.killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const m = /\n@@usage (\d+) (\d+)\n/.exec(stderr);
      resolve({ code, stdout, stderr: stderr.replace(/\n@@usage \d+ \d+\n/, ''), wallMs: performance.now() - started, cpuMs: m ? Number(m[1]) / 1000 : NaN, maxRssMb: m ? Number(m[2]) / 1024 : NaN });
    });
  });
}

/** Runs `main` in this process with captured streams: the same cases, without a spawn. */
export async function runInProcess(args: string[], options: RunOptions & { tty?: boolean; internals?: CliInternals } = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty ?? false },
    stdin: Readable.from(options.input === undefined ? [] : [Buffer.from(options.input)]) as unknown as Io['stdin'],
    // The run's private cache folder (test/setup/global.ts), as a spawned sla inherits it: an in-process
    // render must not write page numbers into the user's ~/.cache either. A test's own env wins.
    env: { ...(process.env.XDG_CACHE_HOME ? { XDG_CACHE_HOME: process.env.XDG_CACHE_HOME } : {}), ...options.env },
    cwd: options.cwd ?? repoRoot,
  };
  const code = await main(args, io, options.internals);
  return { code, stdout, stderr };
}

/** `runSla` under the name the case tables use: the same result shape as `runInProcess`. */
export const runBinary = runSla;

/** How a table of CLI cases is run: in this process through `main`, or by spawning `bin/sla`. */
export type Mode = 'in-process' | 'bin/sla';
export type Runner = (args: string[], options?: RunOptions) => Promise<RunResult>;
export const runners: Record<Mode, Runner> = { 'in-process': runInProcess, 'bin/sla': runBinary };

/**
 * Through the binary, every BINARY_EVERY-th case of a table (by index, from the first) runs, plus
 * every case that needs a real process; in-process, every case runs. SLA_BINARY_EVERY=1 runs them all
 * through the binary.
 */
export const BINARY_EVERY = Math.max(1, Number(process.env.SLA_BINARY_EVERY ?? 8) || 8);

export interface CaseOptions {
  /** Why this case needs a real process (signals, process exit codes, stdin, EPIPE, uncaught errors): it always runs through the binary too. */
  process?: string;
  /** false: the case cannot run inside a test worker at all (say why in `process`); it runs through the binary only. */
  inProcess?: boolean;
  timeout?: number;
}

/** Whether the case at `index` of a table runs in `mode`. */
export function selected(mode: Mode, index: number, options: CaseOptions = {}): boolean {
  if (mode === 'in-process') return options.inProcess !== false;
  return index % BINARY_EVERY === 0 || Boolean(options.process) || options.inProcess === false;
}

/** The cases of a table that run in `mode` (see `selected`). */
export function sample<T extends CaseOptions>(mode: Mode, cases: readonly T[]): T[] {
  return cases.filter((c, i) => selected(mode, i, c));
}

/**
 * One table of cases, declared once and run twice: by a `*.test.ts` file in-process (every case) and by
 * a `*.cli.test.ts` file through `bin/sla` (a sample, see `selected`). The cases live in a function of
 * the mode in a `*.cases.ts` module, which both files call inside a describe:
 *
 *   export function validateCliCases(mode: Mode) {
 *     const t = new CaseTable(mode, () => ({ cwd: dir }));
 *     t.case('exits 0', async (run) => expect((await run(['validate', 'x.yaml'])).code).toBe(0));
 *     t.case('reads standard input', async (run) => ..., { process: 'standard input through a real pipe' });
 *   }
 */
export class CaseTable {
  private index = 0;
  private prefix = '';
  readonly run: Runner;
  /** `defaults` (read when a case runs, e.g. a temporary cwd made in beforeAll) apply to every run. */
  constructor(readonly mode: Mode, defaults: () => RunOptions = () => ({})) {
    this.run = (args, options) => runners[mode](args, { ...defaults(), ...options });
  }

  /** Registers an `it` for the case, when it is selected in this mode. */
  case(name: string, fn: (run: Runner) => Promise<void>, options: CaseOptions = {}): void {
    if (selected(this.mode, this.index++, options)) it(this.prefix + name, () => fn(this.run), options.timeout);
  }

  /** A group of cases: a describe in-process; through the binary, where a sample may leave a group empty, a name prefix. */
  describe(name: string, fn: () => void): void {
    if (this.mode === 'in-process') {
      describe(name, fn);
      return;
    }
    const outer = this.prefix;
    this.prefix = `${outer}${name} > `;
    try {
      fn();
    } finally {
      this.prefix = outer;
    }
  }
}

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'sla-test-'): { dir: string; cleanup: () => void; fresh: () => string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return {
    dir,
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
    /** A new empty folder inside, numbered: one per case, so cases never see each other's files. */
    fresh: () => {
      const sub = join(dir, String(++n));
      mkdirSync(sub);
      return sub;
    },
  };
}

/** An Io whose output is kept in strings, for a command called in-process from `cwd`. */
export function capturedIo(cwd: string, env: Record<string, string | undefined> = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: process.stdin,
    env,
    cwd,
    out: () => out,
    err: () => err,
  };
}
