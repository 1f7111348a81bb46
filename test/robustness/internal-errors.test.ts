import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import type { Io } from '../../src/runtime/io.js';
import { example, repoRoot, runSla } from '../helpers.js';

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

  it('a reader that closes the pipe early is not an error', async () => {
    const { spawn } = await import('node:child_process');
    const { binPath } = await import('../helpers.js');
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [binPath, 'schema'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (c) => {
        expect(stderr).toBe('');
        resolve(c);
      });
    });
    expect(code).toBe(0);
  });

  it('a template that includes itself is a template error, not a crash', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'sla-tpl-'));
    writeFileSync(join(dir, 'parties.md.hbs'), '{{> parties}}\n');
    const r = await runSla(['render', example('it-service-desk', 'sla.yaml'), '--template', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: template error in ${join(dir, 'parties.md.hbs')}: the templates include each other without end (does a partial include itself?)\n`);
  });
});
