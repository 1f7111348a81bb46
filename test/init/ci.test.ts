// `sla init --ci github|gitlab` as a user runs it: the CI file lands at the root of the repository
// that holds the agreement, names the files from there, and runs only the pinned package.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import pkg from '../../package.json' with { type: 'json' };
import { CHECK_CRON } from '../../src/core/init/index.js';
import { runInProcess, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('sla-init-ci-')));
afterEach(() => cleanup());

const init = (cwd: string, args: string[]) => runInProcess(['init', '--yes', ...args], { cwd, env: { CI: undefined } });
const read = (...parts: string[]) => readFileSync(join(dir, ...parts), 'utf8');
const PINNED = `npx --package=${pkg.name}@${pkg.version} sla`;

/** Every shell command in a GitHub workflow, one string per run step, with the job it is in. */
function githubRuns(wf: { jobs: Record<string, { steps: { run?: string }[] }> }): { job: string; run: string }[] {
  return Object.entries(wf.jobs).flatMap(([job, j]) => j.steps.filter((s) => s.run).map((s) => ({ job, run: s.run! })));
}

/** Each sla invocation must be the pinned package; nothing may be installed with a blanket yes. */
function expectOnlyPinned(text: string, runs: string[]): void {
  expect(text).not.toMatch(/--yes|\s-y\s/);
  const invocations = runs.flatMap((r) => r.split('\n')).filter((l) => /\bnpx\b|\bnpm\b|\bsla\b/.test(l) && !l.trim().startsWith('mkdir'));
  expect(invocations.length).toBeGreaterThan(0);
  for (const line of invocations) expect(line.trim().startsWith(`${PINNED} `), line).toBe(true);
}

