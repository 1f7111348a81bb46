// sla render through the spawned bin/sla: a sample of the cases in cli.cases.ts, the built CLI against
// the in-process run, and a browser found by running it (a stand-in script that prints a version).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { doctorCommand } from '../../src/commands/doctor.js';
import { example, runInProcess, runSla, tempDir, capturedIo } from '../helpers.js';
import { renderCliCases } from './cli.cases.js';

const tmp = tempDir('sla-render-bin-');
afterAll(() => tmp.cleanup());

const captureIo = (env: Record<string, string | undefined> = {}) => capturedIo(tmp.dir, env);

// The cases of cli.cases.ts through bin/sla: every 8th and those that need a real process.
describe('sla render (bin/sla)', () => renderCliCases('bin/sla'));

describe('golden Markdown of the examples', () => {
  it('the built CLI prints the same Markdown as the in-process run', async () => {
    const spawned = await runSla(['render', example('it-service-desk', 'sla.yaml')]);
    const inProcess = await runInProcess(['render', example('it-service-desk', 'sla.yaml')]);
    expect(spawned.code).toBe(0);
    expect(spawned.stdout).toBe(inProcess.stdout);
  });
});

describe('browser discovery', () => {
  // Runs the stand-in browser to read its version: a child process, so not in the unit project.
  it("finds a browser in puppeteer's cache before the system ones", async () => {
    const cache = join(tmp.dir, 'pcache');
    const bin = join(cache, 'chrome-headless-shell', 'linux-131.0.6778.85', 'chrome-headless-shell-linux64');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'chrome-headless-shell'), '#!/bin/sh\necho "Chrome Headless Shell 131.0.6778.85"\n', { mode: 0o755 });
    const io = captureIo({ PUPPETEER_CACHE_DIR: cache });
    const code = await doctorCommand({ format: 'json', launch: false }, io, { systemBrowserPaths: [] });
    const report = JSON.parse(io.out());
    expect(code).toBe(0);
    expect(report.browser).toMatchObject({ found: true, path: join(bin, 'chrome-headless-shell'), source: "puppeteer's cache", version: 'Chrome Headless Shell 131.0.6778.85', launch: null });
  });
});
