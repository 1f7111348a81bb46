// Reading the files a user names, and keeping files a folder refers to inside it. Shared by services/
// (SLA, CSV, --css, holiday calendar) and render/ (templates), so it lives below both.
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, relative, sep } from 'node:path';
import { UserError } from './io.js';

/** What a non-regular file is, in words, or undefined for a regular file. */
export function specialKind(info: Stats): string | undefined {
  if (info.isFile()) return undefined;
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO (named pipe)';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice()) return 'a character device';
  if (info.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

export interface RegularFileOptions {
  /** The command also reads standard input through "-": say so in the message for a pipe. */
  stdin?: boolean;
  /** Refuse larger files before reading them (bounds memory on a mistaken path). */
  maxBytes?: number;
  /** What the file should be, for the size message ("an SLA", "a holiday calendar"). */
  what?: string;
}

function refuseSpecial(label: string, info: Stats, options: RegularFileOptions): void {
  const kind = specialKind(info);
  if (kind === undefined) return;
  if (info.isDirectory()) throw new UserError(`${label}: is a directory, not a file`);
  const pipe = options.stdin && (info.isFIFO() || info.isSocket() || info.isCharacterDevice()) ? ' (to read a pipe, give - and redirect it to standard input)' : '';
  throw new UserError(`${label}: is ${kind}, not a regular file; sla reads only regular files${pipe}`);
}

function refuseSize(label: string, info: Stats, options: RegularFileOptions): void {
  if (options.maxBytes !== undefined && info.size > options.maxBytes) {
    // One decimal, so a file just over the limit does not read "8 MB, larger than ... (8 MB)".
    const mb = Math.floor((info.size / 1048576) * 10) / 10;
    throw new UserError(`${label}: the file is ${mb === options.maxBytes / 1048576 ? `over ${mb}` : mb} MB, larger than ${options.what ?? 'this file'} can be (${options.maxBytes / 1048576} MB)`);
  }
}

// O_NONBLOCK: opening a FIFO that appeared after the stat (a race) returns at once instead of
// waiting for a writer forever; the fstat on the open file then refuses it. Harmless on a regular file.
const READ_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

/**
 * Opens a file for reading only if it is a regular file: stat first (a FIFO would block the open),
 * then a non-blocking open and a second check of what was actually opened. Errors are UserErrors
 * naming `label`.
 */
export async function openRegularFile(full: string, label: string, options: RegularFileOptions = {}): Promise<FileHandle> {
  let handle: FileHandle | undefined;
  try {
    const before = await stat(full);
    refuseSpecial(label, before, options);
    refuseSize(label, before, options);
    handle = await open(full, READ_FLAGS);
    const info = await handle.stat();
    refuseSpecial(label, info, options);
    refuseSize(label, info, options);
    return handle;
  } catch (err) {
    await handle?.close().catch(() => undefined);
    if (err instanceof UserError) throw err;
    throw new UserError(describeFsError(label, err));
  }
}

/** Reads a whole regular file (see openRegularFile). */
export async function readRegularFile(full: string, label: string, options: RegularFileOptions = {}): Promise<Buffer> {
  const handle = await openRegularFile(full, label, options);
  try {
    return await handle.readFile();
  } catch (err) {
    throw new UserError(describeFsError(label, err));
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The same, synchronously (the template environment is built synchronously). */
export function readRegularFileSync(full: string, label: string, options: RegularFileOptions = {}): Buffer {
  let fd: number | undefined;
  try {
    const before = statSync(full);
    refuseSpecial(label, before, options);
    refuseSize(label, before, options);
    fd = openSync(full, READ_FLAGS);
    const info = fstatSync(fd);
    refuseSpecial(label, info, options);
    refuseSize(label, info, options);
    return readFileSync(fd);
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(describeFsError(label, err));
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** An error from the file system in words a user can act on. */
export function describeFsError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return `${path}: no such file or directory`;
    case 'EACCES':
    case 'EPERM': return `${path}: permission denied`;
    case 'EISDIR': return `${path}: is a directory, not a file`;
    case 'ENOTDIR': return `${path}: a part of the path is not a directory`;
    case 'ELOOP': return `${path}: a loop of symbolic links (a link that leads back to itself); fix or remove the link`;
    case 'ENAMETOOLONG': return `${path}: the path is too long`;
    case 'ENOSPC':
    case 'EDQUOT': return `${path}: no space left on the device (or over the disk quota); free some space and run again`;
    case 'ENXIO': return `${path}: no such device, or no program reads from it`;
    default: return `${path}: ${(err as Error)?.message ?? String(err)}`;
  }
}

const lexicallyInside = (base: string, full: string) => {
  const rel = relative(base, full);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

const real = (path: string) => {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
};

/**
 * Whether `full` lies inside the folder `base`, both as written (no `..` out) and once symbolic links
 * are followed (no link out). The one containment rule for every file a folder refers to: the holiday
 * calendar beside an SLA, templates, partials and the stylesheet in --template, a report's chart folder.
 */
export function isContained(base: string, full: string): boolean {
  return lexicallyInside(base, full) && lexicallyInside(real(base), real(full));
}

/**
 * Ordinary conditions of the machine that reach the top without a file name to blame (a full disk
 * under standard output, a missing temporary folder): one line saying what to do, or undefined for a
 * real bug.
 */
export function describeSystemError(err: unknown): string | undefined {
  const e = err as NodeJS.ErrnoException | undefined;
  if (!e || typeof e.code !== 'string') return undefined;
  if (e.syscall === 'mkdtemp' || e.syscall === 'mkdtempSync') {
    const folder = e.path !== undefined ? dirname(e.path) : 'the temporary folder';
    const why = e.code === 'ENOENT' ? 'does not exist' : e.code === 'ENOTDIR' ? 'is not a folder' : e.code === 'EACCES' || e.code === 'EPERM' ? 'is not writable' : e.code === 'ENOSPC' ? 'is on a full disk' : `cannot be used (${e.code})`;
    return `the temporary folder ${folder} ${why}; set TMPDIR to an existing, writable folder`;
  }
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') {
    // Files sla writes name themselves (write-file.ts); a write with no path is standard output.
    const where = e.path ?? (e.syscall === 'write' ? 'to standard output' : 'a file');
    return `cannot write ${where}: no space left on the device (or over the disk quota); free some space, or write elsewhere`;
  }
  if (e.code === 'EIO' && e.syscall === 'write') return 'cannot write the output: an input/output error on the device';
  return undefined;
}
