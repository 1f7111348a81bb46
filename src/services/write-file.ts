import { randomBytes } from 'node:crypto';
import { closeSync, constants, fsync, linkSync, lstatSync, mkdirSync, openSync, renameSync, rmdirSync, statSync, unlinkSync, writeFile, writeSync } from 'node:fs';
import { open, readdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { onInterrupt, processAlive } from '../runtime/cleanup.js';
import { describeFsError } from '../runtime/files.js';
import { UserError } from '../runtime/io.js';

/** `.<name>.sla-<pid>-<hex>.tmp`: recognisable, and it names the process that owns it. */
const tempName = (path: string) => join(dirname(path), `.${basename(path)}.sla-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
const TEMP_NAME = /^\..+\.sla-(\d+)-[0-9a-f]{8}\.tmp$/;

const swept = new Set<string>();

const writeToFd = promisify((fd: number, data: string | Uint8Array, done: (err: NodeJS.ErrnoException | null) => void) => writeFile(fd, data, done));
const fsyncFd = promisify(fsync);

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
   * Called the moment a file is in place, before anything else can run (a signal handler included),
   * so a caller writing several files knows exactly which exist if it is interrupted.
   */
  placed?: (path: string) => void;
  /** What to suggest when a target is a folder (e.g. "use --out-dir DIR"). */
  folderHint?: string;
}

/** /dev/stdout, /dev/fd/3, /proc/self/fd/1: an open descriptor, not a name to replace. */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:fd\/\d+|stdout|stderr)|proc\/(?:self|\d+)\/fd\/\d+)$/;

/**
 * How an output path is written: `missing` and `file` atomically (temp file and rename), `stream`
 * (a character device such as /dev/null, a FIFO, a descriptor path such as /dev/stdout) by writing
 * through it, since replacing it would destroy the device or the pipe and clobbers nothing.
 * A folder or a socket cannot be written at all.
 */
export type OutputKind = 'missing' | 'file' | 'stream';

export function outputKind(path: string, folderHint?: string): OutputKind {
  if (DESCRIPTOR_PATH.test(path)) return 'stream';
  let info;
  try {
    info = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // A dangling link is replaced like a file (the link, not its missing target).
      return lstatSync(path, { throwIfNoEntry: false }) ? 'file' : 'missing';
    }
    if (code === 'ENOTDIR') throw new UserError(`${path}: a part of the path is a file, not a folder; choose another output path`);
    throw new UserError(describeFsError(path, err));
  }
  if (info.isDirectory()) throw new UserError(`${path} is a folder, not a file; ${folderHint ?? 'give the path of a file to write'}`);
  if (info.isSocket()) throw new UserError(`${path} is a socket; sla cannot write to it (give a file, or - for standard output where the command has it)`);
  if (info.isCharacterDevice() || info.isFIFO()) return 'stream';
  if (!info.isFile()) throw new UserError(`${path} is a block device; sla writes only files, character devices and pipes`);
  return 'file';
}

/**
 * Whether writing `path` would replace an existing file (so needs --force). A device or a pipe is
 * written through and replaces nothing; a folder is refused with `folderHint`, never with --force.
 */
export function wouldClobber(path: string, folderHint?: string): boolean {
  return outputKind(path, folderHint) === 'file';
}

/**
 * Writes a file atomically: the data goes to a temporary file beside the target (same folder, so
 * the same file system and rename is atomic), is flushed, and is then moved into place. Readers see
 * the old file or the new one, never a part. Ctrl-C, SIGTERM or SIGHUP remove the temporary file;
 * after a SIGKILL the next write to the folder sweeps it. Without `force`, the move is a hard link,
 * which fails when the target exists, so nothing is ever clobbered even when two processes race.
 * A character device or a FIFO is written through instead (see outputKind).
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  await writeFilesTogether([{ path, data }], options);
}

/**
 * Writes a set of files that belong together (a report and its charts, init's files) so that they
 * appear together or not at all: every file is first written to its temporary file, and only when
 * all are written (a full disk fails here) are they moved into place. On a failure, the temporary
 * files, the files this call placed where none was before, and the folders it created are removed.
 */
export async function writeFilesTogether(files: { path: string; data: string | Uint8Array; force?: boolean }[], options: WriteOptions = {}): Promise<void> {
  const temps = new Map<string, string>();
  const placedNew: string[] = [];
  const createdDirs: string[] = [];
  const undo = () => {
    for (const temp of temps.values()) rmQuietly(temp);
    for (const p of placedNew) rmQuietly(p);
    for (const d of [...createdDirs].sort((a, b) => b.length - a.length)) rmdirQuietly(d); // deepest first
  };
  const forget = onInterrupt(undo);
  let current = files[0]?.path ?? '';
  try {
    const kinds = files.map((f) => outputKind(f.path, options.folderHint));
    for (const [i, f] of files.entries()) {
      if (kinds[i] === 'stream') continue;
      current = f.path;
      const dir = dirname(f.path);
      // Every step that creates or moves a name is synchronous: a signal handler runs only between
      // JavaScript tasks, so it never meets a name that a worker thread is still creating (an async
      // open finishing after the handler removed its temporary file would leave that file behind).
      let made: string | undefined;
      try {
        made = mkdirSync(dir, { recursive: true });
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EEXIST' || code === 'ENOTDIR') throw new UserError(`${dir} is a file, not a folder; move it away or choose another output path${files.length > 1 ? ' (nothing was written)' : ''}`);
        throw err;
      }
      // mkdir gives the first folder it made; the ones below it on the way to `dir` are new too.
      if (made !== undefined) for (let d = dir; d.length >= made.length; d = dirname(d)) if (!createdDirs.includes(d)) createdDirs.push(d);
      await sweepStaleTemps(dir);
      const temp = tempName(f.path);
      temps.set(f.path, temp);
      // Created synchronously, written asynchronously: the name exists before a handler can look for
      // it, and a long write (a large PDF, a batch) still lets Ctrl-C through.
      const fd = openSync(temp, 'wx', 0o644);
      try {
        await writeToFd(fd, f.data);
        await fsyncFd(fd);
      } finally {
        closeSync(fd);
      }
    }
    // Devices and pipes next: a write there can still fail (a full /dev/full) while nothing has been
    // replaced yet; what reached a pipe cannot be taken back, so they come after every temporary file.
    for (const [i, f] of files.entries()) {
      if (kinds[i] !== 'stream') continue;
      current = f.path;
      await writeThrough(f.path, f.data);
    }
    // Then the moves into place, which fail only in a race (a file that appeared without --force).
    for (const [i, f] of files.entries()) {
      if (kinds[i] === 'stream') continue;
      current = f.path;
      const temp = temps.get(f.path)!;
      const existed = kinds[i] === 'file';
      if (f.force ?? options.force) {
        renameSync(temp, f.path);
      } else {
        try {
          linkSync(temp, f.path);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new UserError(`${f.path} already exists; use --force to overwrite it`);
          throw err;
        }
        unlinkSync(temp);
      }
      temps.delete(f.path);
      if (!existed) placedNew.push(f.path);
      options.placed?.(f.path);
    }
  } catch (err) {
    undo();
    if (err instanceof UserError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') throw new UserError(`${current}: cannot write there (permission denied)`);
    if (code === 'EISDIR') throw new UserError(`${current} is a folder, not a file; ${options.folderHint ?? 'give the path of a file to write'}`);
    // The temporary file's name means nothing to the user: the message names the target.
    throw new UserError(`${describeFsError(current, err)}${files.length > 1 ? ' (nothing was written)' : ''}`);
  } finally {
    forget();
  }
}

/** /dev/stdout, /dev/fd/3, /proc/self/fd/3: the descriptor this process already has open, if any. */
function ownDescriptor(path: string): number | undefined {
  const m = /^\/(?:dev\/(stdout|stderr|fd\/(\d+))|proc\/(self|\d+)\/fd\/(\d+))$/.exec(path);
  if (!m) return undefined;
  if (m[1] === 'stdout') return 1;
  if (m[1] === 'stderr') return 2;
  if (m[2] !== undefined) return Number(m[2]);
  return m[3] === 'self' || Number(m[3]) === process.pid ? Number(m[4]) : undefined;
}

/** Writes all of `data` to an open descriptor, waiting while a non-blocking pipe is full. */
async function writeToDescriptor(fd: number, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      await new Promise((done) => setTimeout(done, 5));
    }
  }
}

/** A device, a FIFO or a descriptor path: opened without creating or truncating anything. */
async function writeThrough(path: string, data: string | Uint8Array): Promise<void> {
  // Our own standard output (a pipe or a socket pair that cannot be opened again by name): write to it.
  const fd = ownDescriptor(path);
  if (fd !== undefined) return writeToDescriptor(fd, data);
  // A FIFO nobody reads would block the open forever: a non-blocking open fails at once (ENXIO).
  const probe = await open(path, constants.O_WRONLY | constants.O_NONBLOCK | constants.O_NOCTTY).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENXIO') throw new UserError(`${path}: no program is reading from this pipe; start the reader first`);
    throw err;
  });
  await probe.close();
  // O_APPEND: a descriptor path to a file opened with >> keeps what is already there.
  const handle = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_NOCTTY);
  try {
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}

function rmQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    /* not created yet, or already moved */
  }
}

function rmdirQuietly(path: string): void {
  try {
    rmdirSync(path); // only when empty: never anything someone else put there
  } catch {
    /* not empty, or gone */
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
