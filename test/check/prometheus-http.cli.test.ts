// The network rules of `sla check --prometheus`, through bin/sla against a local HTTP(S) server with
// canned answers: retries with backoff on 5xx and dropped connections (reported on stderr), the
// time-out, answers over the size limit (plain and gzip), redirects never followed, credentials sent
// but never printed (not even with --debug), TLS verified unless --insecure. The figures themselves
// are checked against a real Prometheus in prometheus-real.cli.test.ts.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureSla, repoRoot, runInProcess, runSla, tempDir, type Runner } from '../helpers.js';
import { EXPECTED, response, valueAt } from './prometheus-series.js';

const SLA = join(repoRoot, 'test/fixtures/prometheus/sla.yaml');
const SECRET = 'tok-9f8e7d6c5b4a-never-printed';
const tmp = tempDir('sla-prom-http-');

type Handler = (req: http.IncomingMessage, body: URLSearchParams, res: http.ServerResponse) => void;

/** The answer Prometheus would give for the known series on the requested grid. */
function answer(_req: http.IncomingMessage, body: URLSearchParams, res: http.ServerResponse): void {
  const start = Number(body.get('start')), end = Number(body.get('end')), step = Number(body.get('step'));
  const samples: [number, number][] = [];
  for (let t = start; t <= end; t += step) samples.push([t, valueAt(t)]);
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response(samples)));
}

let handler: Handler = answer;
let requests: { method: string; url: string; authorization: string | undefined; body: URLSearchParams }[] = [];
const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
  let text = '';
  req.setEncoding('utf8').on('data', (d: string) => (text += d));
  req.on('end', () => {
    const body = new URLSearchParams(text);
    requests.push({ method: req.method!, url: req.url!, authorization: req.headers.authorization, body });
    handler(req, body, res);
  });
};
const server = http.createServer(onRequest);
let elsewhereHits = 0;
const elsewhere = http.createServer((_req, res) => {
  elsewhereHits++;
  res.end('{}');
});
let url = '';
let elsewhereUrl = '';

const listen = (s: http.Server) => new Promise<string>((done) => s.listen(0, '127.0.0.1', () => done(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)));

beforeAll(async () => {
  url = await listen(server);
  elsewhereUrl = await listen(elsewhere);
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await new Promise((done) => elsewhere.close(done));
  tmp.cleanup();
});

/**
 * March only: one request of 8,916 points at 5m. In this process through main (the same client against
 * the same server; a spawn each cost ~0.5 CPU-s); the first case, the measured ones and TLS run bin/sla.
 */
