// The package as a user gets it: `npm pack`, installed into an empty project far from this source
// tree, then validate, check, render --format html and init --ci run from there.
//
// One to two minutes on 2 cores (the install unpacks puppeteer-core's tree), so it runs when CI is set
// or SLA_TEST_PACKAGE=1. No network: the dependencies come from the npm cache (`npm ci` filled it),
// through a lockfile built from this repository's (npm 11 wants full registry documents to resolve a
// range, and the cache holds the abbreviated ones `npm ci` fetched).
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import pkg from '../../package.json' with { type: 'json' };
import lock from '../../package-lock.json' with { type: 'json' };
import { repoRoot, tempDir } from '../helpers.js';

const enabled = !['', '0', 'false', undefined].includes(process.env.CI?.toLowerCase()) || process.env.SLA_TEST_PACKAGE === '1';
const MB = 1024 * 1024;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A child process with no npm_* variables from a parent `npm test`, which would steer npm. */
function run(command: string, args: string[], cwd: string, timeoutMs = 180_000): Promise<Run> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'NODE_PATH' && k !== 'INIT_CWD') env[k] = v;
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** Bytes under a folder, symlinks not followed. */
function sizeOf(path: string): number {
  const st = lstatSync(path);
  if (!st.isDirectory()) return st.size;
  return readdirSync(path).reduce((sum, name) => sum + sizeOf(join(path, name)), 0);
}

