// File input and output safety, in-process: symbolic links (followed in folders, contained in
// --template and the chart folder, loops named), devices and folders as outputs, a set of files that
// appears together or not at all. FIFOs, TMPDIR and a real full disk need processes: files.cli.test.ts.
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFilesTogether } from '../../src/services/write-file.js';
import { example, runInProcess, tempDir } from '../helpers.js';

const tmp = tempDir('sla-files-');
afterAll(() => tmp.cleanup());
const fresh = tmp.fresh;
const sla = example('it-service-desk', 'sla.yaml');
const api = example('platform-api', 'sla.yaml');
const metrics = example('platform-api', 'metrics.csv');
const noTrace = (out: string) => {
  expect(out).not.toMatch(/internal error|^\s+at .+:\d+:\d+\)?$/m);
};

describe('symbolic links', () => {
  it('validates a linked agreement in directory mode, as the glob form does', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'slas'));
    cpSync(sla, join(dir, 'slas', 'good.yaml'));
    writeFileSync(join(dir, 'invalid.yaml'), 'sla: 1\n');
    symlinkSync('../invalid.yaml', join(dir, 'slas', 'team.yaml'));
    const byFolder = await runInProcess(['validate', 'slas', '--as-of', '2026-03-01'], { cwd: dir });
    const byGlob = await runInProcess(['validate', 'slas/*.yaml', '--as-of', '2026-03-01'], { cwd: dir });
    expect(byFolder.code, byFolder.stderr).toBe(1);
    expect(byFolder.stdout).toContain('slas/team.yaml');
    expect(byFolder.stdout).toContain('missing the required key "id"');
    expect(byGlob.code).toBe(1);
  });

  it('follows a linked folder, and names a folder link that loops back', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'slas', 'team'), { recursive: true });
    cpSync(sla, join(dir, 'shared.yaml'));
    mkdirSync(join(dir, 'elsewhere'));
    cpSync(sla, join(dir, 'elsewhere', 'linked.yaml'));
    symlinkSync('../../elsewhere', join(dir, 'slas', 'team', 'other'));
    const ok = await runInProcess(['validate', 'slas', '--as-of', '2026-03-01'], { cwd: dir });
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    symlinkSync('..', join(dir, 'slas', 'team', 'up'));
    const started = Date.now();
    const loop = await runInProcess(['validate', 'slas'], { cwd: dir });
    expect(loop.code).toBe(2);
    expect(loop.stderr).toBe('sla: slas/team/up: a loop of symbolic links (the link leads back to a folder it is in); fix or remove the link\n');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('says "loop" for a link loop given as the SLA, the CSV or a folder, not "no such file"', async () => {
    const dir = fresh();
    symlinkSync('a.yaml', join(dir, 'b.yaml'));
    symlinkSync('b.yaml', join(dir, 'a.yaml'));
    symlinkSync('d', join(dir, 'd'));
    for (const args of [['validate', 'a.yaml'], ['check', api, 'a.yaml'], ['render', 'a.yaml'], ['validate', 'd'], ['report', api, 'b.yaml']]) {
      const r = await runInProcess(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/^sla: [abd](\.yaml)?: a loop of symbolic links/);
      noTrace(r.stdout + r.stderr);
    }
  });

  it('refuses a partial in --template that links outside the folder, and allows it with --allow-outside', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET-TOKEN\n');
    mkdirSync(join(dir, 'repo', 'tpl'), { recursive: true });
    cpSync(sla, join(dir, 'repo', 'sla.yaml'));
    writeFileSync(join(dir, 'repo', 'tpl', 'parties.md.hbs'), '{{> secret}}\n');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'repo', 'tpl', 'secret.md.hbs'));
    const r = await runInProcess(['render', 'sla.yaml', '--template', 'tpl'], { cwd: join(dir, 'repo') });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: --template tpl: secret.md.hbs is a link to ${join(dir, 'secret.txt')}, outside the template folder; copy the file into the folder, or run with --allow-outside\n`);
    expect(r.stdout).not.toContain('TOP-SECRET');
    // A link inside the folder is fine, and so is the user's explicit --allow-outside.
    const allowed = await runInProcess(['render', 'sla.yaml', '--template', 'tpl', '--allow-outside'], { cwd: join(dir, 'repo') });
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain('TOP-SECRET');
  });

  it('refuses a report chart folder that is a link out of the report folder, before writing anything', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'out'));
    mkdirSync(join(dir, 'victim'));
    symlinkSync('../victim', join(dir, 'out', 'report-charts'));
    const r = await runInProcess(['report', api, metrics, '-o', 'out/report.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: out/report-charts is a link to ${join(dir, 'victim')}, outside the report's folder; remove the link (charts are written only beside the report), or use --inline-images\n`);
    expect(readdirSync(join(dir, 'victim'))).toEqual([]);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report-charts']);
    // A link that stays inside the folder is an ordinary folder.
    mkdirSync(join(dir, 'out', 'charts-here'));
    const inside = join(dir, 'in');
    mkdirSync(inside);
    mkdirSync(join(inside, 'real-charts'));
    symlinkSync('real-charts', join(inside, 'report-charts'));
    const ok = await runInProcess(['report', api, metrics, '-o', 'in/report.md'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    expect(readdirSync(join(inside, 'real-charts')).length).toBeGreaterThan(0);
  });
});