const check = (args: string[], env: Record<string, string> = {}, run: Runner = runInProcess) => {
  requests = [];
  return run(['check', SLA, '--prometheus', url, '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'json', '--period', 'month', ...args], { env: { SLA_PROMETHEUS_TOKEN: undefined as unknown as string, ...env } });
};

/** Nothing of the secret, whole or base64-encoded, in anything sla printed. */
const neverPrinted = (r: { stdout: string; stderr: string }) => {
  for (const s of [SECRET, Buffer.from(`ci:${SECRET}`).toString('base64')]) expect(r.stdout + r.stderr).not.toContain(s);
};

describe('sla check --prometheus against a local server', () => {
  it('posts each KPI\'s query on the grid, with the bearer token from the environment; the figures are the series\'', async () => {
    handler = answer;
    const r = await check(['--debug'], { SLA_PROMETHEUS_TOKEN: SECRET }, runSla);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    const march = (id: string) => out.results.find((x: { kpi: string; period: string }) => x.kpi === id && x.period === '2026-03');
    expect(march('uptime').actual).toBeCloseTo(EXPECTED['2026-03']!.uptime, 3);
    expect(march('good-share').actual).toBeCloseTo(EXPECTED['2026-03']!.goodShare, 3);
    expect(march('samples').actual).toBe(EXPECTED['2026-03']!.samples);
    expect(requests.map((q) => [q.method, q.url, q.authorization, q.body.get('query'), q.body.get('step')])).toEqual([
      ['POST', '/api/v1/query_range', `Bearer ${SECRET}`, 'avg(sla_test_availability)', '300'],
      ['POST', '/api/v1/query_range', `Bearer ${SECRET}`, 'avg(sla_test_availability)', '300'],
      ['POST', '/api/v1/query_range', `Bearer ${SECRET}`, 'sla_test_availability', '300'],
    ]);
    // Local midnight in Berlin (UTC+1) to the last 5 minutes before local midnight after March 31 (UTC+2).
    expect([requests[0]!.body.get('start'), requests[0]!.body.get('end')]).toEqual([String(Date.UTC(2026, 1, 28, 23) / 1000), String(Date.UTC(2026, 2, 31, 21, 55) / 1000)]);
    neverPrinted(r);
  });

  it('basic authentication from --prometheus-user and the password file', async () => {
    handler = answer;
    const file = join(tmp.dir, 'password');
    writeFileSync(file, `${SECRET}\n`);
    const r = await check(['--prometheus-user', 'ci', '--prometheus-credentials', file]);
    expect(r.code, r.stderr).toBe(1);
    expect(requests[0]!.authorization).toBe(`Basic ${Buffer.from(`ci:${SECRET}`).toString('base64')}`);
    neverPrinted(r);
  });

  it('a 5xx is tried again after 0.5 s and 1.5 s, each retry said on stderr; the third success counts', async () => {
    let n = 0;
    handler = (req, body, res) => (++n <= 2 ? res.writeHead(503, 'Service Unavailable').end('busy') : answer(req, body, res));
    const started = Date.now();
    const r = await check([]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`sla: KPI "uptime", 2026-02-28T23:00:00Z to 2026-03-31T21:55:00Z: ${url} answered 503 Service Unavailable; trying again in 0.5 s (attempt 2 of 3)\n`);
    expect(r.stderr).toContain(`${url} answered 503 Service Unavailable; trying again in 1.5 s (attempt 3 of 3)\n`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    expect(requests).toHaveLength(5);
  });

  it('gives up after 3 attempts, in one line with exit 2', async () => {
    handler = (_req, _body, res) => res.writeHead(500).end();
    const r = await check([]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n').at(-1)).toBe(`sla: KPI "uptime", 2026-02-28T23:00:00Z to 2026-03-31T21:55:00Z: ${url} answered 500 Internal Server Error; gave up after 3 attempts`);
    expect(requests).toHaveLength(3);
  });

  it('a server that never answers: each attempt ends at --prometheus-timeout', async () => {
    handler = () => undefined;
    const started = Date.now();
    const r = await check(['--prometheus-timeout', '0.3']);
    const took = Date.now() - started;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${url} did not answer within 0.3 s (--prometheus-timeout); gave up after 3 attempts`);
    // 3 × 0.3 s + 0.5 s + 1.5 s of backoff, plus start-up.
    expect(took).toBeGreaterThanOrEqual(2900);
    expect(took).toBeLessThan(10_000);
    server.closeAllConnections();
  });

  it('a refused connection is retried too, then named', async () => {
    const closed = http.createServer();
    const port = (await listen(closed)).split(':').at(-1);
    await new Promise((done) => closed.close(done));
    const r = await runInProcess(['check', SLA, '--prometheus', `http://127.0.0.1:${port}`, '--from', '2026-03-01', '--to', '2026-03-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED); trying again in 0.5 s (attempt 2 of 3)`);
    expect(r.stderr).toContain(`cannot reach http://127.0.0.1:${port} (ECONNREFUSED); gave up after 3 attempts`);
  });

  it('refuses an answer over 64 MB as it streams, and a small gzip that inflates past it, within bounded memory', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const mb = Buffer.alloc(1 << 20, 0x20);
      let sent = 0;
      const more = () => {
        while (sent < 66 && res.write(mb)) sent++;
        if (sent < 66) res.once('drain', more);
        else res.end();
      };
      more();
    };
    // At the limit: time and peak memory of the whole run, with the 64 MB the client holds at most.
    const march = ['check', SLA, '--prometheus', url, '--from', '2026-03-01', '--to', '2026-03-31'];
    let m = await measureSla(march);
    console.log(`answer over 64 MB refused: ${Math.round(m.wallMs)} ms, ${Math.round(m.maxRssMb)} MB peak`);
    expect(m.code).toBe(2);
    // CPU time bounds the work; wall time, noisy on a shared machine, only a hang.
    expect(m.cpuMs).toBeLessThan(10_000);
    expect(m.wallMs).toBeLessThan(30_000);
    expect(m.maxRssMb).toBeLessThan(300);
    expect(m.stderr).toMatch(/: the answer is over 64 MB, more than the 64 MB sla reads; does the query return many series or a long range\? Ask for one series \(sum\(\.\.\.\)\), a longer step, or a shorter range with --from\/--to\n$/);
    const bomb = gzipSync(Buffer.alloc(100 << 20, 0x20));
    expect(bomb.length).toBeLessThan(1 << 20);
    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(bomb);
    m = await measureSla(march);
    console.log(`gzip of 100 MB refused: ${Math.round(m.wallMs)} ms, ${Math.round(m.maxRssMb)} MB peak`);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('the answer is over 64 MB');
    // CPU time bounds the work; wall time, noisy on a shared machine, only a hang.
    expect(m.cpuMs).toBeLessThan(10_000);
    expect(m.wallMs).toBeLessThan(30_000);
    expect(m.maxRssMb).toBeLessThan(300);
    // A declared length over the limit is refused before the body is read.
    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(100 << 20) }).end();
    const r = await check([]);
    expect(r.stderr).toContain('the answer is over 100 MB');
  }, 60_000); // three runs of sla, two streaming 64 MB: past 30 s at load 20 on 2 cores

  it('a redirect to another host is not followed, and names where it pointed', async () => {
    handler = (_req, _body, res) => res.writeHead(307, { location: `${elsewhereUrl}/api/v1/query_range?x=1` }).end();
    elsewhereHits = 0;
    const r = await check([], { SLA_PROMETHEUS_TOKEN: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${url} answered with a redirect (307) to ${elsewhereUrl}/api/v1/query_range; sla contacts only the URL given and follows no redirect`);
    expect(elsewhereHits).toBe(0);
    expect(requests).toHaveLength(1);
    neverPrinted(r);
  });

  it('401 says where the credentials came from, never what they are, even with --debug', async () => {
    handler = (_req, _body, res) => res.writeHead(401, 'Unauthorized').end();
    let r = await check(['--debug'], { SLA_PROMETHEUS_TOKEN: SECRET });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: KPI "uptime", 2026-02-28T23:00:00Z to 2026-03-31T21:55:00Z: ${url} refused access (401 Unauthorized); the credentials from SLA_PROMETHEUS_TOKEN were refused\n`);
    neverPrinted(r);
    r = await check([]);
    expect(r.stderr).toContain('refused access (401 Unauthorized); none were sent: set SLA_PROMETHEUS_TOKEN, or use --prometheus-credentials FILE');
  });

  it('a bad query comes back as Prometheus\'s own message; an HTML page as a wrong address', async () => {
    handler = (_req, _body, res) => res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'error', errorType: 'bad_data', error: '1:5: parse error: unexpected end of input' }));
    let r = await check([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Prometheus refused the query (400 bad_data): 1:5: parse error: unexpected end of input\n');
    expect(requests).toHaveLength(1);
    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Grafana</html>');
    r = await check([]);
    expect(r.stderr).toContain(`${url} answered 200 with text/html, not Prometheus's JSON: is --prometheus the address of Prometheus (or of its API prefix)?`);
  });

  it('several series from a live answer name the KPI and the labels', async () => {
    handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: { pod: 'a' }, values: [] }, { metric: { pod: 'b' }, values: [] }] } }));
    const r = await check([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`sla: ${url}: KPI "uptime", 2026-02-28T23:00:00Z to 2026-03-31T21:55:00Z: KPI "uptime": the query returns 2 series ({pod="a"}, {pod="b"}), but a KPI has one value per instant; aggregate them in the query, such as sum(...) or avg(...)`);
  });
});

