// One table of `sla validate` cases, run in-process by cli.test.ts (every case) and through the
// spawned bin/sla by cli.cli.test.ts (a sample: see CaseTable in test/helpers.ts), so both paths stay honest.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import { CaseTable, repoRoot, tempDir, type Mode } from '../helpers.js';
import { minimalText, mutate, positionOf } from './fixture.js';

export const invalidText = mutate('target: 99.5', 'target: "99.5%"', mutate('    period: month\n', '    period: month\n    perod: week\n'));
const warningText = mutate('target: 99.5', 'target: 100');

/** A temporary folder of valid, invalid and nested SLA files, made before the cases of the enclosing describe. */
export function validateFixtureDir(): () => string {
  let dir = '';
  let cleanup = () => {};
  beforeAll(() => {
    ({ dir, cleanup } = tempDir());
    writeFileSync(join(dir, 'valid.yaml'), minimalText);
    writeFileSync(join(dir, 'invalid.yaml'), invalidText);
    writeFileSync(join(dir, 'warning.yaml'), warningText);
    mkdirSync(join(dir, 'nested/deeper'), { recursive: true });
    writeFileSync(join(dir, 'nested/deeper/b.yml'), minimalText);
    writeFileSync(join(dir, 'nested/a.yaml'), minimalText);
    writeFileSync(join(dir, 'nested/notes.txt'), 'not yaml');
    mkdirSync(join(dir, 'nested/.hidden'));
    writeFileSync(join(dir, 'nested/.hidden/x.yaml'), 'broken: [');
  });
  afterAll(() => cleanup());
  return () => dir;
}

