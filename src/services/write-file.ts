import { randomBytes } from 'node:crypto';
import { statSync, unlinkSync } from 'node:fs';
import { link, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { onInterrupt, processAlive } from '../runtime/cleanup.js';
import { UserError } from '../runtime/io.js';

/** `.<name>.sla-<pid>-<hex>.tmp`: recognisable, and it names the process that owns it. */
const tempName = (path: string) => join(dirname(path), `.${basename(path)}.sla-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
const TEMP_NAME = /^\..+\.sla-(\d+)-[0-9a-f]{8}\.tmp$/;

const swept = new Set<string>();

/**
 * Removes temporary files a killed `sla` left in a folder (SIGKILL or a power cut leave no chance to
 * clean up): ours by name, and only when the process that made them no longer runs. Once per folder.
 */
export async function sweepStaleTemps(dir: string): Promise<string[]> {
  if (swept.has(dir)) return [];
  swept.add(dir);
  const removed: string[] = [];
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || processAlive(Number(m[1]))) continue;
    if (await unlink(join(dir, name)).then(() => true, () => false)) removed.push(name);
  }
  return removed;
}

export interface WriteOptions {
  /** Replace an existing file. Without it, an existing file is an error and is left untouched. */
  force?: boolean;
  /**
   * Called the moment the file is in place, before anything else can run (a signal handler included),
   * so a caller writing several files knows exactly which exist if it is interrupted.
   */
  placed?: () => void;
}

/**
 * Writes a file atomically: the data goes to a temporary file beside the target (same folder, so
 * the same file system and rename is atomic), is flushed, and is then moved into place. Readers see
 * the old file or the new one, never a part. Ctrl-C, SIGTERM or SIGHUP remove the temporary file;
 * after a SIGKILL the next write to the folder sweeps it. Without `force`, the move is a hard link,
 * which fails when the target exists, so nothing is ever clobbered even when two processes race.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const temp = tempName(path);
  const forget = onInterrupt(() => {
    try {
      unlinkSync(temp);
    } catch {
      /* not created yet, or already moved */
    }
  });
  try {
    await mkdir(dir, { recursive: true });
    await sweepStaleTemps(dir);
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.force) {
      await rename(temp, path);
      options.placed?.();
    } else {
      try {
        await link(temp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${path} already exists; use --force to overwrite it`);
        throw err;
      }
      options.placed?.();
      await unlink(temp);
    }
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UserError(`${path}: cannot write there (permission denied)`);
    throw new UserError(`${path}: cannot write the file (${(err as Error).message})`);
  } finally {
    forget();
  }
}

/**
 * Refuses an output that is one of the inputs (an SLA, a CSV, the stylesheet, a template), however
 * it is spelled: `..` paths, symbolic links and hard links all come down to the same device and
 * inode. Checked before anything is written; --force does not lift it.
 */
export function refuseOutputIntoInput(outputs: string[], inputs: string[], shown: (path: string) => string): void {
  const identity = (path: string) => {
    try {
      const s = statSync(path);
      return `${s.dev}:${s.ino}`;
    } catch {
      return undefined; // does not exist (yet): it cannot be an input
    }
  };
  const ids = new Map<string, string>();
  for (const input of inputs) {
    const id = identity(input);
    if (id !== undefined && !ids.has(id)) ids.set(id, input);
  }
  for (const output of outputs) {
    const id = identity(output);
    const input = id !== undefined ? ids.get(id) : undefined;
    if (input === undefined) continue;
    const same = resolve(output) === resolve(input);
    const what = same ? 'is an input' : `is the input ${shown(input)} under another name (a link)`;
    throw new UserError(`${shown(output)} ${what}; choose another output file (nothing was written)`);
  }
}
