// `sla check` on two cores (or more): the CSV file is cut into byte ranges at line starts; the first
// range is read here, each later one in a worker thread (check-worker.ts) with its own Checker, and
// their totals are merged into the first range's checker in file order (Checker.absorb).
//
// Safe split points: a quoted cell can hold a line break, so a line start is not always a record
// start. Rather than scan the file for quote parity first (a pass over every byte before any work),
// the split is speculative and checked afterwards, exactly: a range is read as a serial pass would
// read it iff every range before it ended at a record boundary (the reader's state after the bytes
// before a split is the serial state there). When one did not (a quoted line break across a split),
// the parallel answer is dropped and the file is read again on one thread: slower, never different.
import { open, stat, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { Checker, CheckInputError, CsvReadError, type CheckResult } from '../core/check/index.js';
import type { CheckCsvOptions } from '../core/check/index.js';
import { readCsv, readCsvRange } from '../core/check/csv.js';
import type { CheckerPart } from '../core/check/engine.js';
import type { Sla } from '../core/model.js';
import { UserError } from '../runtime/io.js';
import { decode, fileBlocks } from './csv-decode.js';

/**
 * Below this size one thread is faster: a worker's start-up (~0.25 s of CPU for the thread, its own
 * compile of the check chunks and caches) and the merge cost more than the second core saves; measured
 * break-even 16-20 MB (docs/benchmarks.md, "On two cores").
 */
export const PARALLEL_MIN_BYTES = 24 << 20;

/** One later range, for a worker (structured-cloned: plain data only). */
export interface RangeJob {
  sla: Sla;
  options: CheckCsvOptions;
  path: string;
  label: string;
  /** Bytes [start, end) of the file; start is just after a line feed. */
  start: number;
  end: number;
  /** The file's size, for the location of a byte that is not UTF-8 (csv-decode.ts). */
  size: number;
  header: string[];
  delimiter: string;
  /** The last range ends the file: its last record is read even without a line end. */
  last: boolean;
}

export type RangeAnswer =
  | { ok: true; part: CheckerPart; rows: number; clean: boolean }
  | { ok: false; kind: 'check' | 'csv' | 'user' | 'internal'; message: string; row?: number | undefined; column?: string | undefined; kpi?: string | undefined; field?: number | undefined };

/** A running range: its answer, and a way to stop it when an earlier range already decided. */
export interface RangeRun {
  answer: Promise<RangeAnswer>;
  cancel(): void;
}

export type RangeRunner = (job: RangeJob) => RangeRun;

/**
 * The number of ranges for a file of `size` bytes: SLA_THREADS if set (1 = one thread, for tests and
 * debugging), else the cores Node may use, capped at 8; 1 below SLA_PARALLEL_MIN_BYTES (a test hook;
 * default PARALLEL_MIN_BYTES).
 */
export function rangeCount(size: number, env: Record<string, string | undefined>): number {
  const minBytes = env.SLA_PARALLEL_MIN_BYTES !== undefined && /^\d+$/.test(env.SLA_PARALLEL_MIN_BYTES) ? Number(env.SLA_PARALLEL_MIN_BYTES) : PARALLEL_MIN_BYTES;
  if (size < minBytes || size === 0) return 1;
  const asked = env.SLA_THREADS !== undefined && /^\d+$/.test(env.SLA_THREADS) ? Number(env.SLA_THREADS) : undefined;
  const n = asked ?? Math.min(availableParallelism(), 8);
  return Math.max(1, Math.min(n, 64));
}

/**
 * How a file is to be read: its split points and the runner of later ranges, or undefined for one
 * thread (also when the file cannot be read: opening it again reports that as always). Call it as
 * early as possible (workers start now) and call `release` once the check is done.
 */
export async function planRanges(path: string, env: Record<string, string | undefined>): Promise<{ splits: number[]; size: number; run: RangeRunner; release(): void } | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
    const n = rangeCount(info.size, env);
    if (n < 2) return undefined;
    const splits = await splitPoints(path, info.size, n);
    if (splits.length === 0) return undefined;
    const script = workerScript();
    if (script === undefined) return { splits, size: info.size, run: inProcessRunner, release: () => undefined };
    return { splits, size: info.size, ...workerRunner(script, splits.length) };
  } catch {
    return undefined;
  }
}

/** The byte offsets just after the first line feed at or after each 1/n of the file (none if a line runs on past 64 KB). */
export async function splitPoints(path: string, size: number, n: number): Promise<number[]> {
  const handle = await open(path, 'r');
  try {
    const splits: number[] = [];
    const buf = Buffer.alloc(1 << 16);
    for (let k = 1; k < n; k++) {
      const at = Math.floor((size * k) / n);
      const { bytesRead } = await handle.read(buf, 0, buf.length, at);
      const lf = buf.subarray(0, bytesRead).indexOf(10);
      if (lf < 0) continue;
      const split = at + lf + 1;
      if (split < size && split > (splits.at(-1) ?? 0)) splits.push(split);
    }
    return splits;
  } finally {
    await handle.close();
  }
}

