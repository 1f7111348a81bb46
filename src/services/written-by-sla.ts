// Whether a file on disk is one `sla` wrote: only those are replaced without --force.
import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { carriesGeneratorMark, MARK_WINDOW } from '../render/generator-mark.js';

/** Reads at most MARK_WINDOW bytes from each end; a file that cannot be read is not ours. */
export async function writtenBySla(path: string): Promise<boolean> {
  let handle;
  try {
    // Only a regular file can be ours; opening a FIFO to look would block.
    if (!(await stat(path)).isFile()) return false;
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return false;
  }
  try {
    const { size } = await handle.stat();
    const read = async (position: number, length: number) => {
      const buffer = Buffer.alloc(length);
      const { bytesRead } = await handle.read(buffer, 0, length, position);
      return buffer.subarray(0, bytesRead).toString('latin1');
    };
    const head = await read(0, Math.min(MARK_WINDOW, size));
    const tail = size > MARK_WINDOW ? await read(size - MARK_WINDOW, MARK_WINDOW) : head;
    return carriesGeneratorMark(head, tail);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}
