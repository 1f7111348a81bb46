// The Prometheus source of `sla check` and `sla report`: range queries to the one URL given with
// --prometheus (time-out, bounded retries, credentials from the environment or a file, TLS verified
// unless --insecure), or saved range-query responses read from a JSON file. The samples go to the
// checker; what a response must look like is decided in core/check/prometheus.ts.
//
// node:http and node:https rather than fetch: fetch cannot turn TLS verification off per request
// (--insecure) without the undici package, and with them a redirect is never followed by itself.
import http from 'node:http';
import https from 'node:https';
import { resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { chunksOf, DEFAULT_STEP, isPromql, MAX_POINTS, pointCount, queryWindow, ResponseError, samplesOf, stepSeconds, type QueryWindow } from '../core/check/prometheus.js';
import type { Kpi, Sla } from '../core/model.js';
import { printable } from '../core/printable.js';
import { readRegularFile } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';
import { tell } from './tell.js';

export interface PrometheusFlags {
  /** --prometheus URL */
  prometheus?: string | undefined;
  /** --prometheus-credentials FILE: a bearer token, or with --prometheus-user the password. */
  prometheusCredentials?: string | undefined;
  prometheusUser?: string | undefined;
  /** --prometheus-timeout SECONDS, per request. */
  prometheusTimeout?: string | undefined;
  insecure?: boolean | undefined;
  /** --kpi ID: the KPI a single saved response is for. */
  kpi?: string | undefined;
  /** --save-responses FILE: keep what --prometheus answered, as a bundle a later check reads. */
  saveResponses?: string | undefined;
}

/** The largest answer read, per request or saved file: one series of 10,000 points is ~0.3 MB. */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Attempts per request, and the waits between them, on a 5xx, a 429, a time-out or a dropped connection. */
export const ATTEMPTS = 3;
const BACKOFF_MS = [500, 1500];
const DEFAULT_TIMEOUT_S = 60;
/** The credentials file holds one short line. */
const MAX_CREDENTIALS_BYTES = 64 * 1024;

export interface PrometheusTarget {
  url: URL;
  /** The path Prometheus is served under, without a final slash ('' at the root). */
  basePath: string;
  /** The URL as shown in messages: scheme, host, port and path; never credentials. */
  label: string;
  /** The Authorization header; never printed. */
  authorization: string | undefined;
  /** Where the credentials came from, for messages (the name of the variable or file, not the value). */
  credentialsFrom: string | undefined;
  timeoutMs: number;
  insecure: boolean;
  /** Test seam: the waits between attempts. */
  backoffMs?: readonly number[];
}

/** Checks --prometheus and reads the credentials, before anything is loaded or sent. */
export async function prometheusTarget(flags: PrometheusFlags, io: Io): Promise<PrometheusTarget> {
  const given = flags.prometheus!;
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new UserError(`--prometheus must be an http or https URL such as http://prometheus:9090 (got "${given.includes('@') ? 'a URL with credentials' : given}")`);
  }
  if (url.username !== '' || url.password !== '') {
    // Not echoed: the command line is seen by other users (ps) and kept in shell histories and CI logs.
    throw new UserError('--prometheus: put no user name or password in the URL; set SLA_PROMETHEUS_TOKEN, or SLA_PROMETHEUS_USER and SLA_PROMETHEUS_PASSWORD, or use --prometheus-credentials FILE (docs/sources/prometheus.md)');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UserError(`--prometheus must be an http or https URL (got ${url.protocol.replace(/:$/, '')})`);
  if (url.search !== '' || url.hash !== '') throw new UserError(`--prometheus: give the base URL of Prometheus without a query or fragment, such as ${url.origin}${url.pathname}`);
  const basePath = url.pathname.replace(/\/+$/, '');
  const label = `${url.origin}${basePath}`;
  let timeoutMs = DEFAULT_TIMEOUT_S * 1000;
  if (flags.prometheusTimeout !== undefined) {
    const s = Number(flags.prometheusTimeout);
    if (!/^\d+(\.\d+)?$/.test(flags.prometheusTimeout.trim()) || !(s > 0) || s > 3600) throw new UserError(`--prometheus-timeout must be a number of seconds from 0.1 to 3600 (got "${flags.prometheusTimeout}")`);
    timeoutMs = s * 1000;
  }
  const { authorization, from } = await credentials(flags, io);
  if (authorization !== undefined && url.protocol === 'http:' && !isLoopback(url.hostname)) {
    tell(io, `warning: the credentials from ${from} go to ${label} unencrypted (http); use https`);
  }
  if (flags.insecure === true) tell(io, `warning: --insecure: the TLS certificate of ${url.host} is not verified`);
  return { url, basePath, label, authorization, credentialsFrom: from, timeoutMs, insecure: flags.insecure === true };
}

const isLoopback = (host: string) => host === 'localhost' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

/** The Authorization header from exactly one source: SLA_PROMETHEUS_TOKEN, SLA_PROMETHEUS_USER/PASSWORD, or the file. */
async function credentials(flags: PrometheusFlags, io: Io): Promise<{ authorization: string | undefined; from: string | undefined }> {
  const env = io.env;
  const token = env.SLA_PROMETHEUS_TOKEN || undefined;
  const envUser = env.SLA_PROMETHEUS_USER || undefined;
  const envPassword = env.SLA_PROMETHEUS_PASSWORD;
  const sources = [token !== undefined && 'SLA_PROMETHEUS_TOKEN', envUser !== undefined && 'SLA_PROMETHEUS_USER', flags.prometheusCredentials !== undefined && '--prometheus-credentials'].filter(Boolean);
  if (sources.length > 1) throw new UserError(`credentials come from ${sources.join(' and ')}: give one of them`);
  if (flags.prometheusUser !== undefined && flags.prometheusCredentials === undefined) throw new UserError('--prometheus-user needs --prometheus-credentials FILE holding the password');
  if (token !== undefined) return { authorization: `Bearer ${headerSafe(token, 'SLA_PROMETHEUS_TOKEN')}`, from: 'SLA_PROMETHEUS_TOKEN' };
  if (envUser !== undefined) {
    if (envPassword === undefined) throw new UserError('SLA_PROMETHEUS_USER is set but SLA_PROMETHEUS_PASSWORD is not');
    return { authorization: basic(envUser, envPassword, 'SLA_PROMETHEUS_USER and SLA_PROMETHEUS_PASSWORD'), from: 'SLA_PROMETHEUS_USER and SLA_PROMETHEUS_PASSWORD' };
  }
  if (envPassword !== undefined && envPassword !== '') throw new UserError('SLA_PROMETHEUS_PASSWORD is set but SLA_PROMETHEUS_USER is not');
  if (flags.prometheusCredentials === undefined) return { authorization: undefined, from: undefined };
  const file = flags.prometheusCredentials;
  const bytes = await readRegularFile(resolve(io.cwd, file), file, { maxBytes: MAX_CREDENTIALS_BYTES, what: 'a credentials file' });
  // One line; a final newline (as editors and `echo` write it) is not part of the secret.
  const secret = bytes.toString('utf8').replace(/\r?\n$/, '');
  if (secret === '') throw new UserError(`${file}: the credentials file is empty`);
  if (/[\r\n]/.test(secret)) throw new UserError(`${file}: the credentials file must hold one line (${flags.prometheusUser !== undefined ? 'the password' : 'the bearer token'})`);
  if (flags.prometheusUser !== undefined) return { authorization: basic(flags.prometheusUser, secret, file), from: file };
  return { authorization: `Bearer ${headerSafe(secret, file)}`, from: file };
}

function basic(user: string, password: string, from: string): string {
  if (user.includes(':')) throw new UserError(`the user name from ${from} contains ":", which basic authentication cannot carry`);
  return `Basic ${Buffer.from(`${headerSafe(user, from)}:${headerSafe(password, from)}`, 'utf8').toString('base64')}`;
}

/** A header value cannot hold control characters; the message names the source, never the value. */
function headerSafe(value: string, from: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(value)) throw new UserError(`the credentials from ${from} contain a control character (a line break?); they cannot be sent in a header`);
  return value;
}

