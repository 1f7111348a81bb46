// One table of `sla render` cases (inputs, outputs, usage errors, template errors), run in-process by
// cli.test.ts (every case) and through the spawned bin/sla by render.cli.test.ts (a sample: see
// CaseTable in test/helpers.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { CaseTable, example, tempDir, type Mode } from '../helpers.js';
import { exampleData, writeSla } from './fixtures.js';

const desk = example('it-service-desk', 'sla.yaml');
const platform = example('platform-api', 'sla.yaml');
const sla = desk;

/** Declares the cases (inside a describe); `mode` says how they run. */
export function renderCliCases(mode: Mode): void {
  const tmp = { dir: '', cleanup: () => {} };
  beforeAll(() => Object.assign(tmp, tempDir('sla-render-cli-')));
  afterAll(() => tmp.cleanup());
  const templateDir = (name: string, files: Record<string, string>): string => {
    const dir = join(tmp.dir, name);
    mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
    return dir;
  };
  const t = new CaseTable(mode);

  t.describe('sla render: inputs and outputs', () => {
    t.case('writes Markdown with -o and infers HTML from the extension', async (run) => {
      const md = join(tmp.dir, 'a.md');
      const html = join(tmp.dir, 'a.html');
      expect((await run(['render', desk, '-o', md])).code).toBe(0);
      expect(readFileSync(md, 'utf8')).toMatch(/^# IT Service Desk Agreement\n/);
      expect((await run(['render', desk, '-o', html])).code).toBe(0);
      expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    });

    t.case('never overwrites a file without --force', async (run) => {
      const out = join(tmp.dir, 'kept.md');
      writeFileSync(out, 'mine');
      const r = await run(['render', desk, '-o', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/kept\.md already exists; use --force/);
      expect(readFileSync(out, 'utf8')).toBe('mine');
      expect((await run(['render', desk, '-o', out, '--force'])).code).toBe(0);
      expect(readFileSync(out, 'utf8')).toMatch(/^# IT Service Desk Agreement/);
    });

    t.case('--out-dir names outputs after the inputs, keeping two sla.yaml files apart', async (run) => {
      const dir = join(tmp.dir, 'out');
      const r = await run(['render', desk, platform, '--out-dir', dir]);
      expect(r.code).toBe(0);
      expect(readFileSync(join(dir, 'it-service-desk', 'sla.md'), 'utf8')).toContain('# IT Service Desk Agreement');
      expect(readFileSync(join(dir, 'platform-api', 'sla.md'), 'utf8')).toContain('# Payments API Service Level Agreement');
      expect(r.stderr).toContain('[1/2]');
      expect(r.stderr).toContain('rendered 2 agreements');
    });

    t.case('reads standard input and labels it with --stdin-filename', async (run) => {
      const r = await run(['render', '-', '--out-dir', join(tmp.dir, 'stdin'), '--stdin-filename', 'desk.yaml'], { input: readFileSync(desk) });
      expect(r.code).toBe(0);
      expect(existsSync(join(tmp.dir, 'stdin', 'desk.md'))).toBe(true);
    }, { process: 'standard input through a real pipe' });

    t.case('an invalid SLA is refused with the validate diagnostics and nothing is written (exit 1)', async (run) => {
      const bad = writeSla(tmp.dir, 'bad.yaml', { ...exampleData(), status: 'signed' });
      const dir = join(tmp.dir, 'none');
      const r = await run(['render', desk, bad, '--out-dir', dir]);
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
    for (const [args, message] of usage) t.case(`${JSON.stringify(args)} is a usage error (exit 2)`, async (run) => {
      const r = await run(args, { cwd: tmp.dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    });
  });

  t.describe('browser discovery', () => {
    t.case('--browser and PUPPETEER_EXECUTABLE_PATH that do not exist are named in the error', async (run) => {
      const r = await run(['render', desk, '-o', join(tmp.dir, 'x.pdf'), '--browser', '/nonexistent/chrome']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('sla: --browser /nonexistent/chrome: not an executable file; name the Chrome or Chromium program, or leave --browser out to let sla find one\n');
      const e = await run(['render', desk, '-o', join(tmp.dir, 'y.pdf')], { env: { PUPPETEER_EXECUTABLE_PATH: '/nonexistent/chrome' } });
      expect(e.code).toBe(2);
      expect(e.stderr).toMatch(/PUPPETEER_EXECUTABLE_PATH=\/nonexistent\/chrome: not an executable file/);
    });
  });

  t.describe('templates', () => {
    const failures: [string, Record<string, string>, RegExp][] = [
      ['a syntax error', { 'scope.md.hbs': '## 2. Scope\n\n{{#each scope.services}}\n- {{name}}\n' }, /^sla: template error in .*scope\.md\.hbs, line \d+: syntax error/],
      ['a misspelled field', { 'parties.md.hbs': '## 1. Parties\n\n\n{{provider.nmae}}\n' }, /^sla: template error in .*parties\.md\.hbs, line 4: "nmae" is not in the view model/],
      ['an unknown helper', { 'toc.md.hbs': '## Contents\n{{shout agreement.title}}\n' }, /^sla: template error in .*toc\.md\.hbs, line 2: unknown helper "shout"/],
    ];
    for (const [what, files, message] of failures) t.case(`${what} is one line naming the file and line, exit 2`, async (run) => {
      const dir = templateDir(`broken-${Object.keys(files)[0]}`, files);
      const r = await run(['render', sla, '--template', dir]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    });
  });
}
