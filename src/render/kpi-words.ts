// What a KPI measures, in the words of the agreement people sign: no CSV column names, no raw
// minutes. The column names go to the "Data sources" appendix (dataSourcesOf), for whoever runs
// `sla check`. Pure and deterministic.
import { durationInWords, durationMinutes, parseDuration, type Duration } from '../core/duration.js';
import type { Comparison, Kpi, Sla } from '../core/model.js';
import { pluralWord } from '../core/text.js';
import { OP_WORDS, exactNumber } from '../formatters/text.js';
import { listInWords } from './words.js';
import { resolveData, type SourceName } from '../core/check/sources.js';
import { patternExample } from '../core/timestamp-pattern.js';

type TimeUnit = 'milliseconds' | 'seconds' | 'minutes' | 'hours' | 'days';
type SlaPart = Pick<Sla, 'scope' | 'expectations'>;

const UNIT_TOKENS: Record<string, TimeUnit> = {
  ms: 'milliseconds', msec: 'milliseconds', millis: 'milliseconds', milliseconds: 'milliseconds',
  sec: 'seconds', secs: 'seconds', seconds: 'seconds',
  min: 'minutes', mins: 'minutes', minutes: 'minutes',
  hr: 'hours', hrs: 'hours', hours: 'hours',
  days: 'days',
};
// Abbreviations common in column names, and past participles that name an event ("resolved_at").
const WORDS: Record<string, string> = {
  ack: 'acknowledgement', acked: 'acknowledgement', acknowledged: 'acknowledgement', auth: 'authorisation', resp: 'response',
  resolved: 'resolution', responded: 'response', answered: 'answer', closed: 'closure', restored: 'restoration',
  fixed: 'fix', completed: 'completion', assigned: 'assignment', escalated: 'escalation', pct: 'percentage', num: 'number', req: 'request', reqs: 'requests',
};
// Columns that say when something started: the time from them reads "time to …".
const STARTS = new Set(['opened', 'created', 'raised', 'submitted', 'reported', 'logged', 'received', 'start', 'started', 'open']);
const TIME_WORDS = new Set(['time', 'latency', 'duration', 'delay', 'age']);

function tokens(name: string): string[] {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
}

/** "resolution_business_minutes" → { what: "resolution time", unit: minutes, business }. */
export function columnQuantity(name: string): { what: string; unit: TimeUnit | null; business: boolean } {
  let words = tokens(name);
  const last = words[words.length - 1];
  const unit = last !== undefined && words.length > 1 ? UNIT_TOKENS[last] ?? null : null;
  if (unit) words = words.slice(0, -1);
  const business = words.includes('business');
  words = words.filter((w) => w !== 'business').map((w) => WORDS[w] ?? w);
  let what = words.join(' ') || name;
  if (unit && !TIME_WORDS.has(words[words.length - 1] ?? '')) what = `${what} time`;
  return { what, unit, business };
}

/** "resolved_at" → "resolution"; "first_response_at" → "first response". */
function eventWords(column: string): string {
  const words = tokens(column).filter((w) => !['at', 'ts', 'time', 'timestamp', 'date', 'datetime', 'on'].includes(w));
  return words.map((w) => WORDS[w] ?? w).join(' ') || column;
}

/** "the time to resolution" (from an opening event), else "the time from assignment to resolution". */
function intervalWords(from: string, to: string): string {
  const start = tokens(from).filter((w) => !['at', 'ts', 'time', 'timestamp'].includes(w));
  const opens = start.length === 1 && STARTS.has(start[0]!);
  return opens ? `the time to ${eventWords(to)}` : `the time from ${eventWords(from)} to ${eventWords(to)}`;
}

/**
 * A duration the agreement states, in the words the priority table uses for it ("1 working day and 2
 * working hours"), followed by the count a reader can check when that says more ("(10 business hours)").
 */
function asWritten(d: Duration, counted: string): string {
  const words = durationInWords(d);
  return counted.startsWith(words) ? counted : `${words} (${counted})`;
}