describe('sla init --ci github', () => {
  it('run from a subfolder of a git repository, writes the workflow at its root and names the SLA from there', async () => {
    mkdirSync(join(dir, '.git'));
    const sub = join(dir, 'teams', 'payments');
    mkdirSync(sub, { recursive: true });
    const r = await init(sub, ['slas/api.yaml', '--preset', 'platform-api', '--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Created ../../.github/workflows/sla.yml');
    expect(existsSync(join(sub, '.github'))).toBe(false);
    const text = read('.github', 'workflows', 'sla.yml');
    const wf = parse(text);
    const runs = githubRuns(wf);
    expect(runs).toEqual([{ job: 'validate', run: `${PINNED} validate --format github teams/payments/slas/api.yaml\n` }]);
    // The path the workflow names is the agreement, from the root where CI checks the code out.
    expect(existsSync(resolve(dir, 'teams/payments/slas/api.yaml'))).toBe(true);
    expectOnlyPinned(text, runs.map((x) => x.run));
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });

  it('pins exactly the version in package.json, under the scoped package name', async () => {
    const r = await init(dir, ['--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    const text = read('.github', 'workflows', 'sla.yml');
    const pins = [...text.matchAll(/--package=(\S+)/g)].map((m) => m[1]);
    expect(pins.length).toBeGreaterThan(0);
    expect(new Set(pins)).toEqual(new Set([`${pkg.name}@${pkg.version}`]));
    expect(pkg.name).toBe('@sla-as-code/cli');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('finds the root through a .git file (a worktree or submodule)', async () => {
    const repo = join(dir, 'repo');
    mkdirSync(join(repo, 'docs'), { recursive: true });
    writeFileSync(join(repo, '.git'), 'gitdir: ../elsewhere/.git/worktrees/repo\n');
    const r = await init(dir, ['repo/docs/sla.yaml', '--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    expect(githubRuns(parse(read('repo', '.github', 'workflows', 'sla.yml')))[0]!.run).toContain('validate --format github docs/sla.yaml');
    expect(existsSync(join(dir, '.github'))).toBe(false);
  });

  it('without a repository, writes into the current folder', async () => {
    const r = await init(dir, ['a b/sla.yaml', '--ci', 'github']);
    expect(r.code, r.stderr).toBe(0);
    expect(githubRuns(parse(read('.github', 'workflows', 'sla.yml')))[0]!.run).toBe(`${PINNED} validate --format github 'a b/sla.yaml'\n`);
  });

  it('refuses an agreement outside the folder the workflow would go in, writing nothing', async () => {
    const here = join(dir, 'here');
    mkdirSync(here);
    const r = await init(here, ['../sla.yaml', '--ci', 'github']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: the agreement .*sla\.yaml is outside .*here, where the CI file goes .*run sla init from a folder above it, or inside its repository\n$/);
    expect(existsSync(join(dir, 'sla.yaml'))).toBe(false);
    expect(existsSync(join(here, '.github'))).toBe(false);
  });

  it('with --ci-check, adds a monthly check that keeps the report as an artifact', async () => {
    mkdirSync(join(dir, '.git'));
    const sub = join(dir, 'ops');
    mkdirSync(sub);
    const r = await init(sub, ['sla.yaml', '--preset', 'platform-api', '--with-metrics', '--ci', 'github', '--ci-check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('sla check every month');
    const text = read('.github', 'workflows', 'sla.yml');
    const wf = parse(text);
    expect(wf.on.schedule).toEqual([{ cron: CHECK_CRON }]);
    expect(wf.on).toHaveProperty('workflow_dispatch');
    expect(wf.jobs.check.if).toContain("'schedule'");
    expect(wf.jobs.validate.if).not.toContain('schedule');
    const check = wf.jobs.check.steps as { uses?: string; run?: string; if?: string; with?: Record<string, string> }[];
    const runs = check.filter((s) => s.run).map((s) => s.run!);
    expect(runs.join('')).toContain(`${PINNED} report ops/sla.yaml ops/metrics.csv -o sla-report/report.html`);
    expect(runs.join('')).toContain(`${PINNED} check ops/sla.yaml ops/metrics.csv --format github`);
    const upload = check.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload).toMatchObject({ if: 'always()', with: { name: 'sla-report', path: 'sla-report/' } });
    expectOnlyPinned(text, githubRuns(wf).map((x) => x.run));
  });

  it('--ci-check takes the metrics file that exports land in', async () => {
    const r = await init(dir, ['--ci', 'github', '--ci-check', 'exports/kpis.csv']);
    expect(r.code, r.stderr).toBe(0);
    expect(githubRuns(parse(read('.github', 'workflows', 'sla.yml'))).map((x) => x.run).join('')).toContain('check sla.yaml exports/kpis.csv --format github');
  });

  it('--ci-check followed by the agreement is a usage error, not an agreement taken for metrics', async () => {
    const r = await init(dir, ['--ci', 'github', '--ci-check', 'team/sla.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("sla: --ci-check takes the metrics CSV, not team/sla.yaml; give the agreement's path before --ci-check, or --ci-check=metrics.csv\n");
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--ci-check without --ci is a usage error', async () => {
    const r = await init(dir, ['--ci-check']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: --ci-check adds a monthly check to the CI file; give --ci github or --ci gitlab with it\n');
    expect(existsSync(join(dir, 'sla.yaml'))).toBe(false);
  });
});

describe('sla init --ci gitlab', () => {
  it('writes .gitlab-ci.yml at the repository root with JUnit reports', async () => {
    mkdirSync(join(dir, '.git'));
    const sub = join(dir, 'slas');
    mkdirSync(sub);
    const r = await init(sub, ['--ci', 'gitlab']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Created ../.gitlab-ci.yml');
    const text = read('.gitlab-ci.yml');
    const ci = parse(text);
    expect(Object.keys(ci)).toEqual(['sla-validate']);
    expect(ci['sla-validate'].script).toEqual([`${PINNED} validate --format junit slas/sla.yaml > sla-validate.xml\n`]);
    expect(ci['sla-validate'].artifacts).toEqual({ when: 'always', reports: { junit: 'sla-validate.xml' } });
    expectOnlyPinned(text, ci['sla-validate'].script);
  });

  it('with --ci-check, adds a job for scheduled pipelines with the report and JUnit results', async () => {
    const r = await init(dir, ['--with-metrics', '--ci', 'gitlab', '--ci-check']);
    expect(r.code, r.stderr).toBe(0);
    const text = read('.gitlab-ci.yml');
    const ci = parse(text);
    const job = ci['sla-check'];
    expect(job.rules[0].if).toContain('$CI_PIPELINE_SOURCE == "schedule"');
    expect(job.script.join('')).toContain(`${PINNED} check sla.yaml metrics.csv --format junit > sla-report/check.xml`);
    expect(job.artifacts).toEqual({ when: 'always', paths: ['sla-report/'], reports: { junit: 'sla-report/check.xml' } });
    expect(text).toContain(CHECK_CRON);
    expectOnlyPinned(text, [...ci['sla-validate'].script, ...job.script]);
  });

  it('never overwrites an existing .gitlab-ci.yml without --force', async () => {
    writeFileSync(join(dir, '.gitlab-ci.yml'), 'stages: [build]\n');
    const r = await init(dir, ['--ci', 'gitlab']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('.gitlab-ci.yml already exists; nothing was written');
    expect(read('.gitlab-ci.yml')).toBe('stages: [build]\n');
    expect(existsSync(join(dir, 'sla.yaml'))).toBe(false);
  });
});
