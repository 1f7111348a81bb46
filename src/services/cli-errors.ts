// How an error that reaches the top ends: shared by the full CLI (cli.ts) and validate's fast start-up
// path (validate-main.ts), so both print the same line with the same exit code.
import { EXIT_USAGE, UserError, processIo, type Io } from '../runtime/io.js';
import { ISSUES_URL } from '../core/product.js';
import { tell } from './tell.js';
import { printableJson } from '../core/printable.js';
import { describeSystemError } from '../runtime/files.js';

let crashed = false;

/** The last resort for errors that escape `main`: one line, exit 2, the trace only with --debug. */
export function reportCrash(err: unknown, argv: string[]): void {
  // A second error while reporting the first (stderr on a full disk) must not loop: stop here.
  if (crashed) process.exit(process.exitCode ?? EXIT_USAGE);
  crashed = true;
  // A reader that closed the pipe early (`sla schema | head`) is not an error.
  if ((err as NodeJS.ErrnoException)?.code === 'EPIPE') {
    process.exit(process.exitCode ?? 0);
  }
  process.exitCode = reportError(err, argv, { ...processIo(), stdout: { write: () => true } });
}

/** A user's error, a system error or a bug (commander's usage errors are cli.ts's): one line, the exit code. */
export function reportError(err: unknown, argv: string[], io: Io): number {
  const json = wantsJson(argv);
  const fail = (message: string, code: number) => {
    try {
      if (json) io.stdout.write(printableJson({ error: { message, exitCode: code } }) + '\n');
    } catch {
      /* standard output is what failed (a full disk): stderr still gets the line */
    }
    try {
      tell(io, message); // one line, whatever a CSV cell or file name holds
    } catch {
      /* standard error is on the full disk too: the exit status still says it */
    }
    return code;
  };
  if (err instanceof UserError) return fail(err.message, err.exitCode);
  const system = describeSystemError(err);
  if (system !== undefined) return fail(system, EXIT_USAGE);
  const message = err instanceof Error ? err.message : String(err);
  const code = fail(`internal error: ${message}. This is a bug in sla; please report it at ${ISSUES_URL} with the command you ran${argv.includes('--debug') ? '' : ' (--debug shows the stack trace)'}`, EXIT_USAGE);
  if (argv.includes('--debug') && err instanceof Error && err.stack) io.stderr.write(err.stack + '\n');
  return code;
}

export function wantsJson(argv: string[]): boolean {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--format=json' || a === '-f=json' || ((a === '--format' || a === '-f') && argv[i + 1] === 'json')) return true;
  }
  return false;
}