/** An answer worth asking again for: a 5xx, a 429, a time-out, a dropped or refused connection. */
class Retryable extends Error {}

/** One range query, with the retries; the parsed JSON of a 200 answer, and its text. */
export async function queryRange(target: PrometheusTarget, form: Record<string, string>, what: string, io: Io): Promise<{ json: unknown; text: string }> {
  const backoff = target.backoffMs ?? BACKOFF_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await post(target, new URLSearchParams(form).toString(), what);
    } catch (err) {
      if (!(err instanceof Retryable)) throw err;
      if (attempt >= ATTEMPTS) throw new UserError(`${what}: ${err.message}; gave up after ${ATTEMPTS} attempts`);
      const wait = backoff[Math.min(attempt - 1, backoff.length - 1)]!;
      tell(io, `${what}: ${err.message}; trying again in ${wait / 1000} s (attempt ${attempt + 1} of ${ATTEMPTS})`);
      await new Promise((done) => setTimeout(done, wait));
    }
  }
}

/** TLS errors that no retry mends: the certificate itself. */
const TLS_CODES = /^(CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT_ALTNAME_INVALID|ERR_SSL_|EPROTO)/;
const RETRY_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

function post(target: PrometheusTarget, body: string, what: string): Promise<{ json: unknown; text: string }> {
  const url = new URL(target.url.origin);
  url.pathname = `${target.basePath}/api/v1/query_range`;
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    'content-length': String(Buffer.byteLength(body)),
    accept: 'application/json',
    'accept-encoding': 'gzip',
    'user-agent': 'sla-check',
  };
  if (target.authorization !== undefined) headers.authorization = target.authorization;
  const seconds = target.timeoutMs / 1000;
  return new Promise((resolvePromise, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(err);
    };
    const done = (value: { json: unknown; text: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(value);
    };
    const options = { method: 'POST', headers, ...(url.protocol === 'https:' ? { rejectUnauthorized: !target.insecure } : {}) };
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400) {
        res.resume();
        const location = res.headers.location;
        let to = 'elsewhere';
        try {
          const next = new URL(location ?? '', url);
          to = `${next.origin}${next.pathname}`;
        } catch {
          /* an unreadable Location: say "elsewhere" */
        }
        fail(new UserError(`${what}: ${target.label} answered with a redirect (${status}) to ${to}; sla contacts only the URL given and follows no redirect: give the address Prometheus answers at as --prometheus`));
        return;
      }
      if (status >= 500 || status === 429) {
        res.resume();
        fail(new Retryable(`${target.label} answered ${status} ${res.statusMessage ?? ''}`.trimEnd()));
        return;
      }
      if (status === 401 || status === 403) {
        res.resume();
        const hint = target.credentialsFrom === undefined ? 'none were sent: set SLA_PROMETHEUS_TOKEN, or use --prometheus-credentials FILE' : `the credentials from ${target.credentialsFrom} were refused`;
        fail(new UserError(`${what}: ${target.label} refused access (${status} ${res.statusMessage ?? ''}); ${hint}`));
        return;
      }
      const declared = Number(res.headers['content-length']);
      if (declared > MAX_RESPONSE_BYTES) {
        res.resume();
        fail(tooLarge(what, declared));
        return;
      }
      const gzip = /^\s*gzip\s*$/i.test(res.headers['content-encoding'] ?? '');
      const stream: NodeJS.ReadableStream = gzip ? res.pipe(createGunzip()) : res;
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        // Counted after decompression, so a small gzip bomb is stopped too.
        if (size > MAX_RESPONSE_BYTES) fail(tooLarge(what, size));
        else chunks.push(chunk);
      });
      stream.on('error', (err: Error) => fail(new Retryable(`the answer of ${target.label} broke off (${(err as NodeJS.ErrnoException).code ?? err.message})`)));
      stream.on('end', () => {
        if (settled) return;
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          const type = String(res.headers['content-type'] ?? 'no content type');
          fail(new UserError(`${what}: ${target.label} answered ${status} with ${type}, not Prometheus's JSON: is --prometheus the address of Prometheus (or of its API prefix)?`));
          return;
        }
        if (status !== 200) {
          const o = json as { error?: unknown; errorType?: unknown };
          const message = typeof o?.error === 'string' ? o.error : 'no message';
          fail(new UserError(`${what}: Prometheus refused the query (${status}${typeof o?.errorType === 'string' ? ` ${o.errorType}` : ''}): ${message.length > 300 ? message.slice(0, 300) + '…' : message}`));
          return;
        }
        done({ json, text });
      });
    });
    const timer = setTimeout(() => fail(new Retryable(`${target.label} did not answer within ${seconds} s (--prometheus-timeout)`)), target.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      const code = err.code ?? '';
      if (TLS_CODES.test(code)) {
        fail(new UserError(`${what}: the TLS certificate of ${target.url.host} cannot be verified (${code}); trust its certificate authority with NODE_EXTRA_CA_CERTS=FILE, or turn verification off with --insecure`));
      } else if (RETRY_CODES.has(code)) fail(new Retryable(`cannot reach ${target.label} (${code})`));
      else if (code === 'ENOTFOUND') fail(new UserError(`${what}: cannot reach ${target.label}: the host ${target.url.hostname} is not known (ENOTFOUND)`));
      else fail(new UserError(`${what}: cannot reach ${target.label} (${code || err.message})`));
    });
    req.end(body);
  });
}

