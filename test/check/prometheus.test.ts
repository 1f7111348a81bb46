// The Prometheus source, in-process: the window and chunks asked for, a response read into samples,
// samples bucketed like CSV rows (DST-safe local days), saved responses end to end, the promql rule,
// and the credential handling (never printed). The HTTP paths run against a real Prometheus and a
// local server in prometheus*.cli.test.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { checkSources, type CheckResult } from '../../src/core/check/index.js';
import { chunksOf, labelsOf, MAX_POINTS, pointCount, POINTS_PER_REQUEST, queryWindow, ResponseError, samplesOf, stepSeconds } from '../../src/core/check/prometheus.js';
import type { Sla } from '../../src/core/model.js';
import { offsetOfPath, prometheusTarget, refuseTooManyPoints } from '../../src/services/prometheus.js';
import { UserError } from '../../src/runtime/io.js';
import { capturedIo, repoRoot, runInProcess, tempDir } from '../helpers.js';
import { kpi, makeSla, result } from './fixtures.js';
import { END_S, EXPECTED, response, series, START_S } from './prometheus-series.js';

const FIXTURE = join(repoRoot, 'test/fixtures/prometheus/sla.yaml');
const fixtureSla = () => parse(readFileSync(FIXTURE, 'utf8')) as Sla;
const tmp = tempDir('sla-prometheus-');
afterAll(() => tmp.cleanup());

