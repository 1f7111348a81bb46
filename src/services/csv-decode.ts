// Strict UTF-8 decoding of a metrics CSV, shared by `sla check` and its range worker (check-worker.ts).
import { StringDecoder } from 'node:string_decoder';
import { UserError } from '../runtime/io.js';
import { otherEncoding } from './inputs.js';

/**
 * Decodes bytes as UTF-8 and refuses, on the first chunk, what is not a CSV at all (UTF-16 or UTF-32,
 * binary data), so a wrong file fails at once instead of being read to the end; bytes that are not
 * UTF-8 are refused in any chunk, NUL bytes past the first 4 KB by the CSV reader. `start`: the
 * stream's first byte in the file, for a later range of a split file (its text starts at a line);
 * `size`: the file's, when it is read in 64 KB blocks (fileBlocks): a bad byte is then reported by its
 * block, whichever range read it, so a split read says what a serial one says.
 */
export async function* decode(stream: AsyncIterable<unknown>, label: string, start = 0, size?: number): AsyncGenerator<string> {
  // StringDecoder keeps a character split between chunks whole and is ~10 % faster over a large file
  // than a fatal TextDecoder; it turns a bad byte into U+FFFD, so more U+FFFD in the text than the
  // file spells out (EF BF BD) means the file is not UTF-8.
  const decoder = new StringDecoder('utf8');
  let offset = start;
  const first = start === 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    // A range that ends inside a 64 KB block checks the whole block, as a serial read does before
    // any row of it (fileBlocks attaches the rest): a bad byte there wins over a bad row before it.
    const after = (chunk as { rest?: Buffer }).rest;
    const block = after === undefined ? bytes : Buffer.concat([bytes, after]);
    if (offset === 0 && first) {
      // NULs further on are found by the CSV reader, with their row and column.
      // A zip is what a workbook is: named .csv or piped in, it gets a message that says so.
      if (block.length >= 4 && block.readUInt32LE(0) === 0x04034b50) throw new UserError(`${label}: is a zip archive, not a CSV; if it is an Excel workbook, give it as a file named .xlsx (a workbook is not read from standard input)`);
      if (block.length >= 4 && block.readUInt32BE(0) === 0xd0cf11e0) throw new UserError(`${label}: is an old Excel .xls workbook (or another Office file), not a CSV; save it as .xlsx or export the sheet as CSV`);
      const other = otherEncoding(block);
      if (other) throw new UserError(`${label}: the file is ${other} encoded; save it as UTF-8 CSV`);
      if (block.subarray(0, 4096).includes(0)) throw new UserError(`${label}: the file is not text (it holds NUL bytes); is it really a CSV?`);
    }
    let text = decoder.write(bytes);
    if (offset === 0 && first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // The rest starts just after a line feed: no character spans the two.
    const tail = after === undefined ? '' : new StringDecoder('utf8').write(after);
    if ((text.includes('\uFFFD') || tail.includes('\uFFFD')) && countOf(text, '\uFFFD') + countOf(tail, '\uFFFD') > countOf(block, REPLACEMENT)) {
      const from = size === undefined ? offset : offset - (offset % BLOCK);
      const to = size === undefined ? offset + bytes.length : Math.min(size, from + BLOCK);
      throw new UserError(`${label}: the file is not valid UTF-8 text (in bytes ${from + 1}–${to}); save it as UTF-8 CSV`);
    }
    offset += bytes.length;
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest.includes('\uFFFD')) throw new UserError(`${label}: the file ends inside a character; it is not valid UTF-8 text`);
  if (rest) yield rest;
}

const REPLACEMENT = Buffer.from('\uFFFD');

function countOf(haystack: string | Buffer, needle: string | Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle as never); i !== -1; i = haystack.indexOf(needle as never, i + 1)) n++;
  return n;
}

const BLOCK = 1 << 16;

/**
 * Bytes [start, end) of a file in 64 KB blocks aligned to the file's start (the first and last may
 * be shorter), as a serial read of the whole file chunks them. 64 KB: see docs/benchmarks.md. When
 * `end` is inside a block of a file of `size` bytes, the last chunk carries the rest of that block.
 */
export async function* fileBlocks(handle: import('node:fs/promises').FileHandle, start: number, end: number, size = end): AsyncGenerator<Buffer> {
  let at = start;
  while (at < end) {
    const want = Math.min(end, at - (at % BLOCK) + BLOCK) - at;
    const buf = Buffer.allocUnsafe(want);
    const { bytesRead } = await handle.read(buf, 0, want, at);
    if (bytesRead === 0) return;
    const chunk = bytesRead === want ? buf : buf.subarray(0, bytesRead);
    at += bytesRead;
    // The range ends inside a block: the rest of the block goes along for decode's UTF-8 check.
    if (at === end && end < size && end % BLOCK !== 0) {
      const rest = Buffer.allocUnsafe(Math.min(size, end - (end % BLOCK) + BLOCK) - end);
      const { bytesRead: n } = await handle.read(rest, 0, rest.length, end);
      (chunk as Buffer & { rest?: Buffer }).rest = rest.subarray(0, n);
    }
    yield chunk;
  }
}
