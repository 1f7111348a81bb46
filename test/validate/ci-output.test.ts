// --quiet, --max-warnings, -o/--output-file and the SARIF format for GitHub code scanning.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RULES } from '../../src/core/rules/index.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import pkg from '../../package.json' with { type: 'json' };

const valid = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
// A misspelt key and time zone (errors); on 2035-01-01 an overdue review (warning).
const broken = valid.replace('timezone: America/New_York', 'timezone: Europe/Londn').replace(/^( {4})period:/m, '$1perod:');
const LATE = ['--as-of', '2035-01-01', '--no-config'];

let tmp: ReturnType<typeof tempDir>;
beforeEach(() => {
  tmp = tempDir('sla-ci-output-');
  mkdirSync(join(tmp.dir, '.git'));
  mkdirSync(join(tmp.dir, 'slas', 'team'), { recursive: true });
  writeFileSync(join(tmp.dir, 'slas', 'team', 'sla.yaml'), broken);
  writeFileSync(join(tmp.dir, 'slas', 'ok.sla.yaml'), valid);
});
afterEach(() => tmp.cleanup());
const run = (args: string[], cwd = tmp.dir) => runInProcess(args, { cwd });

describe('--quiet and --max-warnings', () => {
  it('--quiet prints errors only; the exit code still follows the errors', async () => {
    const loud = await run(['validate', 'slas', ...LATE]);
    expect(loud.stdout).toContain('rule/review-overdue');
    const quiet = await run(['validate', 'slas', '--quiet', ...LATE]);
    expect(quiet.code).toBe(1);
    expect(quiet.stdout).not.toContain('rule/review-overdue');
    expect(quiet.stdout).toContain('rule/timezone');
    const json = JSON.parse((await run(['validate', 'slas/ok.sla.yaml', '--quiet', '--format', 'json', ...LATE])).stdout) as { files: { problems: unknown[] }[] };
    expect(json.files[0]!.problems).toEqual([]);
  });

  it('--max-warnings N: exit 1 above N warnings, 0 at N, even with --quiet', async () => {
    const at = await run(['validate', 'slas/ok.sla.yaml', '--max-warnings', '1', ...LATE]);
    expect(at.code).toBe(0);
    const above = await run(['validate', 'slas/ok.sla.yaml', '--max-warnings', '0', '--quiet', ...LATE]);
    expect(above.code).toBe(1);
    expect(above.stderr).toBe('sla: 1 warning found, more than --max-warnings 0 allows\n');
    const bad = await run(['validate', 'slas/ok.sla.yaml', '--max-warnings', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('sla: --max-warnings must be a whole number, 0 or more (got "many")\n');
  });
});

describe('-o/--output-file', () => {
  it('writes the report to the file, atomically, replacing an older report; nothing on stdout', async () => {
    writeFileSync(join(tmp.dir, 'report.xml'), 'old');
    const r = await run(['validate', 'slas', '--format', 'junit', '-o', 'report.xml', ...LATE]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const xml = readFileSync(join(tmp.dir, 'report.xml'), 'utf8');
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain('slas/team/sla.yaml');
    expect(readdirSync(tmp.dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('never writes over an agreement it reads', async () => {
    const r = await run(['validate', 'slas/ok.sla.yaml', '--output-file', 'slas/ok.sla.yaml', ...LATE]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: .*slas\/ok\.sla\.yaml.*\n$/);
    expect(readFileSync(join(tmp.dir, 'slas', 'ok.sla.yaml'), 'utf8')).toBe(valid);
  });

  it('creates the folders of the report, as render does', async () => {
    const r = await run(['validate', 'slas/ok.sla.yaml', '-o', 'reports/sla/x.json', '--format', 'json', ...LATE]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp.dir, 'reports', 'sla', 'x.json'), 'utf8'))).toMatchObject({ valid: true });
  });
});

describe('--format sarif (what GitHub code scanning requires)', () => {
  it('version, $schema, the driver with its rules, and located results relative to the repository root', async () => {
    const r = await run(['validate', '.', '--format', 'sarif', ...LATE], join(tmp.dir, 'slas'));
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout) as Log;
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toMatch(/^https:\/\/.*sarif-2\.1\.0.*\.json$/);
    expect(log.runs).toHaveLength(1);
    const driver = log.runs[0]!.tool.driver;
    expect(driver.name).toBe('sla');
    expect(driver.version).toBe(pkg.version);
    expect(driver.informationUri).toMatch(/^https:\/\//);
    for (const rule of RULES) {
      const d = driver.rules!.find((x) => x.id === `rule/${rule.id}`)!;
      expect(d.shortDescription!.text).toBe(rule.description);
      expect(d.helpUri).toMatch(new RegExp(`^https://.*/${rule.docs.replace(/[.#]/g, '\\$&')}$`));
    }
    const results = log.runs[0]!.results!;
    const byRule = Object.fromEntries(results.map((x) => [x.ruleId, x]));
    expect(Object.keys(byRule).sort()).toEqual(['rule/review-overdue', 'rule/timezone', 'schema/additionalProperties', 'schema/required']);
    const tz = byRule['rule/timezone']!;
    expect(tz.level).toBe('error');
    expect(tz.message.text).toBe('"Europe/Londn" is not an IANA time zone; did you mean "Europe/London"?');
    const where = tz.locations![0]!.physicalLocation!;
    expect(where.artifactLocation!.uri).toBe('slas/team/sla.yaml'); // from the repository root, not the working folder
    expect(where.region).toEqual({ startLine: 9, startColumn: 11 });
    expect(byRule['rule/review-overdue']!.level).toBe('warning');
    for (const x of results) {
      expect(driver.rules![x.ruleIndex!]!.id).toBe(x.ruleId); // every result's rule is described
      expect(driver.rules![x.ruleIndex!]!.helpUri).toMatch(/^https:\/\//);
    }
  });

  it('a clean run is a log with no results', async () => {
    const log = JSON.parse((await run(['validate', 'slas/ok.sla.yaml', '--format', 'sarif', '--as-of', '2026-06-01', '--no-config'])).stdout) as Log;
    expect(log.runs[0]!.results).toEqual([]);
  });
});
