// Which files `sla validate DIR` (and `sla render DIR`) pick up: agreements by name or content,
// minus .gitignore and --ignore; other YAML files are skipped and counted.
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { example, runInProcess, tempDir } from '../helpers.js';

const AS_OF = ['--as-of', '2026-06-01'];
const agreement = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
const compose = 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n';

let tmp: ReturnType<typeof tempDir>;
const put = (rel: string, text: string) => {
  const full = join(tmp.dir, rel);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
};
const files = (stdout: string) => (JSON.parse(stdout) as { files: { file: string }[] }).files.map((f) => f.file).sort();

beforeEach(() => {
  tmp = tempDir('sla-discovery-');
  mkdirSync(join(tmp.dir, '.git')); // the git root: .gitignore files are read from here down
});
afterEach(() => tmp.cleanup());

describe('discovery in folders', () => {
  it('takes agreements by name and by a top-level sla: key, skips other YAML and says how many', async () => {
    put('docker-compose.yml', compose);
    put('.github/workflows/ci.yml', 'on: push\n');
    put('config/app.yaml', 'name: app\n# sla: 1 in a comment does not count\n  sla: nested\n');
    put('slas/sla.yaml', agreement);
    put('slas/payments.sla.yml', agreement);
    put('slas/by-content.yaml', `# leading comment\n\n${agreement.replace(/^# .*\n/, '')}`);
    const r = await runInProcess(['validate', '.', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(files(r.stdout)).toEqual(['slas/by-content.yaml', 'slas/payments.sla.yml', 'slas/sla.yaml']);
    expect(r.stderr).toBe('sla: skipped 2 YAML files that are not agreements\n'); // dot-folders are not searched at all
  });

  it('still validates a non-agreement named explicitly, with its errors', async () => {
    put('docker-compose.yml', compose);
    const r = await runInProcess(['validate', 'docker-compose.yml', ...AS_OF], { cwd: tmp.dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/1:1 +error +unknown key "services" at the top level/);
    expect(r.stderr).toBe('');
  });

  it('a folder with YAML but no agreement is an input error that says what an agreement is', async () => {
    put('docker-compose.yml', compose);
    const r = await runInProcess(['validate', '.'], { cwd: tmp.dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: .: the directory holds no agreements (1 YAML file, none with a top-level "sla:" key or named sla.yaml or *.sla.yaml); name a file to validate it anyway\n');
  });

  it('honours .gitignore files from the git root down, including nested ones and negation', async () => {
    put('.gitignore', 'build/\n*.draft.sla.yaml\n');
    put('build/sla.yaml', agreement);
    put('a.draft.sla.yaml', agreement);
    put('team/.gitignore', 'old/\n!keep.sla.yaml\n');
    put('team/old/sla.yaml', agreement);
    put('team/sla.yaml', agreement);
    put('team/keep.sla.yaml', agreement);
    const r = await runInProcess(['validate', 'team', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(files(r.stdout)).toEqual(['team/keep.sla.yaml', 'team/sla.yaml']);
    const all = await runInProcess(['validate', '.', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    expect(files(all.stdout)).toEqual(['team/keep.sla.yaml', 'team/sla.yaml']);
  });

  it('--ignore (repeatable) skips matches in folders and globs, relative to the working folder', async () => {
    put('slas/a/sla.yaml', agreement);
    put('slas/b/sla.yaml', agreement);
    put('slas/c/x.sla.yaml', agreement);
    const r = await runInProcess(['validate', 'slas', '--ignore', 'slas/a/', '--ignore', '*.sla.yaml', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    expect(files(r.stdout)).toEqual(['slas/b/sla.yaml']);
    const glob = await runInProcess(['validate', 'slas/**/*.yaml', '--ignore', 'b', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    expect(files(glob.stdout)).toEqual(['slas/a/sla.yaml', 'slas/c/x.sla.yaml']);
    const none = await runInProcess(['validate', 'slas', '--ignore', 'slas'], { cwd: tmp.dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^sla: slas: the directory holds no \.yaml or \.yml files \(outside \.gitignore and the ignore globs\)\n$/);
  });

  it('follows symbolic links, reads a file reached twice once, and names a link that loops', async () => {
    put('real/sla.yaml', agreement);
    symlinkSync(join(tmp.dir, 'real'), join(tmp.dir, 'alias'));
    const r = await runInProcess(['validate', '.', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    expect(r.code).toBe(0);
    expect(files(r.stdout)).toHaveLength(1);
    symlinkSync(tmp.dir, join(tmp.dir, 'real', 'loop'));
    const loop = await runInProcess(['validate', '.', ...AS_OF], { cwd: tmp.dir });
    expect(loop.code).toBe(2);
    expect(loop.stderr).toContain('real/loop: a loop of symbolic links');
  });

  it('sla render takes the same files from a folder', async () => {
    put('docker-compose.yml', compose);
    put('slas/sla.yaml', agreement);
    put('slas/b.sla.yaml', agreement.replace('id: payments-api-platform', 'id: second'));
    const r = await runInProcess(['render', '.', '--out-dir', 'out', '--format', 'md'], { cwd: tmp.dir });
    expect(r.stderr).toContain('sla: skipped 1 YAML file that is not an agreement');
    expect(r.code).toBe(0);
  });

  it('bounds: reads only the head of a large YAML file to tell it is not an agreement (500 files and a 64 MB file)', async () => {
    for (let i = 0; i < 500; i++) put(`many/d${i % 40}/f${i}.yaml`, compose);
    put('many/sla.yaml', agreement);
    writeFileSync(join(tmp.dir, 'many', 'huge.yaml'), 'items:\n' + '  - x\n'.repeat(64 * 1024 * 1024 / 6));
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const r = await runInProcess(['validate', 'many', '--format', 'json', ...AS_OF], { cwd: tmp.dir });
    const ms = performance.now() - started;
    const grewMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('sla: skipped 501 YAML files that are not agreements\n');
    console.log(`discovery bound: ${ms.toFixed(0)} ms, rss +${grewMb.toFixed(1)} MB`);
    expect(ms).toBeLessThan(10_000);
    expect(grewMb).toBeLessThan(300);
  }, 60_000);
});