describe.runIf(enabled)('the packed tarball, installed into an empty project', () => {
  let dir: string;
  let cleanup: () => void;
  let project: string;
  let installed: string;
  let sla: (args: string[], cwd?: string) => Promise<Run>;
  let installMs = 0;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir('sla-package-'));
    // dist/ is built by the test command before the cli project runs; prepack would build it again.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repoRoot);
    expect(pack.code, pack.stderr).toBe(0);
    const { filename, files } = (JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[])[0]!;
    const paths = files.map((f) => f.path);
    for (const p of ['bin/sla.js', 'bin/package.json', 'dist/cli.js', 'dist/THIRD-PARTY-NOTICES.txt', 'LICENSE', 'README.md', 'schemas/sla.schema.json', 'templates/agreement.css', 'examples/platform-api/sla.yaml']) expect(paths).toContain(p);
    expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('test/') || p.includes('node_modules'))).toEqual([]);

    project = join(dir, 'project');
    mkdirSync(project);
    const tgz = `file:../${filename}`;
    // The lockfile: this package from the tarball, and puppeteer-core's tree exactly as this repository locks it.
    const packages: Record<string, unknown> = {
      '': { dependencies: { [pkg.name]: tgz } },
      [`node_modules/${pkg.name}`]: { version: pkg.version, resolved: tgz, license: pkg.license, dependencies: pkg.dependencies, bin: pkg.bin, engines: pkg.engines },
    };
    for (const [key, entry] of Object.entries(lock.packages as Record<string, { dev?: boolean }>)) if (key !== '' && !entry.dev) packages[key] = entry;
    writeFileSync(join(project, 'package.json'), JSON.stringify({ private: true, dependencies: { [pkg.name]: tgz } }, null, 2));
    writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'project', lockfileVersion: 3, requires: true, packages }, null, 2));
    const install = await run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], project);
    expect(install.code, install.stderr).toBe(0);
    // 38 to 90 s measured on a busy 2-core machine; most of it is unpacking puppeteer-core's tree.
    expect(install.ms).toBeLessThan(240_000);
    installMs = install.ms;
    // No build, no lifecycle script, no warning (prepare used to build and warn on every install).
    expect(install.stderr).not.toMatch(/warn|ERR/i);
    installed = join(project, 'node_modules', ...pkg.name.split('/'));
    const bin = join(project, 'node_modules', '.bin', 'sla');
    sla = (args, cwd = project) => run(bin, args, cwd, 60_000);
  }, 300_000);
  afterAll(() => cleanup?.());

  it('is small beside puppeteer-core: everything else together under 10 MB', () => {
    const modules = join(project, 'node_modules');
    const puppeteerTree = Object.keys(lock.packages).filter((k) => k !== '' && !(lock.packages as Record<string, { dev?: boolean }>)[k]!.dev);
    const total = sizeOf(modules);
    const ours = sizeOf(installed);
    const puppeteer = puppeteerTree.filter((k) => existsSync(join(project, k))).reduce((sum, k) => sum + (k.split('node_modules/').length > 2 ? 0 : sizeOf(join(project, k))), 0);
    // Printed for docs/install.md.
    console.log(`install took ${(installMs / 1000).toFixed(0)} s; installed: ${(total / MB).toFixed(1)} MiB in all; ${pkg.name} ${(ours / MB).toFixed(1)} MiB; puppeteer-core and its dependencies ${(puppeteer / MB).toFixed(1)} MiB (file sizes)`);
    expect(ours).toBeLessThan(10 * MB);
    expect(total - puppeteer).toBeLessThan(10 * MB);
    // Nothing that dist/ bundles is installed again.
    for (const bundled of ['echarts', 'zrender', 'handlebars', 'ajv', 'yaml', 'ical.js', 'commander', 'papaparse']) expect(existsSync(join(modules, bundled)), bundled).toBe(false);
  });

  it('ships the licence and the notices of the bundled code', () => {
    expect(readFileSync(join(installed, 'LICENSE'), 'utf8')).toContain('Copyright (c) 2026 The sla authors');
    const notices = readFileSync(join(installed, 'dist', 'THIRD-PARTY-NOTICES.txt'), 'utf8');
    for (const line of ['echarts 6.', 'License: Apache-2.0', '--- NOTICE ---', 'Apache ECharts', 'ical.js 2.', 'License: MPL-2.0', 'zrender 6.', 'handlebars 4.']) expect(notices).toContain(line);
  });

  it('validates its own examples, found relative to the package', async () => {
    const r = await sla(['validate', '--strict', '--as-of', '2027-01-15', join(installed, 'examples')]);
    expect(r.code, r.stderr + r.stdout).toBe(0);
    expect(r.stderr).not.toMatch(/internal error|warn/i);
    expect((await sla(['--version'])).stdout.trim()).toBe(pkg.version);
  });

  it('checks metrics against an agreement in the project', async () => {
    for (const f of ['sla.yaml', 'metrics.csv']) writeFileSync(join(project, f), readFileSync(join(installed, 'examples', 'platform-api', f)));
    const r = await sla(['check', 'sla.yaml', 'metrics.csv', '--format', 'json']);
    // The example breaches one KPI on purpose, so a check of it is a finding: exit 1.
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ sla: 'payments-api-platform', status: 'breached' });
    expect(result.results.map((x: { kpi: string }) => x.kpi)).toContain('availability');
    expect(result.results.filter((x: { status: string }) => x.status === 'breached').length).toBeGreaterThan(0);
  });

  it('renders HTML with the templates and stylesheet inside the package', async () => {
    const r = await sla(['render', 'sla.yaml', '--format', 'html', '-o', 'sla.html']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(join(project, 'sla.html'), 'utf8');
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toContain('Payments API Service Level Agreement');
    expect(html).toMatch(/<style>[^]*font-family/);
  });

  it('loads every bundled library it needs from dist/: charts, holiday calendars, the schema, doctor', async () => {
    // echarts draws the report's charts; ical.js reads the ticket export's bank holidays.
    const report = await sla(['report', 'sla.yaml', 'metrics.csv', '-o', 'report.html']);
    expect(report.code, report.stderr).toBe(0);
    expect(readFileSync(join(project, 'report.html'), 'utf8')).toMatch(/<svg[^>]*>[^]*<\/svg>/);
    const desk = join(installed, 'examples', 'ticket-export');
    const check = await sla(['check', 'sla.yaml', 'tickets.csv', '--format', 'json'], desk);
    expect([0, 1], check.stderr).toContain(check.code);
    expect(JSON.parse(check.stdout).results.length).toBeGreaterThan(0);
    const schema = await sla(['schema']);
    expect(JSON.parse(schema.stdout).$id).toBe('https://sla-as-code.dev/schemas/sla-1.schema.json');
    const doctor = await sla(['doctor', '--no-launch', '--format', 'json']);
    expect(JSON.parse(doctor.stdout)).toMatchObject({ sla: pkg.version, templates: join(installed, 'templates') });
  });

  it('writes a CI workflow pinned to the installed version', async () => {
    mkdirSync(join(project, '.git'));
    mkdirSync(join(project, 'slas'));
    const r = await sla(['init', '--yes', 'team.yaml', '--ci', 'github'], join(project, 'slas'));
    expect(r.code, r.stderr).toBe(0);
    const wf = parse(readFileSync(join(project, '.github', 'workflows', 'sla.yml'), 'utf8'));
    expect(wf.jobs.validate.steps.at(-1).run).toBe(`npx --package=${pkg.name}@${pkg.version} sla validate --format github slas/team.yaml\n`);
    // The schema comment points at the copy in the package, for editors working offline.
    expect(readFileSync(join(project, 'slas', 'team.yaml'), 'utf8').split('\n')[0]).toBe(`# yaml-language-server: $schema=../node_modules/${pkg.name}/schemas/sla.schema.json`);
  });
});

describe.skipIf(enabled)('the packed tarball (skipped: set CI or SLA_TEST_PACKAGE=1; about a minute)', () => {
  it.skip('installs and runs', () => undefined);
});
