// sla export openslo|prometheus|sloth and sla import openslo, in-process: the documents against our
// own reading of each format's rules, the KPIs that do not fit named with their line and reason,
// files written together and never over others, and the round trip export -> import.
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments, parse } from 'yaml';
import { loadSla } from '../../src/core/load/load.js';
import { DEFAULT_STEP } from '../../src/core/export/plan.js';
import type { Kpi } from '../../src/core/model.js';
import { example, repoRoot, runInProcess, tempDir } from '../helpers.js';
import { checkDocument, checkReferences, DURATION, type Doc } from './openslo-rules.js';

const FIXTURE = join(repoRoot, 'test', 'fixtures', 'export', 'platform-api-promql.sla.yaml');
const tmp = tempDir('sla-export-');
afterAll(tmp.cleanup);

const stream = (text: string): Doc[] => parseAllDocuments(text).map((d) => d.toJS() as Doc);
const kpisOf = (file: string) => loadSla(readFileSync(file, 'utf8'), file, { asOf: '2026-03-01' }).sla!.metrics;

describe('our OpenSLO rules catch what the spec forbids', () => {
  const good = () => stream(readFileSync(join(repoRoot, 'test', 'fixtures', 'export', 'openslo-expected-availability.yaml'), 'utf8'));
  it('accepts a document written by the spec\'s rules', () => {
    for (const d of good()) expect(checkDocument(d)).toEqual([]);
  });
  it.each([
    ['a target of 1 (100 %)', (d: Doc) => (d.spec.objectives[0].target = 1), 'must be in [0, 1)'],
    ['a duration in words', (d: Doc) => (d.spec.timeWindow[0].duration = '1 month'), 'not duration shorthand'],
    ['a lower-case month postfix', (d: Doc) => (d.spec.timeWindow[0].duration = '1mo'), 'not duration shorthand'],
    ['an upper-case name', (d: Doc) => (d.metadata.name = 'Availability'), 'RFC 1123'],
    ['a budgeting method of our own', (d: Doc) => (d.spec.budgetingMethod = 'Average'), 'budgetingMethod'],
    ['both target and targetPercent', (d: Doc) => (d.spec.objectives[0].targetPercent = 99.9), 'not both'],
    ['a reserved annotation prefix', (d: Doc) => (d.metadata.annotations['openslo.com/x'] = 'y'), 'reserved'],
    ['RatioTimeslices without a slice window', (d: Doc) => delete d.spec.objectives[0].timeSliceWindow, 'timeSliceWindow'],
  ])('refuses %s', (_name, spoil, message) => {
    const slo = good().find((d) => d.kind === 'SLO')!;
    spoil(slo);
    expect(checkDocument(slo).join('\n')).toContain(message);
  });
  it('knows the shorthand postfixes', () => {
    for (const ok of ['12h', '4w', '1M', '1Q', '365d', '1Y', '5m']) expect(ok).toMatch(DURATION);
    for (const bad of ['0d', '1 d', '1s', '1.5h', 'd', '-1d', '1D']) expect(bad).not.toMatch(DURATION);
  });
});