/** Declares the cases (inside a describe); `mode` says how they run. */
export function validateCliCases(mode: Mode): void {
  const dir = validateFixtureDir();
  const t = new CaseTable(mode, () => ({ cwd: dir() }));

  t.case('exits 0 for valid files and says so', async (run) => {
    const r = await run(['validate', 'valid.yaml', '--as-of', '2026-03-01']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toBe('✔ 1 file valid\n');
  });

  t.case('exits 1 for an invalid file and prints file:line:column problems grouped by file', async (run) => {
    const r = await run(['validate', 'valid.yaml', 'invalid.yaml', '--as-of', '2026-03-01']);
    expect(r.code).toBe(1);
    const target = positionOf(invalidText, '"99.5%"');
    const typo = positionOf(invalidText, 'perod');
    expect(r.stdout).toContain('invalid.yaml\n');
    expect(r.stdout).not.toMatch(/^valid\.yaml$/m);
    expect(r.stdout).toContain(`${`${typo.line}:${typo.column}`.padEnd(`${target.line}:${target.column}`.length)}  error    unknown key "perod" in metrics[0]; did you mean "period"?  schema/additionalProperties`);
    expect(r.stdout).toContain(`${target.line}:${target.column}  error    metrics[0].objective.target must be a number (got "99.5%")  schema/type`);
    expect(r.stdout).toContain('✖ 2 problems (2 errors, 0 warnings) in 2 files');
    expect(r.stdout).not.toMatch(/\u001b\[/);
  });

  t.case('prints the documented JSON shape', async (run) => {
    const r = await run(['validate', 'valid.yaml', 'invalid.yaml', '--format', 'json', '--as-of', '2026-03-01']);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.valid).toBe(false);
    expect(json.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([['valid.yaml', true], ['invalid.yaml', false]]);
    expect(json.files[1].problems[0]).toEqual({ severity: 'error', ...positionOf(invalidText, '"99.5%"'), path: '/metrics/0/objective/target', rule: 'schema/type', message: 'metrics[0].objective.target must be a number (got "99.5%")' });
  });

  t.case('prints GitHub Actions annotations', async (run) => {
    const r = await run(['validate', 'invalid.yaml', '--format', 'github', '--as-of', '2026-03-01']);
    expect(r.code).toBe(1);
    const { line, column } = positionOf(invalidText, '"99.5%"');
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stdout).toContain(`::error file=invalid.yaml,line=${line},col=${column},title=schema/type::metrics[0].objective.target must be a number (got "99.5%25")`);
  });

  t.case('prints JUnit XML with a test case per file', async (run) => {
    const r = await run(['validate', 'valid.yaml', 'invalid.yaml', '--format', 'junit', '--as-of', '2026-03-01']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^<\?xml/);
    expect(r.stdout.match(/<testcase /g)).toHaveLength(2);
    expect(r.stdout).toContain('<testsuites name="sla validate" tests="2" failures="1">');
    expect(r.stdout).toContain('must be a number (got &quot;99.5%&quot;)');
  });

  t.case('passes warnings unless --strict', async (run) => {
    const loose = await run(['validate', 'warning.yaml', '--as-of', '2026-03-01']);
    expect(loose.code).toBe(0);
    expect(loose.stdout).toContain('warning  uptime: a target of 100 %');
    expect(loose.stdout).toContain('⚠ 1 problem (0 errors, 1 warning) in 1 file');
    const strict = await run(['validate', 'warning.yaml', '--strict', '--as-of', '2026-03-01']);
    expect(strict.code).toBe(1);
  });

  t.case('judges review dates against --as-of', async (run) => {
    expect((await run(['validate', 'valid.yaml', '--strict', '--as-of', '2026-06-01'])).code).toBe(0);
    const late = await run(['validate', 'valid.yaml', '--strict', '--as-of', '2026-08-01']);
    expect(late.code).toBe(1);
    expect(late.stdout).toContain('rule/review-overdue');
  });

  t.case('walks directories for .yaml and .yml files, skipping dot-folders', async (run) => {
    const r = await run(['validate', 'nested', '--format', 'json', '--as-of', '2026-03-01']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual([join('nested', 'a.yaml'), join('nested', 'deeper', 'b.yml')]);
  });

  t.case('expands globs', async (run) => {
    const r = await run(['validate', '*valid.yaml', '--format', 'json', '--as-of', '2026-03-01']);
    expect(JSON.parse(r.stdout).files.map((f: { file: string }) => f.file)).toEqual(['invalid.yaml', 'valid.yaml']);
  });

  t.case('reads standard input for -', async (run) => {
    const r = await run(['validate', '-', '--stdin-filename', 'team/sla.yaml', '--format', 'json', '--as-of', '2026-03-01'], { input: invalidText });
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).files[0].file).toBe('team/sla.yaml');
  }, { process: 'standard input through a real pipe' });

  t.case('names a missing path and exits 2', async (run) => {
    const r = await run(['validate', 'valid.yaml', 'nope.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: nope.yaml: no such file or directory\n');
    expect(r.stdout).toBe('');
  });

  t.case('names a file that is not UTF-8, with the line of the bad byte', async (run) => {
    writeFileSync(join(dir(), 'latin1.yaml'), Buffer.from('sla: 1\ntitle: caf\xe9\n', 'latin1'));
    writeFileSync(join(dir(), 'utf16.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('sla: 1\n', 'utf16le')]));
    const latin1 = await run(['validate', 'latin1.yaml']);
    expect(latin1).toMatchObject({ code: 2, stdout: '' });
    expect(latin1.stderr).toBe('sla: latin1.yaml:2: the file is not valid UTF-8 text (byte 19); save it as UTF-8\n');
    const utf16 = await run(['validate', 'utf16.yaml']);
    expect(utf16.code).toBe(2);
    expect(utf16.stderr).toContain('utf16.yaml: the file is UTF-16 encoded; save it as UTF-8');
  });

  t.case('keeps --format json one JSON document even on a usage error', async (run) => {
    const r = await run(['validate', 'nope.yaml', '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { message: 'nope.yaml: no such file or directory', exitCode: 2 } });
  });

  t.case('refuses bad options with exit 2', async (run) => {
    expect((await run(['validate', 'valid.yaml', '--format', 'xml'])).code).toBe(2);
    expect((await run(['validate', 'valid.yaml', '--as-of', '2026-02-30'])).code).toBe(2);
    expect((await run(['validate'])).code).toBe(2);
    expect((await run(['validate', 'valid.yaml', '--bogus'])).code).toBe(2);
    expect((await run(['frobnicate'])).code).toBe(2);
  }, { process: 'usage errors from commander end the real process with exit 2' });

  t.case('validates the shipped examples', async (run) => {
    const r = await run(['validate', 'examples', '--strict', '--as-of', '2026-06-01'], { cwd: repoRoot });
    expect(r.stdout).toBe('✔ 6 files valid\n');
    expect(r.code).toBe(0);
  });

  t.case('keeps the shipped examples valid --strict today and two years from now (no time bomb in the Quick start)', async (run) => {
    // The date is the point of this case: the real today, and the same day two years on.
    const today = new Date();
    const later = new Date(Date.UTC(today.getUTCFullYear() + 2, today.getUTCMonth(), Math.min(today.getUTCDate(), 28)));
    for (const asOf of [today.toISOString().slice(0, 10), later.toISOString().slice(0, 10)]) {
      const r = await run(['validate', 'examples', '--strict', '--as-of', asOf], { cwd: repoRoot });
      expect(r.stdout, asOf).toBe('✔ 6 files valid\n');
      expect(r.code).toBe(0);
    }
  });

  t.case('prints its version and help with exit 0', async (run) => {
    const version = await run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    for (const command of ['validate', 'schema']) expect(help.stdout).toContain(command);
  }, { process: 'commander ends --version and --help through its exit override: the real process must still exit 0' });

  t.case('prints the JSON Schema', async (run) => {
    const r = await run(['schema']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(repoRoot, 'schemas/sla.schema.json'), 'utf8')));
  });
}
