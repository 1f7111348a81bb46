// sla.config.yaml: found upward (stopping at the git root), --config, --no-config, its settings,
// flags beating it, and its own problems located at file:line:column.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { example, runInProcess, tempDir } from '../helpers.js';

// A misspelt time zone (error, rule/timezone) and, on 2035-01-01, an overdue review (warning).
// Without its signatories: these tests edit material content, and a signed text would then add stale-signature errors.
const valid = readFileSync(example('platform-api', 'sla.yaml'), 'utf8').replace(/\n  signatories:\n(?:    - \{[^\n]*\n)+/, '\n');
const agreement = valid.replace('timezone: America/New_York', 'timezone: America/New_Yrok');
const LATE = ['--as-of', '2035-01-01'];

let tmp: ReturnType<typeof tempDir>;
const put = (rel: string, text: string) => {
  const full = join(tmp.dir, rel);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, text);
};
const run = (args: string[], cwd = tmp.dir) => runInProcess(args, { cwd });
const rulesOf = (stdout: string) => (JSON.parse(stdout) as { files: { problems: { rule: string; severity: string }[] }[] }).files.flatMap((f) => f.problems.map((p) => `${p.rule}:${p.severity}`));

beforeEach(() => {
  tmp = tempDir('sla-config-');
  mkdirSync(join(tmp.dir, 'repo', '.git'), { recursive: true });
  put('repo/slas/sla.yaml', agreement);
});
afterEach(() => tmp.cleanup());

