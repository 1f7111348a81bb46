// `sla check --prometheus` against a real Prometheus, not a mock: a known series (prometheus-series.ts)
// is backfilled with promtool into a temporary data directory, Prometheus serves it on a free port
// on 127.0.0.1, and every period's figure is compared with the one worked out by hand. The server
// is stopped after the tests, also when one fails. Skipped, with the reason in the suite name, only
// when the binaries are missing outside CI (.ci/run installs them); with CI set, missing ones fail.
// The month-by-month check runs through the spawned bin/sla (measured); the other commands run in
// this process through main (the same client, the same server), as a spawn each proved nothing more.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSla, repoRoot, runInProcess, runSla, tempDir } from '../helpers.js';
import { EXPECTED, openMetrics } from './prometheus-series.js';

const PROMETHEUS = process.env.SLA_PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.SLA_PROMTOOL_BIN ?? '/usr/bin/promtool';
const present = existsSync(PROMETHEUS) && existsSync(PROMTOOL);
const SLA = join(repoRoot, 'test/fixtures/prometheus/sla.yaml');

if (!present && process.env.CI) {
  it('needs prometheus and promtool in CI', () => {
    throw new Error(`${PROMETHEUS} or ${PROMTOOL} is missing: .ci/run installs Debian's prometheus package`);
  });
}

const freePort = () => new Promise<number>((done, fail) => {
  const s = createServer();
  s.on('error', fail);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as AddressInfo;
    s.close(() => done(port));
  });
});

