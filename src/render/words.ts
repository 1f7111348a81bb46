// Numbers, dates and comparisons written the way a manager writes them in an agreement. Pure and
// deterministic (no clock; numbers through Intl fixed to en-US), so golden files do not change with
// the machine's locale.
import { durationInWords, durationOfMinutes, parseDuration } from '../core/duration.js';
import type { Comparison, Kpi, Sla } from '../core/model.js';
import { MONTHS } from '../core/dates.js';
import { pluralWord } from '../core/text.js';
import { exactNumber, OP_WORDS, UNIT_WORD } from '../formatters/text.js';

const DAY_NAMES: Record<string, string> = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' };
const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** "2026-01-01" → "1 January 2026": day first and the month spelled out, unambiguous everywhere. */
export function dateInWords(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : iso;
}

/** "a, b and c". */
export function listInWords(items: readonly string[], conjunction = 'and'): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1]}`;
}

/** ">=" → "at least". */
function comparisonInWords(op: Comparison): string {
  return OP_WORDS[op];
}

/** A number the agreement states, exactly as written, with grouped thousands: 99.999, 4.2, 1,500. */
export const numberInWords = exactNumber;

/** A value in a KPI's unit: "99.5 %", "300 milliseconds", "4.2", "1 hour". */
export function valueInWords(value: number, unit: Kpi['unit']): string {
  const n = numberInWords(value);
  switch (unit) {
    case 'percent': return `${n} %`;
    case 'count':
    case 'score': return n;
    default: return `${n} ${pluralWord(value, UNIT_WORD[unit])}`;
  }
}

export function periodInWords(period: Kpi['period']): string {
  switch (period) {
    case 'day': return 'per calendar day';
    case 'week': return 'per calendar week';
    case 'month': return 'per calendar month';
    case 'quarter': return 'per calendar quarter';
    case 'all': return 'over the whole period measured';
  }
}

/** "at least 99.5 %". */
export function targetInWords(kpi: Pick<Kpi, 'unit' | 'objective'>): string {
  return `${comparisonInWords(kpi.objective.op)} ${valueInWords(kpi.objective.target, kpi.unit)}`;
}

/** A duration as the agreement writes it, in the one wording priorities and KPIs share: "15m" → "15 minutes". */
function timeInWords(text: string): string {
  const d = parseDuration(text);
  return d ? durationInWords(d) : text;
}

const minutesOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** "15m" → "within 15 minutes"; "4 business hours" → "within 4 business hours"; "1h30m" → "within 1 hour and 30 minutes". */
export function deadlineInWords(text: string): string {
  return parseDuration(text) ? `within ${timeInWords(text)}` : text;
}

/** ["mon".."fri"] → "Monday to Friday"; runs of three or more days read as a range. */
export function daysInWords(days: readonly string[]): string {
  const sorted = WEEK.filter((d) => days.includes(d));
  if (sorted.length === 7) return 'every day';
  const runs: string[][] = [];
  for (const d of sorted) {
    const last = runs[runs.length - 1];
    if (last && WEEK.indexOf(d) === WEEK.indexOf(last[last.length - 1]!) + 1) last.push(d);
    else runs.push([d]);
  }
  const parts = runs.flatMap((run) => (run.length >= 3 ? [`${DAY_NAMES[run[0]!]} to ${DAY_NAMES[run[run.length - 1]!]}`] : run.map((d) => DAY_NAMES[d]!)));
  return listInWords(parts);
}

/** "09:00 to 17:00"; a whole day reads "around the clock". */
export function hoursInWords(from: string, to: string): string {
  if (from === '00:00' && to === '24:00') return 'around the clock';
  return `${from} to ${to === '24:00' ? 'midnight' : to}`;
}

const FREQUENCY_EVERY: Record<string, string> = { daily: 'every day', weekly: 'every week', monthly: 'every month', quarterly: 'every quarter', yearly: 'every year' };
/** "monthly" → "every month". */
export function frequencyInWords(frequency: string): string {
  return FREQUENCY_EVERY[frequency] ?? frequency;
}

/** A name placed inside a sentence: a group named "All employees of Example Ltd" reads "all employees of …". */
export function nameInSentence(name: string): string {
  return /^(All|Every|Each|Any|The|Our)\s+\p{Ll}/u.test(name) ? name.charAt(0).toLowerCase() + name.slice(1) : name;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The business clock in words: "business hours: Monday to Friday, 09:00 to 17:00 Europe/London time, excluding …". */
export function clockInWords(clock: 'business' | 'calendar', sla: Pick<Sla, 'timezone' | 'scope'>): string {
  if (clock === 'calendar') return 'around the clock (every minute counts)';
  const cov = sla.scope.coverage;
  const where = [
    ...(cov.holidays !== undefined && cov.holidays.length > 0 ? ['under Hours of service'] : []),
    ...(cov.holidayCalendar !== undefined ? [`in ${cov.holidayCalendar}`] : []),
  ];
  const holidays = where.length > 0 ? `, excluding the public holidays listed ${listInWords(where)}` : '';
  return `in business hours: ${daysInWords(cov.days)}, ${hoursInWords(cov.from, cov.to)} ${cov.timezone ?? sla.timezone} time${holidays}`;
}

/** How a KPI's value is computed from the metrics data, in a sentence a reader can check. */
export function measureInWords(kpi: Kpi, sla?: Pick<Sla, 'timezone' | 'scope' | 'expectations'>): string {
  const m = kpi.measure;
  if (m.duration !== undefined && sla !== undefined && m.aggregate !== 'count' && m.aggregate !== 'ratio') return durationMeasureInWords(kpi, m.duration, sla);
  const column = m.column ?? 'value';
  // In long data the metric names the quantity; a column is named only when it is not the default.
  const subject = m.metric !== undefined
    ? (m.column === undefined ? `the "${m.metric}" metric` : `"${column}" of the "${m.metric}" metric`)
    : `"${column}"`;
  const records = m.metric !== undefined ? `"${m.metric}" records` : 'records';
  let what: string;
  switch (m.aggregate) {
    case 'mean': what = `the average of ${subject}`; break;
    case 'median': what = `the median of ${subject}`; break;
    case 'min': what = `the lowest value of ${subject}`; break;
    case 'max': what = `the highest value of ${subject}`; break;
    case 'sum': what = `the sum of ${subject}`; break;
    case 'count': what = `the number of ${records}`; break;
    case 'p90':
    case 'p95':
    case 'p99': what = `the ${m.aggregate.slice(1)}th percentile of ${subject}`; break;
    case 'attainment': {
      const value = m.metric !== undefined && m.column === undefined ? 'the value' : `"${column}"`;
      what = m.threshold && m.threshold.value !== undefined
        ? `the percentage of ${records} where ${value} is ${comparisonInWords(m.threshold.op)} ${typeof m.threshold.value === 'number' ? numberInWords(m.threshold.value) : m.threshold.value}`
        : `the percentage of ${records} that meet the threshold`;
      break;
    }
    case 'ratio':
      what = `the sum of "${column}" as a percentage of the sum of "${m.denominator ?? 'denominator'}"${m.metric !== undefined ? ` in the "${m.metric}" metric` : ''}`;
      break;
  }
  return `${capitalize(what)}${whereInWords(m.where)}.`;
}

function whereInWords(where: Kpi['measure']['where']): string {
  const filters = Object.entries(where ?? {}).map(([k, v]) => `${k} is ${String(v)}`);
  return filters.length > 0 ? `, counting only records where ${listInWords(filters)}` : '';
}

type DurationSpec = NonNullable<Kpi['measure']['duration']>;

/** A clock between two timestamp columns: what is timed, against which target, on which clock, and open records. */
function durationMeasureInWords(kpi: Kpi, d: DurationSpec, sla: Pick<Sla, 'timezone' | 'scope' | 'expectations'>): string {
  const m = kpi.measure;
  const pauses = [
    ...(d.paused !== undefined ? [`the minutes in "${d.paused}"`] : []),
    ...(d.pauses ?? []).map((p) => `the time between "${p.from}" and "${p.to}"`),
  ];
  const time = `the time from "${d.from}" to "${d.to}"${pauses.length > 0 ? ` less ${listInWords(pauses)}` : ''}`;
  let what: string;
  switch (m.aggregate) {
    case 'mean': what = `the average of ${time}`; break;
    case 'median': what = `the median of ${time}`; break;
    case 'min': what = `the shortest ${time}`; break;
    case 'max': what = `the longest ${time}`; break;
    case 'sum': what = `the sum of ${time}`; break;
    case 'p90':
    case 'p95':
    case 'p99': what = `the ${m.aggregate.slice(1)}th percentile of ${time}`; break;
    default: {
      const t = m.threshold;
      let limit = 'the threshold';
      if (t?.target !== undefined) {
        const column = m.priorityColumn ?? 'priority';
        const pinned = m.where?.[column];
        const priority = pinned !== undefined ? sla.expectations.priorities.find((p) => p.id === String(pinned)) : undefined;
        limit = priority ? `the ${t.target} time of ${priority.id} (${timeInWords(priority[t.target])})` : `the ${t.target} time of the record's own priority (from the "${column}" column)`;
      } else if (typeof t?.value === 'number') {
        // Minutes on the KPI's clock, in the units the priority table uses: 480 business minutes is "1 business day".
        const cov = sla.scope.coverage;
        limit = durationInWords(durationOfMinutes(t.value, d.clock === 'business', minutesOfDay(cov.to) - minutesOfDay(cov.from)));
      } else if (typeof t?.value === 'string') limit = timeInWords(t.value);
      what = `the percentage of records where ${time} is ${t ? comparisonInWords(t.op) : 'within'} ${limit}`;
    }
  }
  const open = m.aggregate === 'attainment'
    ? ` A record with no "${d.to}" yet is open: it counts as missed once its time so far misses the target, and is left out until then.`
    : ` A record with no "${d.to}" yet is open and left out.`;
  return `${capitalize(what)}${whereInWords(m.where)}, measured ${clockInWords(d.clock, sla)}.${open}`;
}