describe('finding the config file', () => {
  it('is found upward from the working folder, not counted as a skipped YAML file', async () => {
    put('repo/sla.config.yaml', 'rules:\n  timezone: off\n');
    const r = await run(['validate', '.', '--format', 'json', ...LATE], join(tmp.dir, 'repo', 'slas'));
    expect(rulesOf(r.stdout)).toEqual(['rule/review-overdue:warning']);
    expect(r.code).toBe(0);
    const top = await run(['validate', '.', '--format', 'json', ...LATE], join(tmp.dir, 'repo'));
    expect(top.stderr).toBe('');
    expect(rulesOf(top.stdout)).toEqual(['rule/review-overdue:warning']);
  });

  it('stops at the git root: a config above the repository is not read', async () => {
    put('sla.config.yaml', 'rules:\n  timezone: off\n');
    const r = await run(['validate', 'slas', '--format', 'json', ...LATE], join(tmp.dir, 'repo'));
    expect(rulesOf(r.stdout)).toContain('rule/timezone:error');
    expect(r.code).toBe(1);
  });

  it('--config names one anywhere; --no-config ignores the nearest', async () => {
    put('elsewhere/strict.yaml', 'rules:\n  review-overdue: error\n  timezone: off\n');
    put('repo/sla.config.yaml', 'rules:\n  review-overdue: off\n  timezone: off\n');
    const named = await run(['validate', 'slas', '--config', '../elsewhere/strict.yaml', '--format', 'json', ...LATE], join(tmp.dir, 'repo'));
    expect(rulesOf(named.stdout)).toEqual(['rule/review-overdue:error']);
    expect(named.code).toBe(1);
    const none = await run(['validate', 'slas', '--no-config', '--format', 'json', ...LATE], join(tmp.dir, 'repo'));
    expect(rulesOf(none.stdout).sort()).toEqual(['rule/review-overdue:warning', 'rule/timezone:error']);
    const missing = await run(['validate', 'slas', '--config', 'nope.yaml'], join(tmp.dir, 'repo'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^sla: nope\.yaml: .*\n$/);
  });
});

describe('settings', () => {
  it('rules: off hides a rule, error makes a warning fail, warn lets an error pass', async () => {
    put('repo/sla.config.yaml', 'rules:\n  timezone: warn\n  review-overdue: error\n');
    const r = await run(['validate', 'slas', '--format', 'json', ...LATE], join(tmp.dir, 'repo'));
    expect(rulesOf(r.stdout).sort()).toEqual(['rule/review-overdue:error', 'rule/timezone:warning']);
    expect(r.code).toBe(1);
    put('repo/sla.config.yaml', 'rules:\n  timezone: warn\n  review-overdue: off\n');
    const pass = await run(['validate', 'slas', ...LATE], join(tmp.dir, 'repo'));
    expect(pass.code).toBe(0);
    expect(pass.stdout).toMatch(/1 problem \(0 errors, 1 warning\)/);
  });

  it('ignore globs are relative to the config file and add to --ignore', async () => {
    put('repo/slas/old/sla.yaml', agreement);
    put('repo/slas/draft.sla.yaml', agreement);
    put('repo/sla.config.yaml', 'ignore:\n  - slas/old/\n');
    const listed = async (extra: string[]) => {
      const r = await run(['validate', '.', '--ignore', '*.sla.yaml', '--format', 'json', '--as-of', '2026-06-01', ...extra], join(tmp.dir, 'repo', 'slas'));
      return (JSON.parse(r.stdout) as { files: { file: string }[] }).files.map((f) => f.file);
    };
    expect(await listed(['--no-config'])).toEqual(['old/sla.yaml', 'sla.yaml']);
    expect(await listed([])).toEqual(['sla.yaml']);
  });

  it('render: the config gives the stylesheet; --css beats it', async () => {
    put('repo/slas/sla.yaml', valid);
    put('repo/styles/config.css', '.from-config { color: red }');
    put('repo/flag.css', '.from-flag { color: blue }');
    put('repo/sla.config.yaml', 'render:\n  css: styles/config.css\n  paper: letter\n');
    const cwd = join(tmp.dir, 'repo', 'slas');
    const fromConfig = await run(['render', 'sla.yaml', '--format', 'html'], cwd);
    expect(fromConfig.code).toBe(0);
    expect(fromConfig.stdout).toContain('.from-config');
    const fromFlag = await run(['render', 'sla.yaml', '--format', 'html', '--css', '../flag.css'], cwd);
    expect(fromFlag.stdout).toContain('.from-flag');
    expect(fromFlag.stdout).not.toContain('.from-config');
  });

  it('check: the metrics file per agreement and allow-missing come from the config; the argument beats it', async () => {
    put('repo/slas/sla.yaml', valid);
    copyFileSync(example('platform-api', 'metrics.csv'), join(tmp.dir, 'repo', 'metrics.csv'));
    put('repo/empty.csv', 'timestamp,metric,value\n');
    put('repo/sla.config.yaml', 'check:\n  metrics:\n    slas/sla.yaml: metrics.csv\n  allow-missing: true\n');
    const cwd = join(tmp.dir, 'repo');
    const mapped = await run(['check', 'slas/sla.yaml', '--format', 'json'], cwd);
    expect(mapped.stderr).toBe('');
    expect(JSON.parse(mapped.stdout)).toBeTypeOf('object');
    const direct = await run(['check', 'slas/sla.yaml', 'metrics.csv', '--format', 'json', '--no-config'], cwd);
    expect(mapped.stdout).toBe(direct.stdout);
    // The argument beats the mapping: an empty CSV has no data, which allow-missing (from the config) lets pass.
    const empty = await run(['check', 'slas/sla.yaml', 'empty.csv', '--format', 'json'], cwd);
    expect(empty.stdout).toContain('empty.csv');
    const unmapped = await run(['check', 'slas/sla.yaml', '--no-config'], cwd);
    expect(unmapped.code).toBe(2);
    expect(unmapped.stderr).toBe('sla: name the metrics CSV after the SLA (sla check slas/sla.yaml metrics.csv) or map it in sla.config.yaml (docs/config.md)\n');
  });
});

describe('config file problems are located, exit 2', () => {
  const cases: [string, string, string][] = [
    ['a misspelt key, with did-you-mean', 'render:\n  papr: a4\n', 'sla: sla.config.yaml:2:3: unknown key "papr" in render; did you mean "paper"?'],
    ['an unknown rule id, with did-you-mean', 'rules:\n  uncoverd-kpi: off\n', 'sla: sla.config.yaml:2:3: unknown rule "uncoverd-kpi" in rules; did you mean "uncovered-kpi"?'],
    ['a bad severity', 'rules:\n  timezone: loud\n', 'sla: sla.config.yaml:2:13: rules.timezone must be one of "off", "warn", "error" (got "loud")'],
    ['a YAML syntax error', 'ignore: [a\n', 'sla: sla.config.yaml:2:1:'],
    ['a list for a mapping', '- a\n', 'sla: sla.config.yaml:1:1: (document) must be a mapping (got a list)'],
  ];
  for (const [name, text, start] of cases) {
    it(name, async () => {
      put('repo/sla.config.yaml', text);
      const r = await run(['validate', 'slas'], join(tmp.dir, 'repo'));
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.startsWith(start)).toBe(true);
      expect(r.stderr).toMatch(/\(the settings: docs\/config\.md; --no-config ignores the file\)\n$/);
      expect(r.stderr.split('\n')).toHaveLength(2);
    });
  }

  it('an empty config, or comments only, is no settings', async () => {
    put('repo/slas/sla.yaml', valid);
    put('repo/sla.config.yaml', '# nothing yet\n');
    expect((await run(['validate', 'slas', '--as-of', '2026-06-01'], join(tmp.dir, 'repo'))).code).toBe(0);
  });

  it('bounds: a config near the YAML node bound (15,000 globs, 132 KB) is read in time; above 256 KB it is refused', async () => {
    put('repo/sla.config.yaml', 'ignore:\n' + '  - "x/"\n'.repeat(15_000));
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const r = await run(['validate', 'slas', '--as-of', '2026-06-01'], join(tmp.dir, 'repo'));
    const ms = performance.now() - started;
    const grewMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(`config at the limit: ${ms.toFixed(0)} ms, rss +${grewMb.toFixed(1)} MB`);
    expect(r.code).toBe(1); // the misspelt time zone
    expect(ms).toBeLessThan(10_000);
    expect(grewMb).toBeLessThan(300);
    put('repo/sla.config.yaml', 'ignore:\n' + '  - "x/"\n'.repeat(Math.ceil((256 * 1024) / 9) + 10));
    const over = await run(['validate', 'slas'], join(tmp.dir, 'repo'));
    expect(over.code).toBe(2);
    expect(over.stderr).toBe('sla: sla.config.yaml: the file is 257 KB, larger than a config file can be (256 KB)\n');
  }, 60_000);
});