/** Minutes of time as a reader counts them: "3 business days (24 business hours)", "4 hours", "15 minutes". */
export function minutesInWords(minutes: number, business: boolean, businessDayMinutes: number): string {
  const b = business ? 'business ' : '';
  const n = (x: number, unit: string) => `${exactNumber(x)} ${b}${pluralWord(x, unit)}`;
  const day = business ? businessDayMinutes : 1440;
  const hours = n(minutes / 60, 'hour');
  if (day > 0 && minutes >= day && minutes % day === 0) return business ? `${n(minutes / day, 'day')} (${hours})` : n(minutes / day, 'day');
  if (minutes >= 60 && minutes % 60 === 0) return hours;
  return n(minutes, 'minute');
}

export function businessDayMinutesOf(sla: Pick<Sla, 'scope'>): number {
  const toMin = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  return toMin(sla.scope.coverage.to) - toMin(sla.scope.coverage.from);
}

const comparison = (op: Comparison) => OP_WORDS[op];

function filtersInWords(where: Kpi['measure']['where']): string[] {
  return Object.entries(where ?? {}).map(([k, v]) => `${tokens(k).join(' ') || k} ${String(v)}`);
}

/**
 * A KPI's measure in words: "The percentage of records with priority P3 whose resolution time, in
 * business hours, is at most 3 business days (24 business hours)."
 */
export function kpiInWords(kpi: Kpi, sla: SlaPart): string {
  const m = kpi.measure;
  const dayMinutes = businessDayMinutesOf(sla);
  const filters = filtersInWords(m.where);
  const records = `records${filters.length > 0 ? ` with ${listInWords(filters)}` : ''}`;
  const over = filters.length > 0 ? `, over the ${records}` : '';

  if (m.promql !== undefined) return promqlInWords(kpi);
  if (m.aggregate === 'count') return `The number of ${records}${m.metric !== undefined ? ` in the ${columnQuantity(m.metric).what} data` : ''}.`;
  if (m.aggregate === 'ratio') {
    const of = m.metric !== undefined ? ` ${tokens(m.metric).map((w) => WORDS[w] ?? w).join(' ')}` : '';
    const num = `${columnQuantity(m.column ?? 'value').what}${of}`;
    const den = `${columnQuantity(m.denominator ?? 'denominator').what}${of}`;
    return `The sum of ${num} as a percentage of the sum of ${den}${over}.`;
  }

  // The quantity each record carries, its clock, and how a number of it reads.
  let quantity: string;
  let clock = '';
  let amount: (n: number) => string;
  if (m.duration !== undefined) {
    const d = m.duration;
    const pauses = d.paused !== undefined || (d.pauses ?? []).length > 0;
    quantity = intervalWords(d.from, d.to);
    const business = d.clock === 'business';
    clock = `, ${business ? 'in business hours' : 'around the clock'}${pauses ? ' and less the time the clock was paused' : ''}`;
    amount = (n) => minutesInWords(n, business, dayMinutes);
  } else {
    const q = columnQuantity(m.column ?? m.metric ?? 'value');
    quantity = q.what;
    if (kpi.unit === 'score' && !/\bscore\b/.test(quantity)) quantity = `${quantity} score`;
    if (q.business) clock = ', in business hours';
    const unit = q.unit;
    amount = (n) => {
      switch (unit) {
        case 'minutes': return minutesInWords(n, q.business, dayMinutes);
        case 'hours': return minutesInWords(n * 60, q.business, dayMinutes);
        case 'days': return q.business ? minutesInWords(n * dayMinutes, true, dayMinutes) : `${exactNumber(n)} ${pluralWord(n, 'day')}`;
        case null: return exactNumber(n);
        default: return `${exactNumber(n)} ${pluralWord(n, unit.slice(0, -1))}`;
      }
    };
  }

  if (m.aggregate === 'attainment') {
    const t = m.threshold;
    let limit = 'the threshold';
    if (t?.target !== undefined) {
      const pinned = m.where?.[m.priorityColumn ?? 'priority'];
      const priority = pinned !== undefined ? sla.expectations.priorities.find((p) => p.id === String(pinned)) : undefined;
      const d = priority ? parseDuration(priority[t.target]) : undefined;
      limit = priority
        ? `the ${t.target} time of ${priority.id}, ${d ? asWritten(d, minutesInWords(durationMinutes(d, dayMinutes), d.business || m.duration?.clock === 'business', dayMinutes)) : priority[t.target]}`
        : `the ${t.target} time of the record's priority (3. Expectations)`;
    } else if (typeof t?.value === 'number') limit = amount(t.value);
    else if (typeof t?.value === 'string') {
      const d = parseDuration(t.value);
      limit = d ? asWritten(d, minutesInWords(durationMinutes(d, dayMinutes), d.business || m.duration?.clock === 'business', dayMinutes)) : t.value;
    }
    return `The percentage of ${records} whose ${quantity.replace(/^the /, '')}${clock}${clock ? ',' : ''} is ${t ? comparison(t.op) : 'within'} ${limit}.`;
  }
  const what: Record<string, string> = { mean: 'The average', median: 'The median', min: 'The lowest', max: 'The highest', sum: 'The total', p90: 'The 90th percentile of', p95: 'The 95th percentile of', p99: 'The 99th percentile of' };
  const bare = quantity.replace(/^the /, '');
  const head = what[m.aggregate]!;
  const subject = head.endsWith(' of') ? `${head} ${m.duration ? quantity : bare}` : `${head} ${bare}`;
  return `${subject}${clock}${over}.`;
}

