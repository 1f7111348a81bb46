import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, runSla, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => {
  ({ dir, cleanup } = tempDir('sla-refs-'));
  cpSync(example('ticket-export'), dir, { recursive: true });
});
afterAll(() => cleanup());

describe('a file the SLA names is an input too', () => {
  it.each([
    ['report', ['report', 'sla.yaml', 'tickets.csv', '--format', 'md']],
    ['render', ['render', 'sla.yaml', '--format', 'html']],
  ])('%s refuses to write over the holiday calendar, even with --force', async (_name, args) => {
    const calendar = join(dir, 'bank-holidays-2026.ics');
    const before = readFileSync(calendar);
    const r = await runSla([...args, '-o', 'bank-holidays-2026.ics', '--force'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: bank-holidays-2026.ics is an input; choose another output file (nothing was written)\n');
    expect(readFileSync(calendar).equals(before)).toBe(true);
  });
});