function tooLarge(what: string, bytes: number): UserError {
  return new UserError(`${what}: the answer is over ${Math.floor(bytes / 1048576)} MB, more than the ${MAX_RESPONSE_BYTES / 1048576} MB sla reads; does the query return many series or a long range? Ask for one series (sum(...)), a longer step, or a shorter range with --from/--to`);
}

/** What a check of PromQL KPIs sends samples to. */
export type SampleSink = (kpi: string, times: readonly number[], values: readonly number[]) => void;

const stepOf = (kpi: Kpi) => kpi.measure.step ?? DEFAULT_STEP;

/** Refuses, before the first request, a window and steps whose samples exceed MAX_POINTS. */
export function refuseTooManyPoints(kpis: readonly Kpi[], window: QueryWindow): void {
  let total = 0;
  for (const kpi of kpis) total += pointCount(window, stepSeconds(stepOf(kpi)));
  if (total <= MAX_POINTS) return;
  const n = (x: number) => x.toLocaleString('en-US');
  throw new UserError(
    `${window.firstDay} to ${window.lastDay} at the KPIs' steps (${[...new Set(kpis.map(stepOf))].join(', ')}) is ${n(total)} samples over ${kpis.length} promql KPI${kpis.length === 1 ? '' : 's'}, more than the ${n(MAX_POINTS)} a check reads; use a longer step, or a shorter range with --from/--to`,
  );
}