/** Checks one later range (in a worker, or in-process for tests); never throws: errors are answers. */
export async function checkRange(job: RangeJob): Promise<RangeAnswer> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(job.path, 'r');
    const checker = new Checker(job.sla, job.options);
    checker.header(job.header);
    const text = decode(fileBlocks(handle, job.start, job.end, job.size), job.label, job.start, job.size);
    const { rows, clean } = await readCsvRange(text, { delimiter: job.delimiter, header: job.header, last: job.last }, sinkOf(checker));
    return { ok: true, part: checker.part(), rows, clean };
  } catch (err) {
    return answerOf(err);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function answerOf(err: unknown): RangeAnswer {
  if (err instanceof CsvReadError) return { ok: false, kind: 'csv', message: err.message, row: err.row, column: err.column, field: err.field };
  if (err instanceof CheckInputError) return { ok: false, kind: 'check', message: err.message, row: err.row, column: err.column, kpi: err.kpi };
  if (err instanceof UserError) return { ok: false, kind: 'user', message: err.message };
  return { ok: false, kind: 'internal', message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
}

/** The error a failed range stands for, its row counted from the file's start. */
function errorOf(a: Extract<RangeAnswer, { ok: false }>, rowOffset: number): Error {
  const row = a.row === undefined ? undefined : a.row + rowOffset;
  if (a.kind === 'csv') return new CsvReadError(a.message, row!, a.field!, a.column);
  if (a.kind === 'check') return new CheckInputError(a.message, row, a.column, a.kpi);
  return new UserError(a.message);
}

const sinkOf = (checker: Checker) => ({
  header: (names: string[]) => checker.header(names),
  row: (fields: string[], row: number) => checker.row(fields, row),
  malformed: (row: number, reason: string) => checker.malformed(row, reason),
});

/** The worker script: dist/check-worker.js, built by src/build/build.mjs; undefined when running from source. */
export function workerScript(): URL | undefined {
  const here = import.meta.url;
  if (!here.endsWith('.js')) return undefined;
  return new URL(here.includes('/chunks/') ? '../check-worker.js' : './check-worker.js', here);
}

/**
 * Runs ranges in worker threads, `count` of them started at once: a worker's start-up (~100 ms of CPU
 * to start a thread and load its chunk) then overlaps the loading of the SLA. Idle workers are
 * unref'd, so one never keeps the process alive; `release` ends those never given a range. A worker
 * that dies without an answer gives an 'internal' answer (the check then runs on one thread).
 */
export function workerRunner(script: URL, count: number): { run: RangeRunner; release(): void } {
  const start = () => {
    // Not the parent's flags: an --import hook or a profiler given to sla is for its own thread.
    const worker = new Worker(script, { execArgv: [] });
    worker.unref();
    // An idle worker that fails is simply never used: its error must not be an unhandled event.
    worker.on('error', () => undefined);
    return worker;
  };
  const idle = Array.from({ length: count }, start);
  const run: RangeRunner = (job) => {
    const worker = idle.shift() ?? start();
    worker.ref();
    const answer = new Promise<RangeAnswer>((resolve) => {
      worker.once('message', (a: RangeAnswer) => resolve(a));
      worker.once('error', (err) => resolve({ ok: false, kind: 'internal', message: String(err) }));
      worker.once('exit', (code) => resolve({ ok: false, kind: 'internal', message: `the worker exited (${code})` }));
    });
    worker.postMessage(job);
    // Its answer is all the worker is for.
    void answer.then(() => worker.terminate());
    return { answer, cancel: () => void worker.terminate() };
  };
  return { run, release: () => idle.splice(0).forEach((w) => void w.terminate()) };
}

/** Runs a range in this thread (tests, and a build without the worker script). */
export const inProcessRunner: RangeRunner = (job) => ({ answer: checkRange(job), cancel: () => undefined });

/**
 * Checks a CSV file in ranges cut at `splits`: the first here, the others through `run`. Returns
 * undefined when the ranges cannot stand for a serial read (a record across a split, a worker that
 * failed): the caller then reads the file on one thread. Bad input throws what a
 * serial read throws, with the same row numbers.
 */
export async function checkInRanges(sla: Sla, path: string, label: string, options: CheckCsvOptions, splits: readonly number[], size: number, run: RangeRunner): Promise<CheckResult | undefined> {
  const checker = new Checker(sla, options);
  if (splits.length === 0) return undefined;
  const runs: RangeRun[] = [];
  const cancel = () => runs.forEach((r) => r.cancel());
  const handle = await open(path, 'r');
  try {
    const sink = sinkOf(checker);
    const first = await readCsv(decode(fileBlocks(handle, 0, splits[0]!, size), label, 0, size), { delimiter: options.delimiter, partial: true }, {
      ...sink,
      header: (names, delimiter) => {
        sink.header(names);
        // The later ranges start once the header is known to be good.
        const bounds = [...splits, size];
        for (let i = 0; i < splits.length; i++) {
          runs.push(run({ sla, options, path, label, start: bounds[i]!, end: bounds[i + 1]!, size, header: names, delimiter, last: i === splits.length - 1 }));
        }
      },
    });
    if (!first.clean || runs.length === 0) {
      cancel();
      return undefined;
    }
    let offset = first.rows;
    for (let i = 0; i < runs.length; i++) {
      const a = await runs[i]!.answer;
      if (!a.ok) {
        cancel();
        if (a.kind === 'internal') return undefined;
        throw errorOf(a, offset);
      }
      checker.absorb(a.part, offset);
      offset += a.rows;
      if (i < runs.length - 1 && !a.clean) {
        cancel();
        return undefined;
      }
    }
    return checker.finish();
  } catch (err) {
    cancel();
    throw err;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