/** A PromQL measure in words: the query, sampled every step (docs/sources/prometheus.md). */
function promqlInWords(kpi: Kpi): string {
  const m = kpi.measure;
  const step = /^(\d+)(s|m|h|d)$/.exec(m.step ?? '5m')!;
  const unit = { s: 'second', m: 'minute', h: 'hour', d: 'day' }[step[2] as 's' | 'm' | 'h' | 'd'];
  const every = step[1] === '1' ? unit : `${step[1]}-${unit}`;
  const query = `the Prometheus query ${m.promql!.trim()}`;
  if (m.aggregate === 'count') return `The number of ${every} steps at which ${query} has a value.`;
  if (m.aggregate === 'attainment' && typeof m.threshold?.value === 'number') return `The percentage of ${every} steps at which the value of ${query} is ${comparison(m.threshold.op)} ${exactNumber(m.threshold.value)}.`;
  const what: Record<string, string> = { mean: 'The average', median: 'The median', min: 'The lowest', max: 'The highest', sum: 'The total', p90: 'The 90th percentile', p95: 'The 95th percentile', p99: 'The 99th percentile' };
  return `${what[m.aggregate] ?? 'The value'} of ${query}, taken every ${every === unit ? unit : `${step[1]} ${unit}s`}.`;
}

/** Said once under the metrics table when a KPI times records that may still be open. */
export function openRecordsNote(sla: Pick<Sla, 'metrics'>): string | null {
  const timed = sla.metrics.filter((k) => k.measure.duration !== undefined && k.measure.aggregate !== 'count');
  if (timed.length === 0) return null;
  const attainment = timed.some((k) => k.measure.aggregate === 'attainment');
  return attainment
    ? 'A record whose end time is not in the data yet is open: a percentage counts it as missed once its time so far is over the limit, and leaves it out until then; other measures leave it out.'
    : 'A record whose end time is not in the data yet is open and left out.';
}

export interface DataSource { column: string; meaning: string }

