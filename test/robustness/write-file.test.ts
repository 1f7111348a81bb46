// The atomic writer in-process: `placed` fires once the file exists, and never for a refused write.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/services/write-file.js';
import { tempDir } from '../helpers.js';

const tmp = tempDir('sla-write-');
afterAll(() => tmp.cleanup());

describe('writeFileAtomic', () => {
  it('calls placed once, when the new file is already in place', async () => {
    const path = join(tmp.dir, 'new.txt');
    const seen: boolean[] = [];
    await writeFileAtomic(path, 'hello', { placed: () => seen.push(existsSync(path)) });
    expect(seen).toEqual([true]);
    expect(readFileSync(path, 'utf8')).toBe('hello');
  });

  it('does not call placed when it refuses to replace a file, and leaves that file alone', async () => {
    const path = join(tmp.dir, 'mine.txt');
    writeFileSync(path, 'mine');
    let called = 0;
    await expect(writeFileAtomic(path, 'theirs', { placed: () => called++ })).rejects.toThrow(/already exists; use --force/);
    expect(called).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe('mine');
  });

  it('calls placed after replacing with force', async () => {
    const path = join(tmp.dir, 'mine.txt');
    let called = 0;
    await writeFileAtomic(path, 'new', { force: true, placed: () => called++ });
    expect(called).toBe(1);
    expect(readFileSync(path, 'utf8')).toBe('new');
  });
});
