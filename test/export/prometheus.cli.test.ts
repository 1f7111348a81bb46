// The Prometheus rules `sla export prometheus` writes, checked by Prometheus's own promtool:
// `promtool check rules` on the output, and `promtool test rules` feeding series and asserting which
// burn-rate alerts fire (all four on a fast burn, the slower ones only on a slow burn, none when
// the service keeps its objective). Skipped only when promtool is missing outside CI.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { repoRoot, runInProcess, runSla, tempDir } from '../helpers.js';

const FIXTURE = join(repoRoot, 'test', 'fixtures', 'export', 'platform-api-promql.sla.yaml');
const promtool = (() => {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return 'promtool';
  } catch {
    return undefined;
  }
})();
if (promtool === undefined && process.env.CI) throw new Error('promtool is missing: CI installs Debian\'s prometheus package (.ci/run); the rule tests need it');
const skipped = promtool === undefined ? ' (skipped: promtool is not installed; apt-get install prometheus)' : '';

const tmp = tempDir('sla-promtool-');
afterAll(tmp.cleanup);

const run = (args: string[], cwd: string) => spawnSync(promtool!, args, { cwd, encoding: 'utf8', timeout: 110_000 });

type Rule = { alert?: string; labels: Record<string, string>; annotations?: Record<string, string> };

describe.skipIf(promtool === undefined)(`sla export prometheus through promtool${skipped}`, () => {
  it('writes rules promtool accepts, with agreement and KPI labels and annotations that are not run as templates', async () => {
    const dir = tmp.fresh();
    // A remedy with template braces and quotes: Prometheus would run {{ ... }} in an annotation.
    const text = readFileSync(FIXTURE, 'utf8').replace('remedy: Platform Engineering presents a performance and reliability plan at the next monthly review.', 'remedy: "Say {{ $value }} and \\"quote\\" {{ .Labels }}: Platform Engineering presents a performance and reliability plan at the next monthly review."');
    expect(text).toContain('{{ $value }}');
    writeFileSync(join(dir, 'sla.yaml'), text);
    const r = await runSla(['export', 'prometheus', 'sla.yaml', '-o', 'rules.yaml'], { cwd: dir });
    expect(r.code).toBe(0);
    const check = run(['check', 'rules', 'rules.yaml'], dir);
    expect(check.stdout + check.stderr).toContain('SUCCESS: 26 rules found');
    expect(check.status).toBe(0);
    const rules = parse(readFileSync(join(dir, 'rules.yaml'), 'utf8'));
    const latency = rules.groups[1].rules.find((a: Rule) => a.labels.sla_kpi === 'latency-p95');
    expect(latency.annotations.remedy).toBe('Say {{ "{{" }} $value {{ "}}" }} and "quote" {{ "{{" }} .Labels {{ "}}" }}: Platform Engineering presents a performance and reliability plan at the next monthly review.');
    // Prometheus renders the annotation back to the agreement's words, braces and all.
    const fired = rules.groups[1].rules.filter((a: Rule) => a.labels.sla_kpi === 'latency-p95').map((a: Rule) => ({
      exp_labels: a.labels,
      exp_annotations: { ...a.annotations, remedy: 'Say {{ $value }} and "quote" {{ .Labels }}: Platform Engineering presents a performance and reliability plan at the next monthly review.' },
    }));
    const slow = ['0.1', '0.5', '+Inf'].map((le) => ({ series: `auth_latency_seconds_bucket{job="payments-api",le="${le}"}`, values: `0+${le === '+Inf' ? 100 : 0}x60` }));
    writeFileSync(join(dir, 'tests.yaml'), stringify({ rule_files: ['rules.yaml'], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: slow, alert_rule_test: [{ eval_time: '30m', alertname: 'SLAErrorBudgetBurn', exp_alerts: fired }] }] }));
    const t = run(['test', 'rules', 'tests.yaml'], dir);
    expect(t.stdout + t.stderr).toContain('SUCCESS');
    expect(t.status).toBe(0);
  }, 120_000);

  it('promtool test rules: a fast burn fires all four alerts, a slow burn the slower three, a healthy service none', async () => {
    const dir = tmp.fresh();
    const r = await runInProcess(['export', 'prometheus', FIXTURE, '-o', join(dir, 'rules.yaml')]); // bin/sla's export is the case above
    expect(r.code).toBe(0);
    const alerts: Rule[] = parse(readFileSync(join(dir, 'rules.yaml'), 'utf8')).groups[1].rules;
    // What promtool must see for an alert: its labels and annotations exactly.
    const expected = (kpi: string, windows: string[]) =>
      alerts.filter((a) => a.labels.sla_kpi === kpi && windows.includes(a.labels.burn_window!)).map((a) => ({ exp_labels: a.labels, exp_annotations: a.annotations }));
    const requests = (good: number, bad: number) => [
      { series: 'http_requests_total{job="payments-api",code="200"}', values: `0+${good}x600` },
      { series: 'http_requests_total{job="payments-api",code="500"}', values: `0+${bad}x600` },
    ];
    // Latency buckets: every request under 100 ms (p95 95 ms), or every one over 500 ms.
    const latency = (fast: boolean) => ['0.1', '0.5', '+Inf'].map((le) => ({ series: `auth_latency_seconds_bucket{job="payments-api",le="${le}"}`, values: `0+${fast || le === '+Inf' ? 100 : 0}x600` }));
    const test = (name: string, series: object[], at: string, exp: object[], kpi: string) => ({ name, interval: '1m', input_series: series, alert_rule_test: [{ eval_time: at, alertname: 'SLAErrorBudgetBurn', exp_alerts: exp.filter((e) => (e as { exp_labels: Rule['labels'] }).exp_labels.sla_kpi === kpi) }] });
    const tests = {
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        // 10 % of requests fail: 100 times the 0.1 % the objective allows.
        { ...test('fast burn', [...requests(90, 10), ...latency(true)], '30m', expected('availability', ['1h', '6h', '1d', '3d']), 'availability') },
        // 0.8 % fail: 8 times the budget; above 6x, 3x and 1x, below 14.4x.
        { ...test('slow burn', [...requests(992, 8), ...latency(true)], '3h', expected('availability', ['6h', '1d', '3d']), 'availability') },
        // 0.05 % fail: half the budget; nothing fires, even after hours.
        { ...test('healthy', [...requests(1999, 1), ...latency(true)], '8h', [], 'availability') },
        // Every request slower than 300 ms: the p95 KPI burns its whole 5 % budget twentyfold.
        { ...test('slow requests', [...requests(1999, 1), ...latency(false)], '30m', expected('latency-p95', ['1h', '6h', '1d', '3d']), 'latency-p95') },
      ],
    };
    writeFileSync(join(dir, 'tests.yaml'), stringify(tests));
    const t = run(['test', 'rules', 'tests.yaml'], dir);
    expect(t.stdout + t.stderr).toContain('SUCCESS');
    expect(t.status).toBe(0);

    // The test can fail: claim the 1h page fires on the slow burn, and promtool must disagree.
    tests.tests[1]!.alert_rule_test[0]!.exp_alerts = expected('availability', ['1h', '6h', '1d', '3d']);
    writeFileSync(join(dir, 'wrong.yaml'), stringify(tests));
    const wrong = run(['test', 'rules', 'wrong.yaml'], dir);
    expect(wrong.status).toBe(1);
    expect(wrong.stdout + wrong.stderr).toContain('burn_window="1h"');
  }, 120_000); // promtool evaluates hours of series at one-minute steps: seconds alone, more on a busy machine
});