/** The columns of the metrics data each KPI reads, and what each holds ("Data sources" appendix). */
export function dataSourcesOf(sla: Pick<Sla, 'metrics'> & Partial<Pick<Sla, 'data' | 'expectations' | 'timezone'>>): DataSource[] {
  const meanings = new Map<string, string[]>();
  const add = (column: string, meaning: string) => {
    const list = meanings.get(column) ?? [];
    if (!list.includes(meaning)) list.push(meaning);
    meanings.set(column, list);
  };
  const metricNames: string[] = [];
  const filterValues = new Map<string, string[]>();
  const priorityTargets = new Map<string, string[]>();
  // A PromQL KPI reads no column: its words name its query.
  const fromCsv = sla.metrics.filter((k) => k.measure.promql === undefined);
  for (const kpi of fromCsv) {
    const m = kpi.measure;
    const d = m.duration !== undefined && m.aggregate !== 'count' ? m.duration : undefined;
    const ts = m.timestamp ?? m.duration?.from ?? 'timestamp';
    if (d) {
      const interval = intervalWords(d.from, d.to).replace(/^the /, '');
      add(d.from, 'when the clock starts');
      add(d.to, `when the ${interval} ends (empty while the record is open)`);
      if (d.paused !== undefined) add(d.paused, 'minutes the clock was paused, on the same clock; subtracted');
      for (const p of d.pauses ?? []) {
        add(p.from, 'when a pause started');
        add(p.to, 'when a pause ended');
      }
      if (m.aggregate === 'attainment' && m.threshold?.target !== undefined) {
        const column = m.priorityColumn ?? 'priority';
        const list = priorityTargets.get(column) ?? [];
        if (!list.includes(m.threshold.target)) list.push(m.threshold.target);
        priorityTargets.set(column, list);
      }
    }
    if (ts !== m.duration?.from || m.aggregate === 'count') add(ts, 'when the record happened');
    if (m.metric !== undefined) {
      if (!metricNames.includes(m.metric)) metricNames.push(m.metric);
    }
    if (!d && m.aggregate !== 'count') {
      const column = m.column ?? 'value';
      const of = m.metric !== undefined && m.column !== undefined ? ` ${columnQuantity(m.metric).what}` : '';
      const q = columnQuantity(m.metric !== undefined && m.column === undefined ? m.metric : column);
      const what = kpi.unit === 'score' && !/\bscore\b/.test(q.what) ? `${q.what} score` : q.what;
      add(column, `${what}${of}${q.unit ? `, in ${q.business ? 'business ' : ''}${q.unit}` : ''}${m.metric !== undefined ? ` (in records of metric "${m.metric}")` : ''}`);
    }
    if (m.aggregate === 'ratio' && m.denominator !== undefined) add(m.denominator, `${columnQuantity(m.denominator).what}${m.metric !== undefined ? ` ${columnQuantity(m.metric).what}` : ''}, the whole the percentage is taken of`);
    for (const [k, v] of Object.entries(m.where ?? {})) {
      const list = filterValues.get(k) ?? [];
      if (!list.includes(String(v))) list.push(String(v));
      filterValues.set(k, list);
    }
  }
  // Which period a record counts in.
  for (const kpi of fromCsv) add(kpi.measure.timestamp ?? kpi.measure.duration?.from ?? 'timestamp', 'decides the period the record counts in');
  if (metricNames.length > 0) add('metric', `what the record measures: ${listInWords(metricNames.map((n) => `"${n}"`), 'or')}`);
  for (const [k, targets] of priorityTargets) add(k, `the record's priority (an id from 3. Expectations), which sets its ${listInWords(targets)} ${pluralWord(targets.length, 'time')}`);
  for (const [k, values] of filterValues) add(k, `selects the records a KPI counts (${values.map((v) => `"${v}"`).join(', ')})`);
  // A data section maps the names KPIs use to the export's own headers: the appendix names the header
  // the reader will find in the file.
  const columns = sla.data !== undefined ? resolveData(sla as Sla).columns : {};
  return [...meanings].map(([column, list]) => {
    const header = columns[column];
    const meaning = capitalizeFirst(list.join('; '));
    return header !== undefined && header !== column ? { column: header, meaning: `${meaning} (${column} in the KPIs)` } : { column, meaning };
  });
}

const SOURCE_TITLES: Record<SourceName, string> = { jira: 'Jira Service Management', servicenow: 'ServiceNow', zendesk: 'Zendesk', freshservice: 'Freshservice' };

/**
 * How the metrics data writes its values, from the data section (and its tool's defaults), for the
 * "Data sources" appendix; null without a data section (ISO 8601 in the agreement's zone).
 */
export function dataFormatInWords(sla: Sla): string | null {
  if (sla.data === undefined) return null;
  const spec = resolveData(sla);
  const what = spec.source !== undefined ? `The data is a ${SOURCE_TITLES[spec.source]} export as the tool writes it. ` : '';
  const times = spec.format === undefined ? 'in ISO 8601' : `as ${spec.format} (such as ${patternExample(spec.format)})`;
  const durations = spec.durations === 'text' ? ' Durations may be written as text (such as 2h 15m), read as minutes.' : '';
  const names = [...spec.matches].filter(([, m]) => m.length > 1).map(([id, m]) => `${id}: ${m.slice(1).map((n) => `"${n}"`).join(', ')}`);
  const priorities = names.length > 0 ? ` Priorities as the data names them: ${names.join('; ')}.` : '';
  return `${what}Timestamps are written ${times}; a time without a zone is read in the ${spec.zone} time zone.${durations}${priorities}`;
}

const capitalizeFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
