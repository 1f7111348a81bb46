import { resolve } from 'node:path';
import { describeFsError, readRegularFile } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';

export { describeFsError };

/** Reads all of standard input, refusing more than an SLA can be. */
async function readStdinBytes(io: Io, what = 'an SLA'): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of io.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buf.length;
    if (size > MAX_SLA_BYTES) throw new UserError(`standard input is larger than ${what} can be (${MAX_SLA_BYTES / 1048576} MB)`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Larger than any agreement anyone writes by hand; refusing early keeps memory bounded on mistakes. */
export const MAX_SLA_BYTES = 8 * 1024 * 1024;

/** Reads a text input file, or standard input for "-", with errors a user can act on (exit 2). */
export async function readTextInput(path: string, io: Io, stdinLabel = '<stdin>', what = 'an SLA'): Promise<{ file: string; text: string }> {
  if (path === '-') return { file: stdinLabel, text: decodeUtf8(await readStdinBytes(io, what), stdinLabel) };
  // Only a regular file: a FIFO or a device would block or never end (stdin is "-").
  const bytes = await readRegularFile(resolve(io.cwd, path), path, { stdin: true, maxBytes: MAX_SLA_BYTES, what });
  return { file: path, text: decodeUtf8(bytes, path) };
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Decodes UTF-8 strictly: a file in another encoding is named, not silently mangled. */
export function decodeUtf8(bytes: Uint8Array, label: string): string {
  const other = otherEncoding(bytes);
  if (other) throw new UserError(`${label}: the file is ${other} encoded; save it as UTF-8`);
  try {
    return utf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = Buffer.from(bytes.subarray(0, offset)).toString('utf8');
    const line = before.split('\n').length;
    throw new UserError(`${label}:${line}: the file is not valid UTF-8 text (byte ${offset + 1}); save it as UTF-8`);
  }
}

/**
 * The encoding a byte-order mark at the start names, if not UTF-8: UTF-32 is checked first, since
 * its little-endian mark (FF FE 00 00) begins with UTF-16's (FF FE).
 */
export function otherEncoding(bytes: Uint8Array): string | undefined {
  const [a, b, c, d] = bytes;
  if (a === 0xff && b === 0xfe && c === 0 && d === 0) return 'UTF-32';
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return 'UTF-32';
  if (a === 0xff && b === 0xfe) return 'UTF-16';
  if (a === 0xfe && b === 0xff) return 'UTF-16';
  return undefined;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let lo = 0;
  let hi = bytes.length;
  // Binary search on the longest valid prefix; decoding a prefix that ends mid-character fails too,
  // so step back up to three bytes once found.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}