describe('the window and the range queries', () => {
  it('steps are whole seconds, minutes, hours or days', () => {
    expect(stepSeconds('5m')).toBe(300);
    expect(stepSeconds('30s')).toBe(30);
    expect(stepSeconds('1h')).toBe(3600);
    expect(stepSeconds('1d')).toBe(86_400);
    expect(() => stepSeconds('5 m')).toThrow(RangeError);
  });

  it('runs from local midnight of the first day of the term to local midnight after its last, in the SLA zone', () => {
    const w = queryWindow(fixtureSla(), { nowMs: Date.UTC(2026, 10, 30) })!;
    expect(w).toEqual({ firstDay: '2026-01-01', lastDay: '2026-04-30', startMs: START_S * 1000, endMs: END_S * 1000 });
  });

  it('is cut by --from/--to at local midnights on either side of the DST change, and by now', () => {
    const sla = fixtureSla();
    // 2026-03-29 is 23 hours long in Berlin: 23:00Z the day before to 22:00Z.
    expect(queryWindow(sla, { from: '2026-03-29', to: '2026-03-29', nowMs: Date.UTC(2026, 10, 30) })).toMatchObject({ startMs: Date.UTC(2026, 2, 28, 23), endMs: Date.UTC(2026, 2, 29, 22) });
    // A check made during the term stops at the moment it is made: nothing is asked of the future.
    const now = Date.UTC(2026, 1, 10, 12, 34);
    expect(queryWindow(sla, { nowMs: now })).toMatchObject({ lastDay: '2026-02-10', endMs: now });
    // Before the term starts, or a range outside it: nothing to ask.
    expect(queryWindow(sla, { nowMs: Date.UTC(2025, 5, 1) })).toBeUndefined();
    expect(queryWindow(sla, { from: '2026-06-01', nowMs: Date.UTC(2026, 10, 30) })).toBeUndefined();
  });

  it('splits a long range into requests under Prometheus\'s 11,000 points, on one grid, no instant twice or missed', () => {
    const w = queryWindow(fixtureSla(), { nowMs: Date.UTC(2026, 10, 30) })!;
    const chunks = chunksOf(w, 300);
    const points = pointCount(w, 300);
    expect(points).toBe(series().length);
    expect(chunks).toHaveLength(Math.ceil(points / POINTS_PER_REQUEST));
    let total = 0;
    for (const [i, c] of chunks.entries()) {
      const n = (c.end - c.start) / 300 + 1;
      expect(n).toBeLessThanOrEqual(11_000);
      total += n;
      if (i > 0) expect(c.start).toBe(chunks[i - 1]!.end + 300);
    }
    expect(total).toBe(points);
    expect(chunks[0]!.start).toBe(START_S);
    expect(chunks.at(-1)!.end).toBe(END_S - 300);
  });

  it('refuses more samples than MAX_POINTS before any request, naming the range and what to change', () => {
    const sla = fixtureSla();
    const w = queryWindow(sla, { nowMs: Date.UTC(2026, 10, 30) })!;
    const promql = sla.metrics.filter((k) => k.measure.promql !== undefined);
    expect(() => refuseTooManyPoints(promql, w)).not.toThrow();
    const fine = promql.map((k) => ({ ...k, measure: { ...k.measure, step: '1s' } }));
    const points = fine.length * pointCount(w, 1);
    expect(points).toBeGreaterThan(MAX_POINTS);
    expect(() => refuseTooManyPoints(fine, w)).toThrow(/^2026-01-01 to 2026-04-30 at the KPIs' steps \(1s\) is 31,093,200 samples over 3 promql KPIs, more than the 2,000,000 a check reads; use a longer step, or a shorter range with --from\/--to$/);
  });
});

describe('a range-query response', () => {
  const ok = (values: [number, string][]) => ({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } });
  const fault = (body: unknown, after?: number) => {
    try {
      samplesOf(body, 'k', after);
    } catch (err) {
      expect(err).toBeInstanceOf(ResponseError);
      return { message: (err as ResponseError).message, path: (err as ResponseError).path };
    }
    throw new Error('no fault');
  };

  it('gives instants in ms and values; no series is no data', () => {
    expect(samplesOf(ok([[1767225600, '99.5'], [1767225900.5, '1e+2'], [1767226200, '-0.25']]), 'k')).toEqual({ times: [1767225600000, 1767225900500, 1767226200000], values: [99.5, 100, -0.25] });
    expect(samplesOf({ status: 'success', data: { resultType: 'matrix', result: [] } }, 'k')).toEqual({ times: [], values: [] });
  });

  it('refuses what is not one series of finite values in time order, with the path to the fault', () => {
    expect(fault({ status: 'error', errorType: 'bad_data', error: 'parse error' })).toEqual({ message: 'Prometheus answered an error (bad_data): parse error', path: ['status'] });
    expect(fault({ status: 'success', data: { resultType: 'vector', result: [] } })).toMatchObject({ message: expect.stringContaining('"resultType" is "vector", not "matrix"'), path: ['data', 'resultType'] });
    expect(fault([])).toMatchObject({ message: expect.stringContaining('not a Prometheus response') });
    const two = { status: 'success', data: { resultType: 'matrix', result: [{ metric: { instance: 'a' }, values: [] }, { metric: { instance: 'b' }, values: [] }] } };
    expect(fault(two)).toEqual({ message: 'KPI "k": the query returns 2 series ({instance="a"}, {instance="b"}), but a KPI has one value per instant; aggregate them in the query, such as sum(...) or avg(...)', path: ['data', 'result', 1] });
    expect(fault(ok([[1767225600, '1'], [1767225900, 'NaN']]))).toEqual({ message: 'KPI "k": the value at 2026-01-01T00:05:00Z is NaN (not a number: a ratio of 0 over 0, where there was no traffic?); make the query return a finite number at every instant, or none there', path: ['data', 'result', 0, 'values', 1, 1] });
    expect(fault(ok([[1767225600, '-Inf']])).message).toContain('is -Inf (a division by zero?)');
    expect(fault(ok([[1767225600, 'x1']])).message).toContain('is "x1"');
    expect(fault(ok([[1767225600, '2e15']])).message).toContain('is too large');
    expect(fault(ok([[1767225900, '1'], [1767225600, '1']]))).toMatchObject({ message: expect.stringContaining('is not after the sample before it'), path: ['data', 'result', 0, 'values', 1, 0] });
    expect(fault(ok([[1767225600, '1'], [1767225600, '1']])).message).toContain('not after the sample before it');
    // A chunk must start after the one before it ended.
    expect(fault(ok([[1767225600, '1']]), 1767225600000)).toMatchObject({ message: expect.stringContaining('(the end of the response before)'), path: ['data', 'result', 0, 'values', 0, 0] });
    expect(fault(ok([['1767225600' as unknown as number, '1']])).message).toContain('is not a number of seconds');
    expect(fault({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, histograms: [] }] } }).message).toContain('native histograms');
  });

  it('shows labels briefly', () => {
    expect(labelsOf({ job: 'api', code: '5"00' })).toBe('{job="api", code="5\\"00"}');
    expect(labelsOf({ x: 'y'.repeat(500) })).toHaveLength(121);
  });

  it('finds the line and column of a path in JSON text that parsed', () => {
    const text = '{\n  "a": [1, {"b": "x,]}"}, [2, 3]],\n  "c": {"d": "\\"}"}\n}';
    const at = (path: (string | number)[]) => text.slice(offsetOfPath(text, path), offsetOfPath(text, path) + 6);
    expect(at(['a', 2, 1])).toBe('3]],\n ');
    expect(at(['a', 1, 'b'])).toBe('"x,]}"');
    expect(at(['c', 'd'])).toBe('"\\"}"}');
    expect(at([])).toBe('{\n  "a');
  });
});