/**
 * Every PromQL KPI over the window, in requests of at most POINTS_PER_REQUEST points; each answer goes
 * to `sink` as it comes. Returns the responses per KPI when asked to keep them (--save-responses).
 */
export async function fetchPromql(sla: Sla, target: PrometheusTarget, window: QueryWindow | undefined, sink: SampleSink, io: Io, keep?: Map<string, string[]>): Promise<void> {
  const kpis = sla.metrics.filter(isPromql);
  for (const kpi of kpis) keep?.set(kpi.id, []);
  if (window === undefined || kpis.length === 0) return;
  refuseTooManyPoints(kpis, window);
  for (const kpi of kpis) {
    const step = stepSeconds(stepOf(kpi));
    let last = -Infinity;
    for (const chunk of chunksOf(window, step)) {
      const what = `KPI "${kpi.id}", ${iso(chunk.start)} to ${iso(chunk.end)}`;
      const { json: response, text } = await queryRange(target, { query: kpi.measure.promql!, start: String(chunk.start), end: String(chunk.end), step: String(step) }, what, io);
      // The text as Prometheus sent it: a saved bundle is exactly what was checked.
      keep?.get(kpi.id)!.push(text);
      let samples;
      try {
        samples = samplesOf(response, kpi.id, last);
      } catch (err) {
        if (err instanceof ResponseError) throw new UserError(`${target.label}: ${what}: ${err.message}`);
        throw err;
      }
      if (samples.times.length > 0) last = samples.times[samples.times.length - 1]!;
      sink(kpi.id, samples.times, samples.values);
    }
  }
}