describe('sla export openslo', () => {
  it('writes Service, SLI, SLO and AlertPolicy documents that keep the spec, and names each KPI left out with its line and reason', async () => {
    const r = await runInProcess(['export', 'openslo', FIXTURE]);
    expect(r.code).toBe(0);
    const docs = stream(r.stdout);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Service/payments-api-platform',
      'SLI/availability-sli', 'SLO/availability', 'AlertPolicy/availability-burn-rate',
      'SLI/latency-p95-sli', 'SLO/latency-p95', 'AlertPolicy/latency-p95-burn-rate',
      'SLI/sev1-response-sli', 'SLO/sev1-response',
    ]);
    for (const d of docs) expect(checkDocument(d)).toEqual([]);
    expect(checkReferences(docs)).toEqual([]);
    expect(r.stderr).toContain(`${FIXTURE}:109:5: KPI incident-count not exported to openslo: it is a count per period`);
    expect(r.stderr).toContain('3 of 4 KPIs exported to openslo (availability, latency-p95, sev1-response)');
  });

  it('turns targets into fractions, periods into calendar windows from the effective date, and carries the agreement and parties', async () => {
    const docs = stream((await runInProcess(['export', 'openslo', FIXTURE])).stdout);
    const slo = (name: string) => docs.find((d) => d.kind === 'SLO' && d.metadata.name === name)!;
    expect(slo('availability').spec.objectives).toEqual([{ displayName: 'Monthly availability of the Payments API', target: 0.999, timeSliceWindow: '1m' }]);
    expect(slo('availability').spec.budgetingMethod).toBe('RatioTimeslices');
    expect(slo('availability').spec.timeWindow).toEqual([{ duration: '1M', isRolling: false, calendar: { startTime: '2026-01-01 00:00:00', timeZone: 'America/New_York' } }]);
    expect(slo('sev1-response').spec.timeWindow[0].duration).toBe('1Q');
    expect(slo('sev1-response').spec.objectives[0]).toMatchObject({ op: 'lte', value: 5, target: 0.99 });
    expect(slo('sev1-response').spec.budgetingMethod).toBe('Occurrences');
    expect(slo('latency-p95').spec.objectives[0]).toMatchObject({ op: 'lte', value: 300, target: 0.95, timeSliceTarget: 1 });
    expect(slo('latency-p95').metadata.labels).toEqual({ 'sla-agreement': 'payments-api-platform', 'sla-version': '1.3', provider: 'platform-engineering', recipients: ['checkout', 'subscriptions'] });
    const sli = docs.find((d) => d.metadata.name === 'availability-sli')!;
    // The agreement's query gives a percentage (as sla check reads it); OpenSLO's raw ratio is a fraction.
    expect(sli.spec.ratioMetric.raw.metricSource).toEqual({ type: 'Prometheus', spec: { query: '(100 * sum(rate(http_requests_total{job="payments-api",code!~"5.."}[5m])) / sum(rate(http_requests_total{job="payments-api"}[5m]))) / 100' } });
    const policy = docs.find((d) => d.kind === 'AlertPolicy' && d.metadata.name === 'availability-burn-rate')!;
    expect(policy.spec.notificationTargets[0].spec.target).toBe('Platform on-call lead');
    expect(policy.spec.conditions[0].spec.condition).toEqual({ kind: 'burnrate', op: 'gte', threshold: 14.4, lookbackWindow: '1h', alertAfter: '5m' });
  });

  it('reads the shipped example: the CSV ratio as good over total, the p95 as a threshold, weeks aligned to Mondays', async () => {
    const r = await runInProcess(['export', 'openslo', example('platform-api', 'sla.yaml')]);
    expect(r.code).toBe(0);
    const docs = stream(r.stdout);
    for (const d of docs) expect(checkDocument(d)).toEqual([]);
    const sli = docs.find((d) => d.metadata.name === 'availability-sli')!;
    expect(sli.spec.ratioMetric).toEqual({
      counter: false,
      good: { metricSource: { type: 'sla-metrics-csv', spec: { metric: 'requests', column: 'good' } } },
      total: { metricSource: { type: 'sla-metrics-csv', spec: { metric: 'requests', column: 'total' } } },
    });
    expect(docs.some((d) => d.kind === 'AlertPolicy')).toBe(false); // a CSV is not paged on
    const weekly = readFileSync(FIXTURE, 'utf8').replace('period: quarter', 'period: week');
    const w = await runInProcess(['export', 'openslo', '-'], { input: weekly });
    // 2026-01-01 is a Thursday: the ISO week that holds it starts on Monday 2025-12-29.
    expect(stream(w.stdout).find((d) => d.metadata.name === 'sev1-response')!.spec.timeWindow[0]).toMatchObject({ duration: '1w', calendar: { startTime: '2025-12-29 00:00:00' } });
  });

  it.each([
    ['a satisfaction mean', 'examples/it-service-desk/sla.yaml', 'satisfaction', 'it is a mean of values'],
    ['a count of incidents', 'examples/platform-api/sla.yaml', 'incident-count', 'it is a count per period'],
  ])('lists %s on stderr with the reason', async (_n, file, kpi, reason) => {
    const r = await runInProcess(['export', 'openslo', file]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+:5: KPI ${kpi} not exported to openslo: ${reason}`));
  });

  it.each([
    ['a business-hours ticket clock', 'measure: { aggregate: attainment, metric: incident_ack_minutes, where: { priority: SEV1 }, threshold: { op: "<=", value: 5 } }', 'measure: { aggregate: attainment, duration: { from: opened_at, to: acked_at, clock: business }, threshold: { op: "<=", value: 5 } }', 'it is a business-hours clock between two timestamp columns'],
    ['a 100 % target', 'objective: { op: ">=", target: 99 }', 'objective: { op: ">=", target: 100 }', 'its target 100 % is not between 0 and 100'],
    ['an "all" period', 'period: quarter', 'period: all', 'its period is "all"'],
    ['a ratio that must stay low', 'objective: { op: ">=", target: 99 }', 'objective: { op: "<=", target: 99 }', 'its objective is "<= 99"; an SLO is a share of good events that must be at least its target'],
  ])('skips %s, and says why', async (_n, from, to, reason) => {
    const text = readFileSync(FIXTURE, 'utf8').replace(from, to);
    expect(text).not.toBe(readFileSync(FIXTURE, 'utf8'));
    const r = await runInProcess(['export', 'openslo', '-', '--stdin-filename', 'edited.yaml'], { input: text });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`edited\\.yaml:\\d+:5: KPI sev1-response not exported to openslo: ${reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(stream(r.stdout).some((d) => d.metadata.name === 'sev1-response')).toBe(false);
  });

  it('writes one file a document into -o DIR, together, never over a file without --force; --format json reports', async () => {
    const dir = join(tmp.fresh(), 'openslo');
    const r = await runInProcess(['export', 'openslo', FIXTURE, '-o', dir, '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.exported.map((e: { kpi: string }) => e.kpi)).toEqual(['availability', 'latency-p95', 'sev1-response']);
    expect(report.skipped).toEqual([{ kpi: 'incident-count', line: 109, column: 5, reason: expect.stringContaining('count per period') }]);
    expect(readdirSync(dir).sort()).toEqual(['alertpolicy-availability-burn-rate.yaml', 'alertpolicy-latency-p95-burn-rate.yaml', 'service-payments-api-platform.yaml', 'sli-availability-sli.yaml', 'sli-latency-p95-sli.yaml', 'sli-sev1-response-sli.yaml', 'slo-availability.yaml', 'slo-latency-p95.yaml', 'slo-sev1-response.yaml']);
    writeFileSync(join(dir, 'slo-availability.yaml'), 'mine\n');
    const again = await runInProcess(['export', 'openslo', FIXTURE, '-o', dir]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/openslo\/[a-z0-9-]+\.yaml already exists; use --force to overwrite it/);
    expect(readFileSync(join(dir, 'slo-availability.yaml'), 'utf8')).toBe('mine\n');
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    expect((await runInProcess(['export', 'openslo', FIXTURE, '-o', dir, '--force', '-q'])).code).toBe(0);
    expect(readFileSync(join(dir, 'slo-availability.yaml'), 'utf8')).toContain('kind: SLO');
  });

  it.each([
    [['export', 'opensla', FIXTURE], 'unknown export "opensla"; choose one of openslo, prometheus, sloth'],
    [['export', 'openslo', FIXTURE, '--format', 'json'], '--format json prints the report on standard output'],
    [['export', 'openslo', 'missing.yaml'], 'missing.yaml'],
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const r = await runInProcess(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe(r.stdout.startsWith('{') ? r.stdout : '');
  });

  it('refuses an invalid agreement with the validate diagnostics and exit 1', async () => {
    const r = await runInProcess(['export', 'openslo', '-'], { input: readFileSync(FIXTURE, 'utf8').replace('timezone: America/New_York', 'timezone: Mars/Olympus') });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('"Mars/Olympus" is not an IANA time zone');
    expect(r.stdout).toBe('');
  });
});

describe('inputs are never replaced', () => {
  it('export -o onto the agreement, and import -o onto an OpenSLO file, are refused even with --force; -o is relative to the working folder', async () => {
    const dir = tmp.fresh();
    const text = readFileSync(FIXTURE, 'utf8');
    writeFileSync(join(dir, 'sla.yaml'), text);
    const e = await runInProcess(['export', 'prometheus', 'sla.yaml', '-o', 'sla.yaml', '--force'], { cwd: dir });
    expect(e.code).toBe(2);
    expect(e.stderr).toBe('sla: sla.yaml is an input; choose another output file (nothing was written)\n');
    expect(readFileSync(join(dir, 'sla.yaml'), 'utf8')).toBe(text);
    expect((await runInProcess(['export', 'openslo', 'sla.yaml', '-o', 'out', '-q'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'out', 'slo-availability.yaml'))).toBe(true);
    const slo = join(dir, 'out', 'slo-availability.yaml');
    const before = readFileSync(slo, 'utf8');
    const i = await runInProcess(['import', 'openslo', 'out/slo-availability.yaml', 'out/sli-availability-sli.yaml', '-o', 'out/slo-availability.yaml', '--force'], { cwd: dir });
    expect(i.code).toBe(2);
    expect(i.stderr).toContain('out/slo-availability.yaml is an input; choose another output file (nothing was written)');
    expect(readFileSync(slo, 'utf8')).toBe(before);
  });
});

describe('sla export sloth', () => {
  it('writes a prometheus/v1 spec with the promql KPIs as raw error ratios, objectives in percent, alerts named and annotated', async () => {
    const r = await runInProcess(['export', 'sloth', FIXTURE]);
    expect(r.code).toBe(0);
    const spec = parse(r.stdout);
    // Sloth's v1 spec: version, service, labels (string map), slos with name, objective (0, 100], sli (one of raw/events/plugin), alerting.name.
    expect(Object.keys(spec).sort()).toEqual(['labels', 'service', 'slos', 'version']);
    expect(spec.version).toBe('prometheus/v1');
    expect(spec.service).toBe('payments-api-platform');
    for (const v of Object.values(spec.labels)) expect(typeof v).toBe('string');
    expect(spec.slos.map((s: { name: string }) => s.name)).toEqual(['availability', 'latency-p95']);
    for (const slo of spec.slos) {
      expect(slo.name).toMatch(/^[a-zA-Z0-9][-a-zA-Z0-9_]*$/);
      expect(slo.objective).toBeGreaterThan(0);
      expect(slo.objective).toBeLessThanOrEqual(100);
      expect(Object.keys(slo.sli)).toEqual(['raw']);
      expect(slo.sli.raw.error_ratio_query).toMatch(/^1 - \(/);
      expect(slo.alerting.name).toMatch(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/);
      for (const key of ['labels', 'annotations']) for (const v of Object.values(slo.alerting[key])) expect(typeof v).toBe('string');
      expect(slo.alerting.page_alert.labels.severity).toBe('page');
      expect(slo.alerting.ticket_alert.labels.severity).toBe('ticket');
    }
    expect(spec.slos[0].objective).toBe(99.9);
    expect(spec.slos[1].objective).toBe(95);
    expect(spec.slos[1].sli.raw.error_ratio_query).toContain('<= bool 300');
    expect(spec.slos[0].alerting.annotations.escalation).toBe('Platform on-call lead -> Director of Platform Engineering -> VP Engineering');
    expect(r.stderr).toContain('KPI sev1-response not exported to sloth: it is measured from a metrics CSV, not from a promql query');
  });
});

describe('sla export prometheus (structure; promtool checks the rules in export.cli.test.ts)', () => {
  it('records the SLI and its error ratios and raises the four workbook burn-rate alerts per promql KPI', async () => {
    const r = await runInProcess(['export', 'prometheus', FIXTURE]);
    expect(r.code).toBe(0);
    const rules = parse(r.stdout);
    const alerts = rules.groups[1].rules;
    expect(alerts).toHaveLength(8);
    expect(alerts.filter((a: { labels: { sla_kpi: string } }) => a.labels.sla_kpi === 'availability').map((a: { labels: Record<string, string>; expr: string }) => [a.labels.burn_window, a.labels.severity, a.expr.match(/> ([\d.]+) and/)![1]])).toEqual([
      ['1h', 'page', '0.0144'], ['6h', 'page', '0.006'], ['1d', 'ticket', '0.003'], ['3d', 'ticket', '0.001'],
    ]);
    expect(alerts[0].labels).toMatchObject({ sla_agreement: 'payments-api-platform', sla_kpi: 'availability' });
    expect(alerts[0].annotations.remedy).toContain('freezes non-urgent feature work');
    expect(alerts[0].annotations.escalation).toBe('Platform on-call lead -> Director of Platform Engineering -> VP Engineering');
  });
});

/** A KPI as the agreement holds it, with the default step written out (import leaves 5m unsaid). */
const normal = (k: Kpi) => (k.measure.promql !== undefined && k.measure.step === undefined ? { ...k, measure: { ...k.measure, step: DEFAULT_STEP } } : k);

describe('sla import openslo', () => {
  it('round trip: importing the export gives back the exported KPIs, equal field by field, and the agreement validates with --strict', async () => {
    const dir = tmp.fresh();
    const exported = await runInProcess(['export', 'openslo', FIXTURE, '-o', join(dir, 'slos')]);
    expect(exported.code).toBe(0);
    const files = readdirSync(join(dir, 'slos')).map((n) => join(dir, 'slos', n));
    const out = join(dir, 'sla.yaml');
    const r = await runInProcess(['import', 'openslo', ...files, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('3 KPIs imported (availability, latency-p95, sev1-response)');
    const original = kpisOf(FIXTURE).filter((k) => k.id !== 'incident-count');
    expect(kpisOf(out).map(normal)).toEqual(original.map(normal));
    const v = await runInProcess(['validate', out, '--strict']);
    expect(v.stdout + v.stderr).toContain('1 file valid');
    expect(v.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('# Written by `sla import openslo` as a starting point.');
    expect(text).toContain('# 2. SCOPE: what is covered, what is not, and when');
    expect(text).toContain('provider:\n    id: platform-engineering');
  });

  it('round trip of the shipped example (CSV measures) through standard output and input', async () => {
    const e = await runInProcess(['export', 'openslo', example('platform-api', 'sla.yaml'), '-q']);
    const r = await runInProcess(['import', 'openslo', '-', '-q'], { input: e.stdout });
    expect(r.code).toBe(0);
    const imported = loadSla(r.stdout, 'imported.yaml', { asOf: '2026-03-01' });
    expect(imported.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(imported.sla!.metrics).toEqual(kpisOf(example('platform-api', 'sla.yaml')).filter((k) => k.id !== 'incident-count'));
  });

  it('reads SLOs other tools wrote: good/total Prometheus queries, a rolling 28d window (with a notice), an unknown source', async () => {
    const file = join(tmp.fresh(), 'foreign.yaml');
    writeFileSync(file, `apiVersion: openslo/v1
kind: SLO
metadata:
  name: checkout-availability
  displayName: Checkout availability
spec:
  service: checkout
  timeWindow:
    - duration: 28d
      isRolling: true
  budgetingMethod: Occurrences
  indicator:
    metadata: { name: checkout-errors }
    spec:
      ratioMetric:
        counter: true
        good: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{code!~"5.."}[5m]))' } } }
        total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total[5m]))' } } }
  objectives:
    - targetPercent: 99.5
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: search-latency }
spec:
  service: search
  timeWindow: [{ duration: 1w, calendar: { startTime: "2026-01-05 00:00:00", timeZone: Mars/Olympus } }]
  budgetingMethod: Occurrences
  indicator:
    metadata: { name: search-latency }
    spec:
      thresholdMetric: { metricSource: { type: Datadog, spec: { query: 'avg:search.latency{*}' } } }
  objectives:
    - { op: lte, value: 250, target: 0.9 }
`);
    const out = join(tmp.fresh(), 'sla.yaml');
    const r = await runInProcess(['import', 'openslo', file, '-o', out]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`${file}:9:5: rolling window 28d imported as period month`);
    expect(r.stderr).toContain(`${file}:27:88: "Mars/Olympus" is not an IANA time zone; the agreement uses UTC`);
    expect(r.stderr).toMatch(new RegExp(`${file}:\\d+:\\d+: metric source Datadog: sla reads it from a metrics CSV, as rows whose metric is search-latency`));
    const kpis = kpisOf(out);
    expect(kpis[0]).toMatchObject({ id: 'checkout-availability', unit: 'percent', objective: { op: '>=', target: 99.5 }, period: 'month', measure: { aggregate: 'mean', promql: '100 * (sum(rate(http_requests_total{code!~"5.."}[5m]))) / (sum(rate(http_requests_total[5m])))' } });
    expect(kpis[1]).toMatchObject({ id: 'search-latency', objective: { op: '>=', target: 90 }, period: 'week', measure: { aggregate: 'attainment', metric: 'search-latency', threshold: { op: '<=', value: 250 } } });
    expect((await runInProcess(['validate', out])).code).toBe(0);
  });

  it.each([
    ['apiVersion: openslo/v1alpha\nkind: SLO\nmetadata: { name: a }\nspec: {}\n', '1:13: apiVersion is "openslo/v1alpha"; sla imports openslo/v1 documents'],
    ['apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: a }\nspec:\n  indicatorRef: nowhere\n  objectives: [{ target: 0.9 }]\n', '5:17: indicatorRef "nowhere" names no SLI document in the files given'],
    ['apiVersion: openslo/v1\nkind: Service\nmetadata: { name: a }\nspec: {}\n', '1:1: no SLO document in'],
    ['apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: a\n', 'not valid YAML'],
    ['apiVersion: openslo/v1\nkind: SLO\nmetadata: { name: a }\nspec:\n  indicator: { spec: { ratioMetric: { raw: { metricSource: { type: Prometheus, spec: { query: up } } }, rawType: success } } }\n  objectives:\n    - target: 1.5\n', '7:7: an objective needs target (a fraction in [0, 1))'],
  ])('refuses a bad file with exit 2 and a located line: %#', async (text, message) => {
    const file = join(tmp.fresh(), 'bad.yaml');
    writeFileSync(file, text);
    const out = join(tmp.dir, 'never.yaml');
    const r = await runInProcess(['import', 'openslo', file, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(file);
    expect(existsSync(out)).toBe(false);
  });

  it('never writes over a file without --force', async () => {
    const dir = tmp.fresh();
    const out = join(dir, 'sla.yaml');
    writeFileSync(out, 'mine\n');
    const e = await runInProcess(['export', 'openslo', FIXTURE, '-q']);
    const r = await runInProcess(['import', 'openslo', '-', '-o', out], { input: e.stdout });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists; use --force');
    expect(readFileSync(out, 'utf8')).toBe('mine\n');
  });
});