describe('samples land in local days, like CSV rows', () => {
  const run = (sla: Sla, options: Parameters<typeof checkSources>[2] = {}) =>
    checkSources(sla, undefined, options, async (sink) => {
      const s = series();
      sink(sla.metrics[0]!.id, s.map(([t]) => t * 1000), s.map(([, v]) => v));
    });

  it('per day: 288 samples, 276 on the day the clocks go forward', async () => {
    const sla = makeSla([kpi('n', { aggregate: 'count', metric: undefined, promql: 'x' }, { op: '>=', target: 288 }, { period: 'day' })], [], 'Europe/Berlin');
    const r = await run(sla, { from: '2026-03-28', to: '2026-03-30' });
    expect(r.results.map((x) => [x.period, x.actual, x.status])).toEqual([['2026-03-28', 288, 'met'], ['2026-03-29', 276, 'breached'], ['2026-03-30', 288, 'met']]);
  });

  it('per month: every aggregation on the known series, worked out by hand', async () => {
    const month = (measure: object) => makeSla([kpi('k', { metric: undefined, promql: 'x', ...measure }, { op: '>=', target: 99 })], [], 'Europe/Berlin');
    const mean = await run(month({ aggregate: 'mean' }));
    const share = await run(month({ aggregate: 'attainment', threshold: { op: '>=', value: 99 } }));
    const min = await run(month({ aggregate: 'min' }));
    const p95 = await run(month({ aggregate: 'p95' }));
    for (const [period, e] of Object.entries(EXPECTED)) {
      expect(result(mean, 'k', period).actual).toBeCloseTo(e.uptime, 9);
      expect(result(mean, 'k', period).samples).toBe(e.samples);
      expect(result(share, 'k', period).actual).toBeCloseTo(e.goodShare, 9);
    }
    expect(result(min, 'k', '2026-03').actual).toBe(97);
    // March: 2,880 of 8,916 samples are 97, so the 95th percentile is in the 99.75 run.
    expect(result(p95, 'k', '2026-03').actual).toBe(99.75);
  });

  it('samples outside the term are counted, not measured', async () => {
    const sla = { ...makeSla([kpi('k', { metric: undefined, promql: 'x' })], [], 'Europe/Berlin'), effective: '2026-02-01', expires: '2026-02-28' } as Sla;
    const r = await run(sla);
    expect(r.outside).toEqual({ before: 31 * 288, after: (31 - 1) * 288 + 276 + 30 * 288 });
    expect(r.results.map((x) => x.period)).toEqual(['2026-02']);
  });
});

