import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderCommand } from '../../src/commands/render.js';
import { doctorCommand } from '../../src/commands/doctor.js';
import type { Io } from '../../src/runtime/io.js';
import { example, runInProcess, runSla, tempDir } from '../helpers.js';
import { exampleData, writeSla } from './fixtures.js';

const tmp = tempDir('sla-render-cli-');
afterAll(() => tmp.cleanup());
const desk = example('it-service-desk', 'sla.yaml');
const platform = example('platform-api', 'sla.yaml');

function captureIo(env: Record<string, string | undefined> = {}): Io & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    stdin: process.stdin,
    env,
    cwd: tmp.dir,
    out: () => out,
    err: () => err,
  };
}

describe('sla render: inputs and outputs', () => {
  it('writes Markdown with -o and infers HTML from the extension', async () => {
    const md = join(tmp.dir, 'a.md');
    const html = join(tmp.dir, 'a.html');
    expect((await runInProcess(['render', desk, '-o', md])).code).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^# IT Service Desk Agreement\n/);
    expect((await runInProcess(['render', desk, '-o', html])).code).toBe(0);
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
  });

  it('never overwrites a file without --force', async () => {
    const out = join(tmp.dir, 'kept.md');
    writeFileSync(out, 'mine');
    const r = await runInProcess(['render', desk, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kept\.md already exists; use --force/);
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect((await runInProcess(['render', desk, '-o', out, '--force'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/^# IT Service Desk Agreement/);
  });

  it('--out-dir names outputs after the inputs, keeping two sla.yaml files apart', async () => {
    const dir = join(tmp.dir, 'out');
    const r = await runInProcess(['render', desk, platform, '--out-dir', dir]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'it-service-desk', 'sla.md'), 'utf8')).toContain('# IT Service Desk Agreement');
    expect(readFileSync(join(dir, 'platform-api', 'sla.md'), 'utf8')).toContain('# Payments API Service Level Agreement');
    expect(r.stderr).toContain('[1/2]');
    expect(r.stderr).toContain('rendered 2 agreements');
  });

  it('reads standard input and labels it with --stdin-filename', async () => {
    const r = await runSla(['render', '-', '--out-dir', join(tmp.dir, 'stdin'), '--stdin-filename', 'desk.yaml'], { input: readFileSync(desk) });
    expect(r.code).toBe(0);
    expect(existsSync(join(tmp.dir, 'stdin', 'desk.md'))).toBe(true);
  });

  it('an invalid SLA is refused with the validate diagnostics and nothing is written (exit 1)', async () => {
    const bad = writeSla(tmp.dir, 'bad.yaml', { ...exampleData(), status: 'signed' });
    const dir = join(tmp.dir, 'none');
    const r = await runSla(['render', desk, bad, '--out-dir', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml/);
    expect(r.stderr).toMatch(/status/);
    expect(r.stderr).toContain('nothing was rendered');
    expect(existsSync(dir)).toBe(false);
  });

  const usage: [string[], RegExp][] = [
    [['render', desk, '--format', 'pdf'], /a PDF needs a file: add -o/],
    [['render', desk, platform], /2 inputs need --out-dir DIR/],
    [['render', desk, platform, '-o', 'x.md'], /-o names one file but there are 2 inputs/],
    [['render', desk, '-o', 'x.md', '--out-dir', 'd'], /either -o FILE or --out-dir DIR/],
    [['render', desk, '--watch'], /--watch needs -o FILE or --out-dir DIR/],
    [['render', desk, '--format', 'docx'], /--format/],
    [['render', desk, '--paper', 'a3', '-o', 'x.pdf'], /--paper/],
    [['render'], /name the SLA files to render/],
    [['render', join('no', 'such.yaml')], /no such file or directory/],
  ];
  it.each(usage)('%j is a usage error (exit 2)', async (args, message) => {
    const r = await runInProcess(args, { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });
});

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

  it('--browser and PUPPETEER_EXECUTABLE_PATH that do not exist are named in the error', async () => {
    const r = await runSla(['render', desk, '-o', join(tmp.dir, 'x.pdf'), '--browser', '/nonexistent/chrome']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: --browser /nonexistent/chrome: not an executable file; name the Chrome or Chromium program, or leave --browser out to let sla find one\n');
    const e = await runSla(['render', desk, '-o', join(tmp.dir, 'y.pdf')], { env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } });
    expect(e.code).toBe(2);
    expect(e.stderr).toMatch(/PUPPETEER_EXECUTABLE_PATH=\/nonexistent\/chrome: not an executable file/);
  });

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
