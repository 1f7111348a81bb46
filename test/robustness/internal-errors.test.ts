import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/runtime/io.js';
import { example, repoRoot } from '../helpers.js';

/** An Io whose standard output fails the way a full disk or a closed device does. */
function brokenStdout(): { io: Io; stderr: () => string } {
  let stderr = '';
  const io: Io = {
    stdout: { write: () => { throw new TypeError('disk on fire'); }, isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: Readable.from([]) as unknown as Io['stdin'],
    env: {},
    cwd: repoRoot,
  };
  return { io, stderr: () => stderr };
}

// The process-level cases (a closed pipe, endless template recursion) are in internal-errors.cli.test.ts.
describe('an error sla did not expect', () => {
  it('is one line that says it is a bug and where to report it, exit 2, no stack trace', async () => {
    const { io, stderr } = brokenStdout();
    const code = await main(['validate', example('it-service-desk', 'sla.yaml')], io);
    expect(code).toBe(2);
    const lines = stderr().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^sla: internal error: disk on fire\. This is a bug in sla; please report it at https:\/\/\S+ with the command you ran \(--debug shows the stack trace\)$/);
  });

  it('shows the stack trace with --debug', async () => {
    const { io, stderr } = brokenStdout();
    const code = await main(['--debug', 'validate', example('it-service-desk', 'sla.yaml')], io);
    expect(code).toBe(2);
    expect(stderr()).toMatch(/^sla: internal error: disk on fire\./);
    expect(stderr()).toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
