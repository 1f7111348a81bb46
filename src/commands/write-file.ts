import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { link, mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../io.js';

const tempFiles = new Set<string>();
let cleanupInstalled = false;

/** Removes temporary files left by writes interrupted with Ctrl-C or a kill, then exits as the signal asks. */
function installCleanup(): void {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  const cleanup = () => {
    for (const f of tempFiles) {
      try {
        unlinkSync(f);
      } catch {
        /* already gone */
      }
    }
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      cleanup();
      process.kill(process.pid, signal);
    });
  }
}

export interface WriteOptions {
  /** Replace an existing file. Without it, an existing file is an error and is left untouched. */
  force?: boolean;
}

/**
 * Writes a file atomically: the data goes to a temporary file beside the target, is flushed, and is
 * then moved into place. Readers see the old file or the new one, never a part. Without `force`,
 * the move is a hard link, which fails when the target exists, so nothing is ever clobbered even
 * when two processes race.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  installCleanup();
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  tempFiles.add(temp);
  try {
    const handle = await open(temp, 'wx', 0o644);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.force) {
      await rename(temp, path);
    } else {
      try {
        await link(temp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${path} already exists; use --force to overwrite it`);
        throw err;
      }
      await unlink(temp);
    }
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UserError(`${path}: cannot write there (permission denied)`);
    throw new UserError(`${path}: cannot write the file (${(err as Error).message})`);
  } finally {
    tempFiles.delete(temp);
  }
}
