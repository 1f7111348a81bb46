// KPIs measured by a PromQL query: the time window and the range-query chunks to ask Prometheus for,
// and a range-query response read into samples (an instant and a value each), which the checker
// buckets like CSV rows. Pure: the HTTP client and the files are in services/prometheus.ts.
import { offsetsOf } from '../calendar/zone.js';
import { endOfTerm, formatDay, parseDay } from '../dates.js';
import type { Kpi, Sla } from '../model.js';

const DAY_MS = 86_400_000;

/** The step of a KPI without one. */
export const DEFAULT_STEP = '5m';

/**
 * Points asked for in one request: Prometheus refuses a range query of more than 11,000 points per
 * series ("exceeded maximum resolution"), so a longer range is split into requests of at most this many.
 */
export const POINTS_PER_REQUEST = 10_000;

/**
 * The most samples one check reads from Prometheus over all its KPIs: a year at 5m is 105,120 per KPI,
 * so this is 19 KPI-years; ~16 bytes a sample kept for a percentile, and a bounded time to fetch.
 */
export const MAX_POINTS = 2_000_000;

/** A whole number of seconds, minutes, hours or days (the schema's pattern), in seconds. */
export function stepSeconds(step: string): number {
  const m = /^([1-9][0-9]{0,5})(s|m|h|d)$/.exec(step);
  if (!m) throw new RangeError(`"${step}" is not a step such as 5m`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}

export const isPromql = (kpi: Kpi): boolean => kpi.measure.promql !== undefined;

/** The instants measured: from local midnight of the first day to local midnight after the last (or now, if sooner). */
export interface QueryWindow {
  firstDay: string;
  lastDay: string;
  /** ms since the epoch, UTC; `endMs` is excluded. */
  startMs: number;
  endMs: number;
}

/**
 * The window a check asks Prometheus about: the agreement's term cut to --from/--to and to the day
 * the check is made for (nothing is measured in the future). Undefined when that leaves no day.
 * Day boundaries are local midnights in the SLA's time zone, so a period on either side of a
 * daylight-saving change gets exactly its own samples.
 */
export function queryWindow(sla: Sla, options: { from?: string | undefined; to?: string | undefined; nowMs: number }): QueryWindow | undefined {
  const offsets = offsetsOf(sla.timezone);
  const termStart = parseDay(sla.effective)!;
  const last = sla.expires ?? (sla.term === undefined ? undefined : endOfTerm(sla.effective, sla.term));
  const termEnd = last === undefined ? Infinity : parseDay(last)!;
  const today = offsets.dayOf(options.nowMs);
  const first = Math.max(termStart, options.from === undefined ? -Infinity : parseDay(options.from)!);
  const lastDay = Math.min(termEnd, today, options.to === undefined ? Infinity : parseDay(options.to)!);
  if (first > lastDay) return undefined;
  const startMs = offsets.toUtc(first * DAY_MS);
  const endMs = Math.min(offsets.toUtc((lastDay + 1) * DAY_MS), options.nowMs);
  if (endMs <= startMs) return undefined;
  return { firstDay: formatDay(first), lastDay: formatDay(lastDay), startMs, endMs };
}

/** How many samples a step gives over the window: the instants start + k·step before the end. */
export function pointCount(window: QueryWindow, stepSec: number): number {
  return Math.ceil((window.endMs - window.startMs) / (stepSec * 1000));
}

/** One range query: start and end in seconds (both included, as Prometheus reads them). */
export interface Chunk {
  start: number;
  end: number;
}

/**
 * The window as range queries of at most `perRequest` points each, on one grid (start + k·step), so
 * no instant is asked for twice or skipped where two requests meet.
 */
export function chunksOf(window: QueryWindow, stepSec: number, perRequest = POINTS_PER_REQUEST): Chunk[] {
  const start = window.startMs / 1000;
  const points = pointCount(window, stepSec);
  const out: Chunk[] = [];
  for (let k = 0; k < points; k += perRequest) {
    const n = Math.min(perRequest, points - k);
    out.push({ start: start + k * stepSec, end: start + (k + n - 1) * stepSec });
  }
  return out;
}

/** A fault in a response, at a path into its JSON (["data", "result", 0, "values", 17, 1]). */
export class ResponseError extends Error {
  constructor(message: string, readonly path: readonly (string | number)[]) {
    super(message);
    this.name = 'ResponseError';
  }
}

/** The samples of one response: instants in ms, values; times strictly increasing. */
export interface Samples {
  times: number[];
  values: number[];
}

/** An instant as ISO 8601 UTC, without milliseconds when they are zero. */
export const isoOf = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Prometheus writes a sample value as text: Go's float formatting, or NaN, +Inf, -Inf. */
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The labels of a series as PromQL writes them: {job="api", code="200"}. */
export function labelsOf(metric: unknown): string {
  if (!isObject(metric)) return '{}';
  const parts = Object.entries(metric).map(([k, v]) => `${k}=${JSON.stringify(String(v))}`);
  const text = `{${parts.join(', ')}}`;
  return text.length > 120 ? text.slice(0, 117) + '...}' : text;
}

/**
 * Reads a parsed range-query response: status success, resultType matrix, at most one series (the
 * KPI's one value per instant), finite values at strictly increasing instants. No series is no data.
 * `after`: the last instant of the previous chunk, so chunks too must follow each other in time.
 */
export function samplesOf(response: unknown, kpi: string, after = -Infinity): Samples {
  if (!isObject(response)) throw new ResponseError('this is not a Prometheus response: expected an object with "status" and "data"', []);
  if (response.status === 'error') {
    throw new ResponseError(`Prometheus answered an error${typeof response.errorType === 'string' ? ` (${response.errorType})` : ''}: ${String(response.error ?? 'no message')}`, ['status']);
  }
  if (response.status !== 'success') throw new ResponseError(`"status" is ${JSON.stringify(response.status ?? null)}, not "success": is this a Prometheus range-query response?`, response.status === undefined ? [] : ['status']);
  const data = response.data;
  if (!isObject(data)) throw new ResponseError('"data" is missing or not an object', response.data === undefined ? [] : ['data']);
  if (data.resultType !== 'matrix') {
    throw new ResponseError(`"resultType" is ${JSON.stringify(data.resultType ?? null)}, not "matrix": save the answer of a range query (/api/v1/query_range), not of an instant query`, data.resultType === undefined ? ['data'] : ['data', 'resultType']);
  }
  const result = data.result;
  if (!Array.isArray(result)) throw new ResponseError(result === undefined ? '"data" has no "result" list' : '"result" is not a list of series', result === undefined ? ['data'] : ['data', 'result']);
  if (result.length > 1) {
    const shown = result.slice(0, 3).map((s) => labelsOf(isObject(s) ? s.metric : undefined)).join(', ');
    throw new ResponseError(
      `KPI "${kpi}": the query returns ${result.length} series (${shown}${result.length > 3 ? ', ...' : ''}), but a KPI has one value per instant; aggregate them in the query, such as sum(...) or avg(...)`,
      ['data', 'result', 1],
    );
  }
  const times: number[] = [];
  const values: number[] = [];
  if (result.length === 0) return { times, values };
  const series = result[0];
  const base = ['data', 'result', 0] as const;
  if (!isObject(series)) throw new ResponseError('a series is not an object with "metric" and "values"', [...base]);
  if (series.histograms !== undefined) throw new ResponseError(`KPI "${kpi}": the query returns native histograms; ask for a number, such as histogram_quantile(0.95, ...)`, [...base, 'histograms']);
  const list = series.values;
  if (!Array.isArray(list)) throw new ResponseError('the series has no "values" list', [...base]);
  let previous = after;
  for (let i = 0; i < list.length; i++) {
    const pair = list[i];
    const at = [...base, 'values', i];
    if (!Array.isArray(pair) || pair.length !== 2) throw new ResponseError('a sample is not a pair [time, "value"]', at);
    const [t, text] = pair as [unknown, unknown];
    // Up to 9999-12-31: what a date can show, and far past any agreement's term.
    if (typeof t !== 'number' || !(t >= 0 && t < 253_402_300_800)) throw new ResponseError(`the time ${JSON.stringify(t)} is not a number of seconds since 1970 (up to the year 9999)`, [...at, 0]);
    const ms = Math.round(t * 1000);
    if (ms <= previous) {
      throw new ResponseError(`the time ${t} (${isoOf(ms)}) is not after the sample before it${previous === after && i === 0 ? ' (the end of the response before)' : ''}: samples must be in time order, each once`, [...at, 0]);
    }
    if (typeof text !== 'string' || !NUMBER.test(text)) {
      const what = text === 'NaN' ? 'NaN (not a number: a ratio of 0 over 0, where there was no traffic?)' : text === '+Inf' || text === '-Inf' ? `${text} (a division by zero?)` : JSON.stringify(text);
      throw new ResponseError(`KPI "${kpi}": the value at ${isoOf(ms)} is ${what}; make the query return a finite number at every instant, or none there`, [...at, 1]);
    }
    const v = Number(text);
    if (!Number.isFinite(v) || Math.abs(v) > 1e15) throw new ResponseError(`KPI "${kpi}": the value ${text} at ${isoOf(ms)} is too large: a metric value is at most 10^15 either side of zero`, [...at, 1]);
    times.push(ms);
    values.push(v);
    previous = ms;
  }
  return { times, values };
}
