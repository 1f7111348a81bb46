// Errors at the level of the process: a reader that closes the pipe (EPIPE), and a template that
// includes itself (endless recursion, which inside a test worker exhausts V8 instead: see cases.yaml).
import { describe, expect, it } from 'vitest';
import { example, runSla } from '../helpers.js';

describe('an error sla did not expect (bin/sla)', () => {
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