// A self-signed certificate, when openssl is there to make one.
const openssl = ['/usr/bin/openssl', '/bin/openssl'].find((p) => existsSync(p));
describe.skipIf(!openssl)('TLS', () => {
  let tls: https.Server;
  let tlsUrl = '';
  beforeAll(async () => {
    const key = join(tmp.dir, 'key.pem'), cert = join(tmp.dir, 'cert.pem');
    execFileSync(openssl!, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const { readFileSync } = await import('node:fs');
    tls = https.createServer({ key: readFileSync(key), cert: readFileSync(cert) }, onRequest);
    await new Promise<void>((done) => tls.listen(0, '127.0.0.1', () => done()));
    tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((done) => tls.close(done)));

  it('verifies the certificate (no retry on failure); --insecure turns that off, with a warning', async () => {
    handler = answer;
    requests = [];
    const args = ['check', SLA, '--prometheus', tlsUrl, '--from', '2026-03-01', '--to', '2026-03-01', '--format', 'json'];
    let r = await runSla(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the TLS certificate of 127\.0\.0\.1:\d+ cannot be verified \(DEPTH_ZERO_SELF_SIGNED_CERT\); trust its certificate authority with NODE_EXTRA_CA_CERTS=FILE, or turn verification off with --insecure\n$/);
    expect(r.stderr).not.toContain('trying again');
    expect(requests).toHaveLength(0);
    r = await runSla([...args, '--insecure']);
    expect(r.stderr).toMatch(/^sla: warning: --insecure: the TLS certificate of 127\.0\.0\.1:\d+ is not verified\n/);
    expect(r.code, r.stderr).toBe(1);
    expect(requests.length).toBe(3);
  });
});

describe('saved responses at the limit', () => {
  it('2,000,000 samples in 200 responses (40 MB) check within bounded time and memory; a file over 64 MB is refused unread', async () => {
    const file = join(tmp.dir, 'big.json');
    const start = Date.UTC(2025, 11, 31, 23) / 1000;
    const chunks: string[] = [];
    for (let c = 0; c < 200; c++) {
      const values: string[] = [];
      for (let i = 0; i < 10_000; i++) values.push(`[${start + (c * 10_000 + i) * 5},"${i % 2 === 0 ? '99' : '100'}"]`);
      chunks.push(`{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[${values.join(',')}]}]}}`);
    }
    writeFileSync(file, `{"uptime":[${chunks.join(',\n')}]}`);
    const m = await measureSla(['check', SLA, file, '--format', 'json', '--period', 'all']);
    console.log(`saved responses, 2,000,000 samples (40 MB): ${Math.round(m.wallMs)} ms wall, ${Math.round(m.cpuMs)} ms CPU, ${Math.round(m.maxRssMb)} MB peak`);
    expect(m.code, m.stderr).toBe(1);
    const uptime = JSON.parse(m.stdout).results.find((r: { kpi: string }) => r.kpi === 'uptime');
    expect(uptime).toMatchObject({ actual: 99.5, samples: 2_000_000 });
    // CPU time is the figure that means something on a shared machine; wall time only bounds a hang.
    expect(m.cpuMs).toBeLessThan(10_000);
    expect(m.wallMs).toBeLessThan(30_000);
    expect(m.maxRssMb).toBeLessThan(300);
    const { truncateSync } = await import('node:fs');
    const huge = join(tmp.dir, 'huge.json');
    writeFileSync(huge, '{');
    truncateSync(huge, (64 << 20) + 1);
    const r = await runInProcess(['check', SLA, huge]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${huge}: the file is over 64 MB, larger than a saved Prometheus response can be (64 MB)\n`);
  }, 60_000);
});