const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');

/** The answers kept by fetchPromql as a bundle (readSavedResponses reads it back): KPI id → list of responses. */
export function bundleText(kept: Map<string, string[]>): string {
  return `{\n${[...kept].map(([id, texts]) => `${JSON.stringify(id)}: [${texts.map((t) => `\n${t.trim()}`).join(',')}]`).join(',\n')}\n}\n`;
}

/** The window a check with --prometheus asks about (see queryWindow): --to and --as-of end it, whichever is sooner. */
export function windowFor(sla: Sla, options: { from?: string | undefined; to?: string | undefined; asOf?: string | undefined }): QueryWindow | undefined {
  const ends = [options.to, options.asOf].filter((d): d is string => d !== undefined).sort();
  return queryWindow(sla, { from: options.from, to: ends[0], nowMs: Date.now() });
}

/**
 * Saved range-query responses: either one response (with "status" and "data"), for the KPI named by
 * --kpi or the SLA's only promql KPI, or an object keyed by KPI id whose values are a response or a
 * list of responses in time order (one per chunk of a long range). Faults are located file:line:column.
 */
export async function readSavedResponses(path: string, sla: Sla, flags: PrometheusFlags, io: Io, sink: SampleSink): Promise<void> {
  const text = (await readRegularFile(resolve(io.cwd, path), path, { maxBytes: MAX_RESPONSE_BYTES, what: 'a saved Prometheus response' })).toString('utf8').replace(/^\uFEFF/, '');
  const where = (at: readonly (string | number)[]) => {
    const { line, column } = lineColumn(text, offsetOfPath(text, at));
    return `${path}:${line}:${column}`;
  };
  const parse = (from: number, to: number): unknown => {
    const part = from === 0 && to === text.length ? text : text.slice(from, to);
    try {
      return JSON.parse(part);
    } catch (err) {
      const { offset, reason } = syntaxErrorAt(part, (err as Error).message);
      const { line, column } = lineColumn(text, from + offset);
      throw new UserError(`${path}:${line}:${column}: not valid JSON (${reason}); save the body of Prometheus's answer as it came`);
    }
  };
  const promqlKpis = sla.metrics.filter(isPromql);
  const names = promqlKpis.map((k) => k.id).join(', ') || 'none';
  // A bundle is parsed one response at a time (each the size Prometheus answers, at most 11,000
  // points), so a file at the size limit never holds a whole parsed tree in memory.
  const spans = bundleSpans(text);
  let entries: { id: string; at: (string | number)[]; responses: { value: () => unknown; at: (string | number)[] }[] }[];
  if (spans === undefined || spans.single) {
    const json = parse(0, text.length);
    const isResponse = typeof json === 'object' && json !== null && !Array.isArray(json) && ('status' in json || 'data' in json);
    if (isResponse) {
      const id = flags.kpi ?? (promqlKpis.length === 1 ? promqlKpis[0]!.id : undefined);
      if (id === undefined) throw new UserError(`${path}: one saved response, but the SLA has ${promqlKpis.length} KPIs with promql (${names}); name its KPI with --kpi ID, or save an object keyed by KPI id (docs/sources/prometheus.md)`);
      entries = [{ id, at: [], responses: [{ value: () => json, at: [] }] }];
    } else {
      if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new UserError(`${where([])}: expected a Prometheus range-query response, or an object of them keyed by KPI id`);
      entries = Object.entries(json).map(([id, v]) => ({ id, at: [id], responses: (Array.isArray(v) ? v : [v]).map((r, i) => ({ value: () => r, at: Array.isArray(v) ? [id, i] : [id] })) }));
    }
  } else {
    entries = spans.entries.map(({ id, parts, list }) => ({ id, at: [id], responses: parts.map((p, i) => ({ value: () => parse(p.start, p.end), at: list ? [id, i] : [id] })) }));
  }
  if (flags.kpi !== undefined && entries.some((e) => e.at.length > 0)) throw new UserError(`${path}: --kpi names the KPI of a single saved response, but this file is keyed by KPI id`);
  const seen = new Set<string>();
  for (const { id, at, responses } of entries) {
    const kpi = sla.metrics.find((k) => k.id === id);
    const keyAt = at.length === 0 ? path : where(at);
    if (kpi === undefined) throw new UserError(`${keyAt}: "${printable(id)}" is not a KPI of the SLA (KPIs with promql: ${names})`);
    if (!isPromql(kpi)) throw new UserError(`${keyAt}: KPI "${id}" has no promql measure; its values come from the metrics CSV`);
    if (seen.has(id)) throw new UserError(`${keyAt}: KPI "${id}" appears twice; give each KPI once, its responses in a list`);
    seen.add(id);
    let last = -Infinity;
    for (const r of responses) {
      let samples;
      try {
        samples = samplesOf(r.value(), id, last);
      } catch (err) {
        if (err instanceof ResponseError) throw new UserError(`${where([...r.at, ...err.path])}: ${err.message}`);
        throw err;
      }
      if (samples.times.length > 0) last = samples.times[samples.times.length - 1]!;
      sink(id, samples.times, samples.values);
    }
  }
}