describe('saved responses end to end (sla check SLA result.json)', () => {
  const write = (name: string, body: unknown) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, JSON.stringify(body, null, 1));
    return path;
  };
  const json = (r: { stdout: string }) => JSON.parse(r.stdout) as CheckResult;

  it('an object keyed by KPI id, a list of chunk responses each, gives the hand-computed figures', async () => {
    const s = series();
    const chunks = [s.slice(0, 10_000), s.slice(10_000, 20_000), s.slice(20_000)].map((c) => response(c));
    const file = write('bundle.json', { uptime: chunks, 'good-share': chunks, samples: response(s) });
    const r = await runInProcess(['check', FIXTURE, file, '--format', 'json', '--period', 'month']);
    expect(r.code, r.stderr).toBe(1);
    const out = json(r);
    for (const [period, e] of Object.entries(EXPECTED)) {
      expect(result(out, 'uptime', period).actual).toBeCloseTo(e.uptime, 3);
      expect(result(out, 'good-share', period).actual).toBeCloseTo(e.goodShare, 3);
      expect(result(out, 'samples', period)).toMatchObject({ actual: e.samples, samples: e.samples });
      // The KPI that reads a CSV has no data without one.
      expect(result(out, 'tickets', period).status).toBe('no-data');
    }
    expect(result(out, 'uptime', '2026-02')).toMatchObject({ status: 'breached', consequences: [{ credit: 10 }] });
    expect(out.credits.map((c) => [c.period, c.percent])).toEqual([['2026-02', 35], ['2026-03', 35]]);
  });

  it('one response with --kpi, beside the CSV through --prometheus-responses; the other promql KPIs have no data', async () => {
    const file = write('one.json', response(series()));
    const csv = join(tmp.dir, 'tickets.csv');
    writeFileSync(csv, 'timestamp,metric,value\n2026-01-15T10:00:00Z,csat,4.5\n');
    const r = await runInProcess(['check', FIXTURE, csv, '--prometheus-responses', file, '--kpi', 'uptime', '--format', 'json', '--period', 'all']);
    const out = json(r);
    expect(result(out, 'uptime', 'all').actual).toBeCloseTo((EXPECTED['2026-01']!.uptime * 8928 + 98.5 * 8064 + EXPECTED['2026-03']!.uptime * 8916 + 100 * 8640) / (8928 + 8064 + 8916 + 8640), 3);
    expect(result(out, 'tickets', 'all')).toMatchObject({ actual: 4.5, status: 'met' });
    expect(result(out, 'good-share', 'all').status).toBe('no-data');
  });

  it('a CSV alone: the promql KPIs have no data, and stderr says why', async () => {
    const csv = join(tmp.dir, 'only.csv');
    writeFileSync(csv, 'timestamp,metric,value\n2026-01-15T10:00:00Z,csat,4.5\n');
    const r = await runInProcess(['check', FIXTURE, csv, '--format', 'json']);
    expect(r.stderr).toContain('sla: 3 KPIs (uptime, good-share, samples) measure with promql and have no data without --prometheus URL or a saved response');
    expect(result(json(r), 'uptime', '2026-01').status).toBe('no-data');
  });

  it('a second chunk that goes back in time is located in its own response', async () => {
    const s = series();
    const file = write('overlap.json', { samples: [response(s.slice(0, 10)), response(s.slice(5, 20))] });
    const r = await runInProcess(['check', FIXTURE, file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/overlap\.json:\d+:\d+: the time 1767223500 \(2025-12-31T23:25:00Z\) is not after the sample before it \(the end of the response before\)/);
    const [, line, column] = /overlap\.json:(\d+):(\d+)/.exec(r.stderr)!;
    const text = readFileSync(file, 'utf8').split('\n')[Number(line) - 1]!;
    expect(text.slice(Number(column) - 1)).toMatch(/^1767223500/);
  });
});

