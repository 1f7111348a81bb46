import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserError, type Io } from '../io.js';

/** Reads all of standard input as UTF-8 text. */
export async function readStdin(io: Io): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** Larger than any agreement anyone writes by hand; refusing early keeps memory bounded on mistakes. */
export const MAX_SLA_BYTES = 8 * 1024 * 1024;

/** Reads a text input file, or standard input for "-", with errors a user can act on (exit 2). */
export async function readTextInput(path: string, io: Io, stdinLabel = '<stdin>'): Promise<{ file: string; text: string }> {
  if (path === '-') return { file: stdinLabel, text: await readStdin(io) };
  const full = resolve(io.cwd, path);
  let info;
  try {
    info = await stat(full);
  } catch (err) {
    throw new UserError(describeFsError(path, err));
  }
  if (info.isDirectory()) throw new UserError(`${path}: is a directory, not a file`);
  if (info.size > MAX_SLA_BYTES) throw new UserError(`${path}: the file is ${Math.round(info.size / 1048576)} MB, larger than an SLA can be (${MAX_SLA_BYTES / 1048576} MB)`);
  try {
    return { file: path, text: await readFile(full, 'utf8') };
  } catch (err) {
    throw new UserError(describeFsError(path, err));
  }
}

export function describeFsError(path: string, err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT': return `${path}: no such file or directory`;
    case 'EACCES':
    case 'EPERM': return `${path}: permission denied`;
    case 'EISDIR': return `${path}: is a directory, not a file`;
    case 'ENOTDIR': return `${path}: a part of the path is not a directory`;
    default: return `${path}: ${(err as Error)?.message ?? String(err)}`;
  }
}