interface Bundle {
  /** The text is one response (its keys are status, data...), not a bundle. */
  single: boolean;
  entries: { id: string; list: boolean; parts: { start: number; end: number }[] }[];
}

/**
 * The top level of a saved file without parsing it: each KPI key and the spans of its response(s).
 * Undefined where the text is not plainly an object of that shape; the whole-text parse then says why.
 */
function bundleSpans(text: string): Bundle | undefined {
  const scan = new JsonScan(text);
  scan.ws();
  if (text[scan.i] !== '{') return undefined;
  scan.i++;
  const entries: Bundle['entries'] = [];
  for (;;) {
    scan.ws();
    if (text[scan.i] === '}' && entries.length === 0) return undefined;
    if (text[scan.i] !== '"') return undefined;
    const keyStart = scan.i;
    scan.skipString();
    let id: string;
    try {
      id = JSON.parse(text.slice(keyStart, scan.i)) as string;
    } catch {
      return undefined;
    }
    if (id === 'status' || id === 'data') return { single: true, entries: [] };
    scan.ws();
    if (text[scan.i] !== ':') return undefined;
    scan.i++;
    scan.ws();
    const parts: { start: number; end: number }[] = [];
    const list = text[scan.i] === '[';
    if (list) {
      scan.i++;
      scan.ws();
      if (text[scan.i] === ']') scan.i++;
      else {
        for (;;) {
          scan.ws();
          const start = scan.i;
          scan.skipValue();
          parts.push({ start, end: scan.i });
          scan.ws();
          const c = text[scan.i++];
          if (c === ']') break;
          if (c !== ',') return undefined;
        }
      }
    } else {
      const start = scan.i;
      scan.skipValue();
      parts.push({ start, end: scan.i });
    }
    entries.push({ id, list, parts });
    scan.ws();
    const c = text[scan.i++];
    if (c === '}') break;
    if (c !== ',') return undefined;
  }
  scan.ws();
  return scan.i === text.length ? { single: false, entries } : undefined;
}

