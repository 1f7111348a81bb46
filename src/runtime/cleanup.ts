// What must not outlive a command, even one stopped with Ctrl-C or a kill: temporary files, the
// browser and its profile folder. Each owner registers a synchronous undo; it runs on exit and on
// SIGINT, SIGTERM and SIGHUP, after which the process dies of the signal, as a shell expects.
// (SIGKILL cannot be caught: see sweepStaleTemps in services/write-file.ts and sweepStaleProfiles in
// render/pdf.ts.)
import { readdirSync, readFileSync } from 'node:fs';

const actions = new Set<() => void>();
let installed = false;

/** Runs `undo` if the process ends before the returned function is called. */
export function onInterrupt(undo: () => void): () => void {
  install();
  actions.add(undo);
  return () => {
    actions.delete(undo);
  };
}

function runAll(): void {
  for (const undo of [...actions]) {
    try {
      undo();
    } catch {
      /* best effort: the process is ending */
    }
  }
  actions.clear();
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function install(): void {
  if (installed) return;
  installed = true;
  process.once('exit', runAll);
  for (const signal of SIGNALS) {
    const handler = () => {
      // Another listener stops gracefully (sla render --watch): its writes finish and clean up.
      if (process.listenerCount(signal) > 1) return;
      runAll();
      process.removeListener(signal, handler);
      process.kill(process.pid, signal);
    };
    process.on(signal, handler);
  }
}

/** Whether a process id (from a temporary file's name) still runs here. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // alive, another user's
  }
}

/**
 * Waits, synchronously and at most `maxMs`, until no live process is left in the process group
 * `pgid` (zombies count as ended). A SIGKILL is delivered when the process is next scheduled: on a
 * busy machine a killed browser can still write into its profile for a moment after the kill. Linux
 * only (it reads /proc); elsewhere it returns at once.
 */
export function waitForGroupToEnd(pgid: number, maxMs: number): boolean {
  const until = Date.now() + maxMs;
  for (;;) {
    if (groupAlive(pgid) !== true) return true;
    if (Date.now() >= until) return false;
    sleepSync(5);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the thread for `ms`: for clean-up that must finish inside a signal handler or on exit. */
export function sleepSync(ms: number): void {
  Atomics.wait(pause, 0, 0, ms);
}

/** Whether a live (not zombie) process is in the group; undefined where /proc cannot tell. */
function groupAlive(pgid: number): boolean | undefined {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    const c = entry.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
    } catch {
      continue; // ended while we looked
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces and parentheses, so count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ', 3);
    if (Number(fields[2]) === pgid && fields[0] !== 'Z' && fields[0] !== 'X') return true;
  }
  return false;
}
