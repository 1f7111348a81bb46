// sla's cache folder, shared by the code cache (code-cache.ts) and the PDF page-number cache
// (services/page-cache.ts): where it is per platform, the switch that turns every cache off, whether a
// folder is private enough to read cached data from, and the atomic, private write both use.
// What is written where: docs/security.md "The code cache" and "The page-number cache".
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, win32 } from 'node:path';

/** The folder for sla's cache files, per platform's convention; undefined when there is none. */
export function cacheFolder(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: () => string = homedir): string | undefined {
  try {
    if (platform === 'win32') return env.LOCALAPPDATA && win32.isAbsolute(env.LOCALAPPDATA) ? win32.join(env.LOCALAPPDATA, 'sla', 'Cache') : undefined;
    if (platform === 'darwin') return join(home(), 'Library', 'Caches', 'sla');
    // XDG: a relative XDG_CACHE_HOME is invalid and ignored.
    if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, 'sla');
    const h = home();
    return h ? join(h, '.cache', 'sla') : undefined;
  } catch {
    return undefined; // no home folder (a user without one in the password database)
  }
}

/** An environment switch is on when set to anything but "" or "0". */
export const switchedOn = (v: string | undefined): boolean => v !== undefined && v !== '' && v !== '0';

/** Whether the environment turns every cache off: SLA_NO_CACHE set to anything but "" or "0". */
export function cacheDisabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return switchedOn(env.SLA_NO_CACHE);
}

/**
 * Whether the folder (when it exists) and the folders above it up to the first this user owns are
 * ours alone: owned by this user and not writable by group or others. A folder that does not exist yet
 * is created private. Windows has no such modes: there the user's own LOCALAPPDATA is trusted.
 */
export function trusted(folder: string): boolean {
  const uid = process.getuid?.();
  if (uid === undefined) return true;
  try {
    const st = statSync(folder);
    return st.isDirectory() && st.uid === uid && (st.mode & 0o022) === 0;
  } catch {
    return true; // missing: mkdir makes it 0700; a parent that is a file just fails the write
  }
}

/**
 * Writes a cache file atomically (a temporary file in the same folder, then a rename): a reader sees
 * the old file or the new one, never half of one. The folder is created private (0700), the file 0600;
 * a failure removes the temporary file and throws.
 */
export function writePrivateFile(file: string, data: string | Uint8Array): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, data, { mode: 0o600, flag: 'wx' });
    renameSync(temp, file);
  } catch (err) {
    try {
      unlinkSync(temp);
    } catch {
      /* never created */
    }
    throw err;
  }
}
