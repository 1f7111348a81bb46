import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, tempDir } from '../helpers.js';
import { exampleData, writeSla } from './fixtures.js';

const tmp = tempDir('sla-render-watch-');
afterAll(() => tmp.cleanup());

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sla render --watch', () => {
  it('re-renders when the SLA or a template changes, reports a broken SLA without stopping, and stops on Ctrl-C (exit 0)', async () => {
    const data = exampleData();
    const file = writeSla(tmp.dir, 'desk.yaml', data);
    const out = join(tmp.dir, 'desk.html');
    const templates = join(tmp.dir, 'templates');
    const { mkdirSync } = await import('node:fs');
    mkdirSync(templates);
    const child = spawn(process.execPath, [binPath, 'render', file, '-o', out, '--template', templates, '--watch'], { cwd: tmp.dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    try {
      await until(() => stderr.includes('watching for changes'), 'the first render');
      expect(readFileSync(out, 'utf8')).toContain('<h1>IT Service Desk Agreement</h1>');

      writeSla(tmp.dir, 'desk.yaml', { ...data, title: 'Renamed Agreement' });
      await until(() => readFileSync(out, 'utf8').includes('<h1>Renamed Agreement</h1>'), 'the re-render after an SLA change');

      writeFileSync(join(templates, 'toc.html.hbs'), '<nav>Custom contents</nav>');
      await until(() => readFileSync(out, 'utf8').includes('Custom contents'), 'the re-render after a template change');

      writeSla(tmp.dir, 'desk.yaml', { ...data, status: 'signed' });
      await until(() => stderr.includes('nothing was rendered'), 'the report of an invalid SLA');
      expect(readFileSync(out, 'utf8')).toContain('Custom contents'); // the last good output stays

      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
