import { describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers.js';
import { checkCliCases, desk } from './cli.cases.js';

// Every case of the table, in this process; cli.cli.test.ts runs a sample of them through bin/sla.
describe('sla check (in-process)', () => checkCliCases('in-process'));

describe('sla check on a terminal', () => {
  it('colours the table on a terminal, and not with NO_COLOR', async () => {
    const coloured = await runInProcess(['check', ...desk], { tty: true });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await runInProcess(['check', ...desk], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});