describe('the promql rule', () => {
  const validate = async (measure: string) => {
    const text = readFileSync(FIXTURE, 'utf8').replace('      aggregate: mean\n      promql: avg(sla_test_availability)\n', measure);
    const file = join(tmp.fresh(), 'sla.yaml');
    writeFileSync(file, text);
    return runInProcess(['validate', file, '--as-of', '2026-03-01']);
  };

  it('refuses ratio and CSV fields with promql, warns of a step without it', async () => {
    let r = await validate('      aggregate: ratio\n      promql: x\n      denominator: total\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('uptime: ratio sums a column over a denominator, but a query returns one value per instant; let the query compute the ratio (good / total) and use mean, min or attainment');
    expect(r.stdout).toContain('uptime: "denominator" reads a metrics CSV, but this measure\'s values come from its "promql" query; remove one of them');
    r = await validate('      aggregate: mean\n      promql: x\n      metric: availability\n');
    expect(r.stdout).toMatch(/^ +51:15 +error +uptime: "metric" reads a metrics CSV.* rule\/promql$/m);
    r = await validate('      aggregate: mean\n      metric: availability\n      step: 5m\n');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('uptime: "step" is only used with "promql" and is ignored here');
  });
});

describe('credentials: from the environment or a file, never the command line, never printed', () => {
  const SECRET = 's3cret-Token_value';
  const target = async (flags: Record<string, string | boolean>, env: Record<string, string> = {}) => {
    const io = capturedIo(tmp.dir, env);
    try {
      const t = await prometheusTarget({ prometheus: 'https://prom.example:9090/prom/', ...flags }, io);
      return { t, err: io.err() };
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      expect((e as Error).message).not.toContain(SECRET);
      expect(io.err()).not.toContain(SECRET);
      return { error: (e as Error).message, err: io.err() };
    }
  };

  it('a bearer token from SLA_PROMETHEUS_TOKEN or a file; basic from the user and password variables or --prometheus-user with the file', async () => {
    expect((await target({}, { SLA_PROMETHEUS_TOKEN: SECRET })).t).toMatchObject({ authorization: `Bearer ${SECRET}`, credentialsFrom: 'SLA_PROMETHEUS_TOKEN', label: 'https://prom.example:9090/prom', basePath: '/prom' });
    const file = join(tmp.dir, 'token');
    writeFileSync(file, `${SECRET}\n`);
    expect((await target({ prometheusCredentials: file })).t).toMatchObject({ authorization: `Bearer ${SECRET}`, credentialsFrom: file });
    expect((await target({}, { SLA_PROMETHEUS_USER: 'ci', SLA_PROMETHEUS_PASSWORD: SECRET })).t!.authorization).toBe(`Basic ${Buffer.from(`ci:${SECRET}`).toString('base64')}`);
    expect((await target({ prometheusCredentials: file, prometheusUser: 'ci' })).t!.authorization).toBe(`Basic ${Buffer.from(`ci:${SECRET}`).toString('base64')}`);
    expect((await target({})).t!.authorization).toBeUndefined();
  });

  it('refuses two sources, half a pair, an empty or multi-line file, credentials in the URL, without echoing them', async () => {
    const file = join(tmp.dir, 'token2');
    writeFileSync(file, SECRET);
    expect((await target({ prometheusCredentials: file }, { SLA_PROMETHEUS_TOKEN: SECRET })).error).toBe('credentials come from SLA_PROMETHEUS_TOKEN and --prometheus-credentials: give one of them');
    expect((await target({}, { SLA_PROMETHEUS_USER: 'ci' })).error).toBe('SLA_PROMETHEUS_USER is set but SLA_PROMETHEUS_PASSWORD is not');
    expect((await target({}, { SLA_PROMETHEUS_PASSWORD: SECRET })).error).toBe('SLA_PROMETHEUS_PASSWORD is set but SLA_PROMETHEUS_USER is not');
    expect((await target({ prometheusUser: 'ci' })).error).toBe('--prometheus-user needs --prometheus-credentials FILE holding the password');
    writeFileSync(file, '\n');
    expect((await target({ prometheusCredentials: file })).error).toBe(`${file}: the credentials file is empty`);
    writeFileSync(file, `${SECRET}\nsecond line\n`);
    expect((await target({ prometheusCredentials: file })).error).toBe(`${file}: the credentials file must hold one line (the bearer token)`);
    expect((await target({}, { SLA_PROMETHEUS_TOKEN: `${SECRET}\r\nX-Injected: 1` })).error).toBe('the credentials from SLA_PROMETHEUS_TOKEN contain a control character (a line break?); they cannot be sent in a header');
    expect((await target({ prometheus: `https://ci:${SECRET}@prom.example/` })).error).toMatch(/^--prometheus: put no user name or password in the URL/);
    expect((await target({ prometheus: `not a url ${SECRET}@` })).error).toBe('--prometheus must be an http or https URL such as http://prometheus:9090 (got "a URL with credentials")');
    expect((await target({ prometheus: 'https://prom.example/?x=1' })).error).toBe('--prometheus: give the base URL of Prometheus without a query or fragment, such as https://prom.example/');
    expect((await target({ prometheusTimeout: '0' })).error).toContain('--prometheus-timeout must be a number of seconds from 0.1 to 3600 (got "0")');
  });

  it('warns, without the secret, when credentials would cross the network unencrypted or TLS is not verified', async () => {
    const plain = await target({ prometheus: 'http://prom.example:9090' }, { SLA_PROMETHEUS_TOKEN: SECRET });
    expect(plain.err).toBe('sla: warning: the credentials from SLA_PROMETHEUS_TOKEN go to http://prom.example:9090 unencrypted (http); use https\n');
    expect((await target({ prometheus: 'http://127.0.0.1:9090' }, { SLA_PROMETHEUS_TOKEN: SECRET })).err).toBe('');
    expect((await target({ insecure: true })).err).toBe('sla: warning: --insecure: the TLS certificate of prom.example:9090 is not verified\n');
  });
});

describe('the agreement in words', () => {
  it('a promql KPI says its query and step, and adds no CSV column to the data sources', async () => {
    const r = await runInProcess(['render', FIXTURE]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| Availability | at least 99.5 % | per calendar month | The average of the Prometheus query avg(sla\\_test\\_availability), taken every 5 minutes. |');
    expect(r.stdout).toContain('| The percentage of 5-minute steps at which the value of the Prometheus query avg(sla\\_test\\_availability) is at least 99. |');
    expect(r.stdout).toContain('| The number of 5-minute steps at which the Prometheus query sla\\_test\\_availability has a value. |');
    const appendix = r.stdout.slice(r.stdout.indexOf('## Appendix: Data sources'));
    expect(appendix).toContain('| value | Csat score (in records of metric "csat") |');
    expect(appendix).toContain('| metric | What the record measures: "csat" |');
  });
});