describe.skipIf(!present)(present ? 'against a real Prometheus' : `against a real Prometheus: skipped, ${PROMETHEUS} or ${PROMTOOL} is not installed (apt-get install prometheus)`, () => {
  const tmp = tempDir('sla-prom-real-');
  let server: ChildProcess | undefined;
  let url = '';
  let log = '';

  beforeAll(async () => {
    const data = join(tmp.dir, 'data');
    writeFileSync(join(tmp.dir, 'series.om'), openMetrics());
    // One block for the whole series: promtool's default of 2-hour blocks makes ~1,400 of them (minutes).
    execFileSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=8760h', join(tmp.dir, 'series.om'), data], { stdio: 'pipe' });
    writeFileSync(join(tmp.dir, 'minimal.yml'), 'global:\n  scrape_interval: 1h\n');
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    // A long retention: backfilled blocks older than it would be deleted at start-up.
    server = spawn(PROMETHEUS, [`--storage.tsdb.path=${data}`, `--web.listen-address=127.0.0.1:${port}`, `--config.file=${join(tmp.dir, 'minimal.yml')}`, '--storage.tsdb.retention.time=100y'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d: Buffer) => (log += d));
    server.stderr!.on('data', (d: Buffer) => (log += d));
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (server.exitCode !== null) throw new Error(`prometheus exited (${server.exitCode}):\n${log}`);
      try {
        if ((await fetch(`${url}/-/ready`)).ok) break;
      } catch {
        /* not listening yet */
      }
      if (Date.now() > deadline) throw new Error(`prometheus was not ready within 30 s:\n${log}`);
      await new Promise((done) => setTimeout(done, 200));
    }
  }, 60_000);

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server!.once('exit', done));
      server.kill('SIGTERM');
      const timer = setTimeout(() => server!.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    tmp.cleanup();
  });

  type Result = { kpi: string; period: string; actual: number | null; samples: number; status: string; consequences: { credit: number | null }[] };
  const find = (out: { results: Result[] }, kpi: string, period: string) => out.results.find((r) => r.kpi === kpi && r.period === period)!;

  it('every month of the term, from range queries in 4 chunks per KPI, equals the hand-computed figures; with its time and memory', async () => {
    const m = await measureSla(['check', SLA, '--prometheus', url, '--format', 'json', '--period', 'month']);
    console.log(`sla check --prometheus, 3 KPIs × 34,548 samples (12 requests): ${Math.round(m.wallMs)} ms wall, ${Math.round(m.cpuMs)} ms CPU, ${Math.round(m.maxRssMb)} MB peak`);
    expect(m.code, m.stderr + log).toBe(1);
    expect(m.stderr).toBe('');
    expect(m.wallMs).toBeLessThan(10_000);
    expect(m.maxRssMb).toBeLessThan(300);
    const out = JSON.parse(m.stdout);
    expect(out.from).toBe('2026-01-01');
    expect(out.to).toBe('2026-04-30');
    for (const [period, e] of Object.entries(EXPECTED)) {
      expect(find(out, 'uptime', period).actual, period).toBeCloseTo(e.uptime, 3);
      expect(find(out, 'uptime', period).samples, period).toBe(e.samples);
      expect(find(out, 'good-share', period).actual, period).toBeCloseTo(e.goodShare, 3);
      expect(find(out, 'samples', period).actual, period).toBe(e.samples);
      expect(find(out, 'tickets', period).status).toBe('no-data');
    }
    expect(find(out, 'uptime', '2026-02')).toMatchObject({ status: 'breached', consequences: [{ credit: 10 }] });
    expect(find(out, 'uptime', '2026-04').status).toBe('met');
  }, 30_000);

  it('days on either side of the daylight-saving change: 288, 276 and 288 samples', async () => {
    const r = await runInProcess(['check', SLA, '--prometheus', url, '--format', 'json', '--from', '2026-03-28', '--to', '2026-03-30']);
    const out = JSON.parse(r.stdout);
    expect(out.results.filter((x: Result) => x.kpi === 'samples').map((x: Result) => [x.period, x.actual])).toEqual([['2026-03-28', 288], ['2026-03-29', 276], ['2026-03-30', 288]]);
  });

  it('a response saved with curl checks the same as the live query (the workflow for CI without access)', async () => {
    // What docs/sources/prometheus.md tells a team to run: March, local midnight to local midnight.
    const form = new URLSearchParams({ query: 'avg(sla_test_availability)', start: '2026-02-28T23:00:00Z', end: '2026-03-31T21:55:00Z', step: '5m' });
    const saved = await (await fetch(`${url}/api/v1/query_range`, { method: 'POST', body: form })).text();
    const file = join(tmp.dir, 'uptime.json');
    writeFileSync(file, saved);
    const args = ['--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json'];
    const fromFile = JSON.parse((await runInProcess(['check', SLA, file, '--kpi', 'uptime', ...args])).stdout);
    const live = JSON.parse((await runInProcess(['check', SLA, '--prometheus', url, ...args])).stdout);
    expect(find(fromFile, 'uptime', '2026-03')).toEqual(find(live, 'uptime', '2026-03'));
    expect(find(fromFile, 'uptime', '2026-03').actual).toBeCloseTo(EXPECTED['2026-03']!.uptime, 3);
    expect(readFileSync(file, 'utf8')).toMatch(/^\{"status":"success","data":\{"resultType":"matrix"/);
  });

  it('--save-responses writes what Prometheus answered; checking that file later gives the same JSON, byte for byte', async () => {
    const file = join(tmp.dir, 'saved.json');
    const live = await runInProcess(['check', SLA, '--prometheus', url, '--save-responses', file, '--format', 'json']);
    expect(live.code, live.stderr).toBe(1);
    expect(live.stderr).toBe(`sla: wrote ${file}: 12 responses for 3 KPIs; check it later with: sla check ${SLA} ${file}\n`);
    const replay = await runInProcess(['check', SLA, file, '--format', 'json']);
    expect(replay.code, replay.stderr).toBe(1);
    expect(replay.stdout).toBe(live.stdout);
    // Without --prometheus there is nothing to save.
    expect((await runInProcess(['check', SLA, file, '--save-responses', join(tmp.dir, 'x.json')])).stderr).toBe('sla: --save-responses keeps what --prometheus answers: give --prometheus URL too\n');
    // Never over an input.
    const over = await runInProcess(['check', SLA, '--prometheus', url, '--save-responses', SLA]);
    expect(over.code).toBe(2);
    expect(readFileSync(SLA, 'utf8')).toContain('promql: avg(sla_test_availability)');
  });

  it('a query with several series, and one Prometheus cannot parse, end in one line naming the KPI', async () => {
    const variant = (promql: string) => {
      const file = join(tmp.fresh(), 'sla.yaml');
      writeFileSync(file, readFileSync(SLA, 'utf8').replace('promql: avg(sla_test_availability)', `promql: '${promql}'`));
      return file;
    };
    let r = await runInProcess(['check', variant('sla_test_availability or label_replace(sla_test_availability, "job", "web", "", "")'), '--prometheus', url, '--from', '2026-03-01', '--to', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: http:\/\/127\.0\.0\.1:\d+: KPI "uptime", 2026-02-28T23:00:00Z to 2026-03-01T22:55:00Z: KPI "uptime": the query returns 2 series \(\{__name__="sla_test_availability", job="api"\}, \{__name__="sla_test_availability", job="web"\}\), but a KPI has one value per instant; aggregate them in the query, such as sum\(\.\.\.\) or avg\(\.\.\.\)\n$/);
    r = await runInProcess(['check', variant('avg(sla_test_availability'), '--prometheus', url, '--from', '2026-03-01', '--to', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: KPI "uptime", [^:]+:\d\d:\d\dZ to [^:]+:\d\d:\d\dZ: Prometheus refused the query \(400 bad_data\): .*parse error.*\n$/);
  });

  it('sla report takes --prometheus too', async () => {
    const r = await runInProcess(['report', SLA, '--prometheus', url, '--as-of', '2026-05-05', '--from', '2026-02-01', '--to', '2026-02-28']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/98\.5 ?%/);
  });
});
