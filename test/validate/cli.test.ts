import { describe, expect, it } from 'vitest';
import { example, runInProcess } from '../helpers.js';
import { validateCliCases, validateFixtureDir } from './cli.cases.js';

// Every case of the table, in this process; cli.cli.test.ts runs a sample of them through bin/sla.
describe('sla validate (in-process)', () => validateCliCases('in-process'));

describe('sla validate on a terminal', () => {
  const dir = validateFixtureDir();

  it('colours only on a terminal and never with NO_COLOR or --no-color', async () => {
    const args = ['validate', example('it-service-desk', 'sla.yaml'), 'invalid.yaml', '--as-of', '2026-03-01'];
    const tty = await runInProcess(args, { cwd: dir(), tty: true });
    expect(tty.stdout).toMatch(/\u001b\[31m/);
    expect((await runInProcess(args, { cwd: dir(), tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(/\u001b\[/);
    expect((await runInProcess([...args, '--no-color'], { cwd: dir(), tty: true })).stdout).not.toMatch(/\u001b\[/);
    expect((await runInProcess(args, { cwd: dir(), tty: false })).stdout).not.toMatch(/\u001b\[/);
  });
});