/** A cursor over JSON text that skips values without building them. */
class JsonScan {
  i = 0;
  constructor(private readonly text: string) {}
  ws(): void {
    const t = this.text;
    while (this.i < t.length && (t[this.i] === ' ' || t[this.i] === '\n' || t[this.i] === '\r' || t[this.i] === '\t')) this.i++;
  }
  skipString(): void {
    const t = this.text;
    this.i++;
    while (this.i < t.length && t[this.i] !== '"') this.i += t[this.i] === '\\' ? 2 : 1;
    this.i++;
  }
  skipValue(): void {
    const t = this.text;
    this.ws();
    const c = t[this.i];
    if (c === '"') return this.skipString();
    if (c === '{' || c === '[') {
      let depth = 0;
      do {
        const d = t[this.i];
        if (d === '"') {
          this.skipString();
          continue;
        }
        if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') depth--;
        this.i++;
      } while (depth > 0 && this.i < t.length);
      return;
    }
    while (this.i < t.length && !',}] \t\n\r'.includes(t[this.i]!)) this.i++;
  }
}

/** The offset JSON.parse stopped at, and its reason without V8's quoting of the whole text. */
function syntaxErrorAt(text: string, message: string): { offset: number; reason: string } {
  const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
  const at = /at position (\d+)/.exec(message);
  if (at) return { offset: Number(at[1]), reason };
  if (/Unexpected end/.test(message)) return { offset: text.length, reason };
  // V8 names no position for some tokens: the shortest prefix that fails other than by ending early holds it.
  let lo = 0, hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failsBefore(text.slice(0, mid + 1))) hi = mid;
    else lo = mid + 1;
  }
  return { offset: lo, reason };
}

/** The prefix fails inside itself, not only by ending early (at its end V8 says "Unexpected end" or names the end's position). */
function failsBefore(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    const message = (err as Error).message;
    if (/Unexpected end/.test(message)) return false;
    const at = /at position (\d+)/.exec(message);
    return at === null || Number(at[1]) < prefix.length;
  }
}

/** 1-based line and column (in characters) of an offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1, start = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    start = i + 1;
  }
  return { line, column: offset - start + 1 };
}

/**
 * Where the value at a path starts in JSON text that parsed: a scan that skips what is not on the
 * path, so only a faulty file pays for it (and no parser keeps positions for a large one).
 */
export function offsetOfPath(text: string, path: readonly (string | number)[]): number {
  const scan = new JsonScan(text);
  scan.ws();
  for (const step of path) {
    scan.ws();
    if (text[scan.i] === '{') {
      scan.i++;
      for (;;) {
        scan.ws();
        if (text[scan.i] !== '"') return scan.i;
        const keyStart = scan.i;
        scan.skipString();
        const key = JSON.parse(text.slice(keyStart, scan.i)) as string;
        scan.ws();
        scan.i++; // the colon
        scan.ws();
        if (key === step) break;
        scan.skipValue();
        scan.ws();
        if (text[scan.i] !== ',') return scan.i;
        scan.i++;
      }
    } else if (text[scan.i] === '[') {
      scan.i++;
      for (let k = 0; k < (step as number); k++) {
        scan.skipValue();
        scan.ws();
        if (text[scan.i] !== ',') return scan.i;
        scan.i++;
      }
      scan.ws();
    } else return scan.i;
  }
  scan.ws();
  return scan.i;
}
