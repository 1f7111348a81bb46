// sla diff against git history: a temporary repository with three commits of one agreement. The
// first case runs through bin/sla, the rest in this process through main (git is still a real process).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { example, runInProcess, runSla, tempDir } from '../helpers.js';

const tmp = tempDir('sla-diff-git-');
afterAll(() => tmp.cleanup());
const repo = join(tmp.dir, 'repo');
const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } });

describe('sla diff REV [REV2] -- FILE', () => {
  beforeAll(() => {
    mkdirSync(join(repo, 'slas'), { recursive: true });
    git('init', '-q');
    const text = readFileSync(example('platform-api', 'sla.yaml'), 'utf8').replace(/\$schema=\S+/, '$schema=https://sla-as-code.dev/schemas/sla-1.schema.json');
    writeFileSync(join(repo, 'slas/api.yaml'), text);
    git('add', '.');
    git('commit', '-qm', 'first');
    // An editorial commit: the title, and the file reformatted (a flow mapping written as a block).
    writeFileSync(join(repo, 'slas/api.yaml'), text.replace('title: Payments API Service Level Agreement', 'title: Payments API agreement').replace('version: "1.3"', 'version: "1.3.1"'));
    git('commit', '-qam', 'editorial');
    // A material commit: a target lowered.
    writeFileSync(join(repo, 'slas/api.yaml'), readFileSync(join(repo, 'slas/api.yaml'), 'utf8').replace('objective: { op: ">=", target: 99.9 }', 'objective: { op: ">=", target: 99.5 }').replace('version: "1.3.1"', 'version: "1.4"'));
    git('commit', '-qam', 'material');
  });

  it('HEAD~2 HEAD~1: only editorial changes, exit 0', async () => {
    const r = await runSla(['diff', '--format', 'json', 'HEAD~2', 'HEAD~1', '--', 'slas/api.yaml'], { cwd: repo });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.before).toBe('HEAD~2:slas/api.yaml');
    expect(out.changes.map((c: { path: string }) => c.path).sort()).toEqual(['/title', '/version']);
  });

  it('HEAD~1 against the working tree (one revision): the lowered target, material, exit 1', async () => {
    const r = await runInProcess(['diff', 'HEAD~1', '--', 'slas/api.yaml'], { cwd: repo, env: { NO_COLOR: '1' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('target lowered from at least 99.9 % to at least 99.5 % (less demanding for the provider)');
    expect(r.stdout).toMatch(/✖ 1 material change, 1 editorial change/);
  });

  it('from a subfolder, the file is relative to it', async () => {
    const r = await runInProcess(['diff', '--format', 'markdown', 'HEAD~2', '--', 'api.yaml'], { cwd: join(repo, 'slas') });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^## ✖ SLA changes: 1 material change, 2 editorial changes/);
  });

  it('an unknown revision, a file missing from a revision, a revision that looks like an option: one line, exit 2', async () => {
    for (const [args, message] of [
      [['diff', 'nope', '--', 'slas/api.yaml'], /git show nope:\.\/slas\/api\.yaml failed: invalid object name 'nope'/],
      [['diff', 'HEAD', '--', 'slas/missing.yaml'], /git show HEAD:\.\/slas\/missing\.yaml failed: .*does not exist/],
      [['diff', '--output=x', 'HEAD', '--', 'slas/api.yaml'], /unknown option|is not a revision/],
      [['diff', 'HEAD', '--', 'slas/api.yaml', '--format', 'json'], /after -- name one file \(options go before --\)/],
    ] as const) {
      const r = await runInProcess([...args], { cwd: repo });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  it('an invalid side is reported like validate and is exit 2', async () => {
    writeFileSync(join(repo, 'slas/broken.yaml'), readFileSync(join(repo, 'slas/api.yaml'), 'utf8').replace('period: month', 'perod: month'));
    const r = await runInProcess(['diff', 'slas/api.yaml', 'slas/broken.yaml'], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown key "perod"');
    expect(r.stderr).toMatch(/broken\.yaml is not a valid SLA; fix it first/);
  });
});
