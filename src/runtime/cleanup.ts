// What must not outlive a command, even one stopped with Ctrl-C or a kill: temporary files, the
// browser and its profile folder. Each owner registers a synchronous undo; it runs on exit and on
// SIGINT, SIGTERM and SIGHUP, after which the process dies of the signal, as a shell expects.
// (SIGKILL cannot be caught: see sweepStaleTemps in services/write-file.ts and sweepStaleProfiles in
// render/pdf.ts.)

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