describe('devices and folders as outputs', () => {
  it('writes through /dev/null without --force and leaves it a device', async () => {
    for (const args of [['render', sla, '-o', '/dev/null'], ['report', api, metrics, '-o', '/dev/null']]) {
      const r = await runInProcess(args, { cwd: fresh() });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('--force');
      expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    }
    // No chart folder beside a device: the charts are inline.
    expect(existsSync('/dev/null-charts')).toBe(false);
  });

  it('reports a full device (/dev/full) as a full disk, exit 2, without the temp name', async () => {
    const r = await runInProcess(['render', sla, '-o', '/dev/full'], { cwd: fresh() });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: /dev/full: no space left on the device (or over the disk quota); free some space and run again\n');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('names a folder given as -o as a folder, with or without --force, and never suggests --force', async () => {
    const dir = fresh();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'keep.txt'), 'keep');
    const cases: [string[], string][] = [
      [['render', sla, '-o', 'out'], 'to write into it, use --out-dir out'],
      [['render', sla, '-o', 'out', '--force'], 'to write into it, use --out-dir out'],
      [['report', api, metrics, '-o', 'out'], "give the report's file name, such as out/report.md"],
      [['report', api, metrics, '-o', 'out', '--force'], "give the report's file name, such as out/report.md"],
      [['init', 'out', '--yes'], "give the agreement's file path, such as out/sla.yaml"],
      [['init', 'out', '--yes', '--force'], "give the agreement's file path, such as out/sla.yaml"],
    ];
    for (const [args, hint] of cases) {
      const r = await runInProcess(args, { cwd: dir });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toBe(`sla: ${join(dir, 'out')} is a folder, not a file; ${hint}\n`);
      expect(r.stderr).not.toMatch(/--force|EISDIR|\.tmp/);
    }
    expect(readdirSync(join(dir, 'out'))).toEqual(['keep.txt']);
    expect(readdirSync(dir)).toEqual(['out']);
  });
});

describe('a set of files appears together or not at all', () => {
  it('removes the files and folders it placed when a later one fails (a full device)', async () => {
    const dir = fresh();
    const files = [
      { path: join(dir, 'new', 'deeper', 'a.svg'), data: 'a' },
      { path: join(dir, 'b.md'), data: 'b' },
      { path: '/dev/full', data: 'the report' },
    ];
    await expect(writeFilesTogether(files)).rejects.toThrow('/dev/full: no space left on the device (or over the disk quota); free some space and run again (nothing was written)');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves an existing file alone and removes only what it created', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'old.md'), 'old');
    await expect(writeFilesTogether([{ path: join(dir, 'charts', 'x.svg'), data: 'x' }, { path: join(dir, 'old.md'), data: 'new' }])).rejects.toThrow('old.md already exists; use --force');
    expect(readdirSync(dir)).toEqual(['old.md']);
    expect(readFileSync(join(dir, 'old.md'), 'utf8')).toBe('old');
  });

  it('report: a chart folder that cannot be made is refused before anything is written', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'report-charts'), 'in the way');
    const r = await runInProcess(['report', api, metrics, '-o', 'report.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${join(dir, 'report-charts', 'availability.svg')}: a part of the path is a file, not a folder; choose another output path\n`);
    expect(readdirSync(dir)).toEqual(['report-charts']);
  });

  it('init: a file that cannot be written is refused before the others, and no folder is made', async () => {
    const dir = fresh();
    // The workflow's folder is blocked by a file: the agreement and metrics must not stay behind.
    writeFileSync(join(dir, '.github'), 'in the way');
    const r = await runInProcess(['init', 'team/sla.yaml', '--yes', '--with-metrics', '--ci', 'github'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${join(dir, '.github', 'workflows', 'sla.yml')}: a part of the path is a file, not a folder; choose another output path\n`);
    expect(readdirSync(dir)).toEqual(['.github']);
    expect(lstatSync(join(dir, '.github')).isFile()).toBe(true);
  });
});
