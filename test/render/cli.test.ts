import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../../src/commands/render.js';
import { doctorCommand } from '../../src/commands/doctor.js';
import { example, tempDir, capturedIo } from '../helpers.js';
import { renderCliCases } from './cli.cases.js';

const tmp = tempDir('sla-render-cli-');
afterAll(() => tmp.cleanup());
const desk = example('it-service-desk', 'sla.yaml');

const captureIo = (env: Record<string, string | undefined> = {}) => capturedIo(tmp.dir, env);

// Every case of the table, in this process; render.cli.test.ts runs a sample through bin/sla.
describe('sla render (in-process)', () => renderCliCases('in-process'));

describe('browser discovery', () => {
  it('no browser anywhere: one message that says how to install one, exit 2, nothing written', async () => {
    const io = captureIo({ PATH: '', HOME: tmp.dir });
    const out = join(tmp.dir, 'nobrowser.pdf');
    await expect(renderCommand([desk], { format: 'pdf', output: out }, io, { systemBrowserPaths: [] })).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringMatching(/^no Chrome or Chromium found for PDF output; install one \(Debian\/Ubuntu: apt-get install chromium;.*--browser PATH or PUPPETEER_EXECUTABLE_PATH/),
    });
    expect(existsSync(out)).toBe(false);
  });

  it('sla doctor says why none was found (json and text), exit 1', async () => {
    const io = captureIo({ HOME: tmp.dir, PATH: '' });
    expect(await doctorCommand({ format: 'json', launch: false }, io, { systemBrowserPaths: ['/nowhere/chromium'] })).toBe(1);
    const report = JSON.parse(io.out());
    expect(report.ready).toBe(false);
    expect(report.browser.found).toBe(false);
    expect(report.browser.problem).toMatch(/no Chrome or Chromium found/);
    expect(report.browser.checked).toContain('/nowhere/chromium');
    const text = captureIo({ HOME: tmp.dir, PATH: '' });
    expect(await doctorCommand({ launch: false }, text, { systemBrowserPaths: [] })).toBe(1);
    expect(text.out()).toMatch(/browser {4}none found/);
    expect(text.out()).toMatch(/PDF output is not ready: install one/);
  });
});
