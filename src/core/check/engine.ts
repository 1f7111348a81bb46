// The streaming evaluator: rows go in one at a time and each lands in one bucket per KPI and period
// (aggregate.ts); finish() turns every bucket into a result (evaluate.ts). Pure: no fs, no process.
import { BusinessCalendar } from '../calendar/business-hours.js';
import { offsetsOf, type ZoneOffsets } from '../calendar/zone.js';
import { durationMinutes, parseDuration } from '../duration.js';
import { compare, type Comparison, type Consequence, type Kpi, type Sla } from '../model.js';
import { Bucket, keepsValues, type Aggregate, type BucketState } from './aggregate.js';
import { DataEnd, DurationSource, OPEN } from './clock.js';
import { endOfTerm, formatDay, parseDay } from '../dates.js';
import { creditsOf } from './credits.js';
import { evaluate } from './evaluate.js';
import { MAX_RESULTS, periodCount, periodKey, periodsBetween, type PeriodKind } from './time.js';
import type { CheckResult, KpiResult, SkippedRow } from './types.js';
import { CellError, numberColumn, type RowValue } from './values.js';
import { resolveData, type DataSpec } from './sources.js';
import { ColumnReaders, timestampReader, type Timestamps } from './timestamps.js';
import { overallStatus } from './verdict.js';

export interface CheckOptions {
  /** Overrides every KPI's own period. */
  period?: PeriodKind | undefined;
  /** First and last day counted (YYYY-MM-DD, inclusive, in the SLA's time zone). */
  from?: string | undefined;
  to?: string | undefined;
  /** List bad rows in `skipped` instead of stopping at the first. */
  skipInvalid?: boolean | undefined;
  /** A KPI and period without data does not fail the check. */
  allowMissing?: boolean | undefined;
  /** Holidays beyond scope.coverage.holidays (YYYY-MM-DD), e.g. from the holiday calendar file. */
  holidays?: readonly string[] | undefined;
  /** The most results (KPIs × periods) to evaluate, and who sets it, for the message (default: MAX_RESULTS, "a check evaluates"). */
  limit?: { results: number; by: string } | undefined;
  /** The ticket tool the data comes from (--source, check.source): its defaults, under the SLA's data section. */
  source?: string | undefined;
}

/** Bad input that stops the check (exit 2): a row and column, or a column missing from the header. */
export class CheckInputError extends Error {
  constructor(message: string, readonly row?: number, readonly column?: string, readonly kpi?: string) {
    super(message);
    this.name = 'CheckInputError';
  }
}

interface Filter {
  at: number;
  column: string;
  text: string;
  num: number;
  /** On the priority column: the other cell values that mean this priority (expectations.priorities[].matches). */
  alts: ReadonlySet<string> | undefined;
}

/** One KPI ready to take rows. */
interface Plan {
  kpi: Kpi;
  aggregate: Aggregate;
  kind: PeriodKind;
  tsColumn: string;
  tsAt: number;
  /** The reader of the timestamp column (the column's own, shared with durations that read it). */
  tsReader: Timestamps | undefined;
  tsSlot: number;
  filters: Filter[];
  value: RowValue | undefined;
  den: RowValue | undefined;
  thresholdOp: Comparison | undefined;
  thresholdValue: number;
  /** A duration measure: the source (for open rows) and the factor from minutes to the KPI's unit. */
  duration: DurationSource | undefined;
  unitFactor: number;
  /** A threshold that is each row's priority's own target: the column and the minutes per priority. */
  priorityColumn: string;
  priorityAt: number;
  priorityTargets: Map<string, number> | undefined;
  /** Open rows, settled by finish() once the end of the data is known. */
  openRows: OpenRow[];
  keepValues: boolean;
  buckets: Map<string, Bucket>;
  keys: Map<number, string>;
  /** Memo slots of the value readers, shared by KPIs that read the same column. */
  valueSlot: number;
  denSlot: number;
  /** The bucket of the last day seen: rows come in time order, so this is nearly always the one. */
  lastDay: number;
  lastBucket: Bucket | undefined;
  /** Measured by a PromQL query: takes samples (sample()), never CSV rows or columns. */
  promql: boolean;
}

interface OpenRow {
  bucket: Bucket;
  start: number;
  paused: number;
  pauseSince: number;
  threshold: number;
}

/**
 * What a Checker gathered from one byte range of a split file, as plain data: every plan's buckets,
 * the rows outside the term, the span of days and the skipped rows. Row numbers count from the range's
 * first record; absorb() adds the records of the ranges before.
 */
export interface CheckerPart {
  buckets: [string, BucketState][][];
  before: number;
  after: number;
  minDay: number;
  maxDay: number;
  minRow: number;
  maxRow: number;
  skipped: SkippedRow[];
  /** Each plan's open rows (period key, start, paused minutes, a running pause's start, threshold), settled after the merge. */
  open: [string, number, number, number, number][][];
  /** The latest instant in any duration column of the range: the end of the data is the latest of all ranges. */
  latest: number;
}

/** The column that decides a row's period. */
export const timestampColumnOf = (kpi: Kpi): string => kpi.measure.timestamp ?? kpi.measure.duration?.from ?? 'timestamp';

/** The columns a KPI reads, and so the header must have. */
export function columnsOf(kpi: Kpi): string[] {
  const m = kpi.measure;
  const cols = [timestampColumnOf(kpi)];
  if (m.metric !== undefined) cols.push('metric');
  if (m.duration !== undefined && m.aggregate !== 'count') {
    cols.push(m.duration.from, m.duration.to);
    if (m.duration.paused !== undefined) cols.push(m.duration.paused);
    for (const p of m.duration.pauses ?? []) cols.push(p.from, p.to);
    if (m.aggregate === 'attainment' && m.threshold?.target !== undefined) cols.push(m.priorityColumn ?? 'priority');
  } else if (m.aggregate !== 'count' && m.duration === undefined) cols.push(m.column ?? 'value');
  if (m.aggregate === 'ratio' && m.denominator !== undefined) cols.push(m.denominator);
  for (const k of Object.keys(m.where ?? {})) cols.push(k);
  return cols;
}

/** The bucket of the plan's period holding `day`; the last one is kept, as rows mostly come in time order. */
function bucketOf(p: Plan, day: number): Bucket {
  if (day === p.lastDay && p.lastBucket !== undefined) return p.lastBucket;
  let key = p.keys.get(day);
  if (key === undefined) p.keys.set(day, (key = periodKey(p.kind, day)));
  let bucket = p.buckets.get(key);
  if (bucket === undefined) p.buckets.set(key, (bucket = new Bucket(p.keepValues)));
  p.lastDay = day;
  p.lastBucket = bucket;
  return bucket;
}

export class Checker {
  /** The agreement's zone, for instants (Prometheus samples) that carry no text to read. */
  private readonly slaZone: ZoneOffsets;
  /** How the data is written: the SLA's data section over the source's defaults. */
  readonly data: DataSpec;
  private readonly plans: Plan[];
  private readonly fromDay: number | undefined;
  private readonly toDay: number | undefined;
  /** The agreement's term as day numbers: rows outside it are counted, not measured. */
  private readonly termStart: number;
  private readonly termEnd: number;
  private before = 0;
  private after = 0;
  private byMetric = new Map<string, Plan[]>();
  private metricNames: string[] = [];
  private metricPlans: Plan[][] = [];
  private always: Plan[] = [];
  private metricAt = -1;
  private width = 0;
  private names: string[] = [];
  private minDay = Infinity;
  private maxDay = -Infinity;
  /** The rows of the earliest and latest day measured, named when the span is too long. */
  private minRow = 0;
  private maxRow = 0;
  // Per-row memo of parsed timestamps, one slot per timestamp column.
  private slotRow: Float64Array = new Float64Array(0);
  private slotDay: Float64Array = new Float64Array(0);
  // Updates of the current row, applied only once the whole row has been read.
  private pendBucket: Bucket[] = [];
  private pendValue: Float64Array;
  private pendDen: Float64Array;
  private pendThreshold: Float64Array;
  private pendPlan: Plan[] = [];
  private readonly calendar: BusinessCalendar | undefined;
  private readonly dataEnd = new DataEnd();
  private readonly timestampReaders: ColumnReaders;
  readonly skipped: SkippedRow[] = [];
  /** The header a column name was read from, through data.columns. */
  private readonly shownAs = new Map<string, string>();

  constructor(private readonly sla: Sla, private readonly options: CheckOptions = {}) {
    this.data = resolveData(sla, options.source);
    this.timestampReaders = new ColumnReaders(() => timestampReader(this.data, sla.timezone));
    this.slaZone = offsetsOf(sla.timezone);
    this.fromDay = options.from === undefined ? undefined : parseDay(options.from);
    this.toDay = options.to === undefined ? undefined : parseDay(options.to);
    this.termStart = parseDay(sla.effective) ?? -Infinity;
    const last = sla.expires ?? (sla.term === undefined ? undefined : endOfTerm(sla.effective, sla.term));
    this.termEnd = (last === undefined ? undefined : parseDay(last)) ?? Infinity;
    // The business calendar is built only when a KPI counts business time (its windows are cached per day).
    const business = sla.metrics.some((k) => k.measure.duration?.clock === 'business');
    this.calendar = business ? new BusinessCalendar(sla.scope.coverage, sla.timezone, options.holidays ?? []) : undefined;
    this.plans = sla.metrics.map((kpi) => this.plan(kpi));
    this.pendValue = new Float64Array(this.plans.length);
    this.pendDen = new Float64Array(this.plans.length);
    this.pendThreshold = new Float64Array(this.plans.length);
  }

  /** Minutes of a duration target such as "4 business hours" on a clock (a business day is the coverage day). */
  private minutesOf(text: string, clock: 'business' | 'calendar'): number {
    const d = parseDuration(text);
    if (!d) throw new CheckInputError(`"${text}" is not a duration`);
    return durationMinutes(d, clock === 'business' && this.calendar ? this.calendar.dayMinutes : 8 * 60);
  }

  private plan(kpi: Kpi): Plan {
    const m = kpi.measure;
    const spec = m.duration;
    const duration = spec !== undefined && m.aggregate !== 'count' ? new DurationSource(spec, spec.clock === 'business' ? this.calendar : undefined, this.dataEnd, this.timestampReaders) : undefined;
    // A ratio divides counted events (good by total): neither can be negative.
    const text = this.data.durations === 'text' && m.aggregate !== 'ratio' ? { perMinute: perMinute(kpi.unit) } : undefined;
    const value = duration ?? (m.aggregate === 'count' ? undefined : numberColumn(m.column ?? 'value', { count: m.aggregate === 'ratio', durations: text }));
    const den = m.aggregate === 'ratio' && m.denominator !== undefined ? numberColumn(m.denominator, { count: true }) : undefined;
    const t = m.threshold;
    let thresholdValue = 0;
    if (t !== undefined && typeof t.value === 'number') thresholdValue = t.value;
    else if (t !== undefined && typeof t.value === 'string') thresholdValue = this.minutesOf(t.value, spec?.clock ?? 'calendar');
    const priorityTargets = m.aggregate === 'attainment' && t?.target !== undefined && spec !== undefined
      ? new Map((this.sla.expectations?.priorities ?? []).flatMap((p) => {
          const minutes = this.minutesOf(p[t.target!], spec.clock);
          return (this.data.matches.get(p.id) ?? [p.id]).map((name) => [name, minutes] as const);
        }))
      : undefined;
    return {
      kpi,
      aggregate: m.aggregate,
      kind: this.options.period ?? kpi.period,
      tsColumn: timestampColumnOf(kpi),
      tsAt: -1,
      tsReader: undefined,
      tsSlot: -1,
      filters: [],
      value,
      den,
      thresholdOp: m.aggregate === 'attainment' ? t?.op : undefined,
      thresholdValue,
      duration,
      unitFactor: duration !== undefined && m.aggregate !== 'attainment' ? this.unitFactor(kpi.unit, spec!.clock) : 1,
      priorityColumn: m.priorityColumn ?? 'priority',
      priorityAt: -1,
      priorityTargets,
      openRows: [],
      keepValues: keepsValues(m.aggregate),
      buckets: new Map(),
      keys: new Map(),
      valueSlot: -1,
      denSlot: -1,
      lastDay: NaN,
      lastBucket: undefined,
      promql: m.promql !== undefined,
    };
  }

  /** Durations are computed in minutes; a KPI in another time unit gets its value in that unit. */
  private unitFactor(unit: Kpi['unit'], clock: 'business' | 'calendar'): number {
    switch (unit) {
      case 'milliseconds': return 60_000;
      case 'seconds': return 60;
      case 'hours': return 1 / 60;
      case 'days': return 1 / (clock === 'business' && this.calendar ? this.calendar.dayMinutes : 1440);
      default: return 1;
    }
  }

  /** One reader per value source, so a column read by seven KPIs is parsed once per row. */
  private readers: ((fields: readonly string[]) => number)[] = [];
  private sourceOf: RowValue[] = [];
  private readerRow: Float64Array = new Float64Array(0);
  private readerValue: Float64Array = new Float64Array(0);

  private slotFor(value: RowValue, index: ReadonlyMap<string, number>, seen: Map<string, number>): number {
    // Sources over the same columns with the same kind of reading share a slot.
    const key = value.key ?? value.columns.join('\u0000');
    let slot = seen.get(key);
    if (slot === undefined) {
      seen.set(key, (slot = this.readers.length));
      this.readers.push(value.bind(index));
      this.sourceOf.push(value);
    }
    return slot;
  }

  /** The value of a source in this row, read once. NaN = missing; throws CellError when bad. */
  private valueOf(slot: number, fields: readonly string[], row: number): number {
    if (this.readerRow[slot] === row) return this.readerValue[slot]!;
    const v = this.readers[slot]!(fields);
    this.readerRow[slot] = row;
    this.readerValue[slot] = v;
    return v;
  }

  /** Takes the header row; every column a KPI names must be there. */
  header(names: string[]): void {
    this.names = names;
    this.width = names.length;
    const index = new Map<string, number>();
    names.forEach((n, i) => {
      if (!index.has(n)) index.set(n, i);
    });
    // data.columns (and the source's): a name KPIs use, read from the export's header for it.
    const aliases = this.data.columns;
    for (const [name, header] of Object.entries(aliases)) {
      if (!index.has(name) && index.has(header)) {
        index.set(name, index.get(header)!);
        this.shownAs.set(name, header);
      }
    }
    // Header cells come from the file: quote any that would not read plainly (or would break the line).
    const plain = (n: string) => (/^[\p{L}\p{N} _.()%/-]{1,40}$/u.test(n) ? n : JSON.stringify(n.length > 40 ? `${n.slice(0, 37)}...` : n));
    const shown = (names.length > 12 ? [...names.slice(0, 12).map(plain), '…'] : names.map(plain)).join(', ');
    const slots = new Map<number, number>();
    const sources = new Map<string, number>();
    for (const p of this.plans) {
      if (p.promql) continue;
      for (const column of [...columnsOf(p.kpi), ...(p.value?.columns ?? []), ...(p.den?.columns ?? [])]) {
        if (!index.has(column)) {
          const alias = Object.hasOwn(aliases, column) && aliases[column] !== column ? ` (data.columns${this.data.source ? ` or the ${this.data.source} source` : ''} maps it to "${aliases[column]}")` : '';
          const why = alias + (column === 'metric' ? ` (its measure names metric "${p.kpi.measure.metric}", so the data must be in long format: timestamp,metric,value)` : '');
          throw new CheckInputError(`KPI "${p.kpi.id}" needs the column "${column}", which the header does not have${why} (columns: ${shown || 'none'})`, 1, column, p.kpi.id);
        }
      }
      p.tsAt = index.get(p.tsColumn)!;
      p.tsReader = this.timestampReaders.of(p.tsAt);
      if (!slots.has(p.tsAt)) slots.set(p.tsAt, slots.size);
      p.tsSlot = slots.get(p.tsAt)!;
      if (p.value) p.valueSlot = this.slotFor(p.value, index, sources);
      // KPIs over the same duration columns share one reader, and so the source that holds an open
      // row's start: settle this KPI's open rows with that one (its own never reads a row).
      if (p.duration) p.duration = this.sourceOf[p.valueSlot] as DurationSource;
      if (p.den) p.denSlot = this.slotFor(p.den, index, sources);
      if (p.priorityTargets) p.priorityAt = index.get(p.priorityColumn)!;
      p.filters = Object.entries(p.kpi.measure.where ?? {}).map(([column, v]) => {
        const alts = column === p.priorityColumn ? this.data.matches.get(String(v))?.filter((a) => a !== String(v)) : undefined;
        return { at: index.get(column)!, column, text: String(v), num: typeof v === 'number' ? v : NaN, alts: alts !== undefined && alts.length > 0 ? new Set(alts) : undefined };
      });
      const metric = p.kpi.measure.metric;
      if (metric === undefined) this.always.push(p);
      else {
        this.metricAt = index.get('metric')!;
        const list = this.byMetric.get(metric) ?? [];
        list.push(p);
        this.byMetric.set(metric, list);
      }
    }
    this.metricNames = [...this.byMetric.keys()];
    this.metricPlans = [...this.byMetric.values()];
    this.slotRow = new Float64Array(slots.size).fill(-1);
    this.slotDay = new Float64Array(slots.size);
    this.readerRow = new Float64Array(this.readers.length).fill(-1);
    this.readerValue = new Float64Array(this.readers.length);
  }

  /**
   * This checker's totals, for the checker of the first range to absorb (see CheckerPart). Durations
   * split too: their open rows travel unsettled and finish() settles them against the latest instant
   * of all ranges; a business clock's tables are a cache, the same whichever rows filled them.
   */
  part(): CheckerPart {
    return {
      buckets: this.plans.map((p) => [...p.buckets].map(([key, b]) => [key, b.state()] as [string, BucketState])),
      before: this.before,
      after: this.after,
      minDay: this.minDay,
      maxDay: this.maxDay,
      minRow: this.minRow,
      maxRow: this.maxRow,
      skipped: this.skipped,
      open: this.plans.map((p) => {
        if (p.openRows.length === 0) return [];
        const keyOf = new Map([...p.buckets].map(([key, b]) => [b, key]));
        return p.openRows.map((o) => [keyOf.get(o.bucket)!, o.start, o.paused, o.pauseSince, o.threshold]);
      }),
      latest: this.dataEnd.latest,
    };
  }

  /**
   * Adds the part of the next range, whose rows follow this checker's: `rowOffset` is the number of
   * records (header and blank lines included) before that range. The result is the serial one: rows
   * keep their order (skipped rows, kept values), the earliest row of a tied first or last day wins.
   */
  absorb(part: CheckerPart, rowOffset: number): void {
    part.buckets.forEach((list, i) => {
      const p = this.plans[i]!;
      for (const [key, state] of list) {
        let bucket = p.buckets.get(key);
        if (bucket === undefined) p.buckets.set(key, (bucket = new Bucket(p.keepValues)));
        bucket.absorb(state);
      }
    });
    part.open.forEach((list, i) => {
      const p = this.plans[i]!;
      for (const [key, start, paused, pauseSince, threshold] of list) {
        let bucket = p.buckets.get(key);
        if (bucket === undefined) p.buckets.set(key, (bucket = new Bucket(p.keepValues)));
        p.openRows.push({ bucket, start, paused, pauseSince, threshold });
      }
    });
    if (part.latest > this.dataEnd.latest) this.dataEnd.latest = part.latest;
    this.before += part.before;
    this.after += part.after;
    if (part.minDay < this.minDay) {
      this.minDay = part.minDay;
      this.minRow = part.minRow + rowOffset;
    }
    if (part.maxDay > this.maxDay) {
      this.maxDay = part.maxDay;
      this.maxRow = part.maxRow + rowOffset;
    }
    for (const s of part.skipped) this.skipped.push({ ...s, row: s.row + rowOffset });
  }

  /** A row the CSV parser could not read. */
  malformed(row: number, reason: string): void {
    this.bad(row, '', reason);
  }

  private bad(row: number, reportedColumn: string, reason: string): void {
    // Errors name the column as the file's header does (Created), not as the KPI calls it (opened_at).
    const column = this.shownAs.get(reportedColumn) ?? reportedColumn;
    if (!this.options.skipInvalid) throw new CheckInputError(reason, row, column);
    this.skipped.push({ row, column, reason });
  }

  /** One data row; `row` is its number as a spreadsheet shows it (header = 1). */
  row(fields: string[], row: number): void {
    if (fields.length === 1 && fields[0] === '') return; // a blank line
    if (fields.length !== this.width) {
      const column = fields.length < this.width ? this.names[fields.length]! : '';
      this.bad(row, column, `the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${this.width}`);
      return;
    }
    let pending = 0;
    let metricPlans: Plan[] | undefined;
    if (this.metricAt >= 0) {
      // A few === comparisons beat hashing a fresh string for a Map look-up.
      const metric = fields[this.metricAt]!;
      const names = this.metricNames;
      if (names.length <= 16) {
        for (let m = 0; m < names.length; m++) {
          if (names[m] === metric) {
            metricPlans = this.metricPlans[m];
            break;
          }
        }
      } else metricPlans = this.byMetric.get(metric);
    }
    const lists = metricPlans === undefined ? 1 : 2;
    let rowMin = Infinity;
    let rowMax = -Infinity;
    // 1: a KPI saw the row before the term, 2: after it, 4: inside it.
    let term = 0;
    for (let l = 0; l < lists; l++) {
      const list = l === 0 ? this.always : metricPlans!;
      for (let k = 0; k < list.length; k++) {
        const p = list[k]!;
        let ok = true;
        for (let f = 0; f < p.filters.length; f++) {
          const filter = p.filters[f]!;
          const cell = fields[filter.at]!;
          // A text filter (priority: P1) never converts the cell to a number: that is a runtime call a cell.
          if (cell !== filter.text && !(filter.num === filter.num && cell !== '' && +cell === filter.num) && !(filter.alts !== undefined && (filter.alts.has(cell) || filter.alts.has(cell.trim())))) {
            ok = false;
            break;
          }
        }
        if (!ok) continue;
        // The timestamp, parsed once per row and column however many KPIs read it.
        let day: number;
        const slot = p.tsSlot;
        if (this.slotRow[slot] === row) day = this.slotDay[slot]!;
        else {
          const text = fields[p.tsAt]!;
          day = p.tsReader!.dayOf(text);
          if (day !== day) {
            this.bad(row, p.tsColumn, text.trim() === '' ? 'the timestamp is empty' : p.tsReader!.describe(text));
            return;
          }
          this.slotRow[slot] = row;
          this.slotDay[slot] = day;
        }
        if (day < this.termStart) {
          term |= 1;
          continue;
        }
        if (day > this.termEnd) {
          term |= 2;
          continue;
        }
        term |= 4;
        if ((this.fromDay !== undefined && day < this.fromDay) || (this.toDay !== undefined && day > this.toDay)) continue;
        let v = 0;
        let d = 0;
        let threshold = p.thresholdValue;
        try {
          if (p.valueSlot >= 0) {
            v = this.valueOf(p.valueSlot, fields, row);
            if (v !== v) continue; // an empty cell: this row has no value for this KPI
          }
          if (p.priorityAt >= 0) {
            const priority = fields[p.priorityAt]!;
            const target = p.priorityTargets!.get(priority) ?? p.priorityTargets!.get(priority.trim());
            if (target === undefined) throw new CellError(p.priorityColumn, priority.trim() === '' ? 'the priority is empty' : `"${priority.length > 40 ? priority.slice(0, 40) + '…' : priority}" is not a priority of the agreement (${[...p.priorityTargets!.keys()].join(', ')})`);
            threshold = target;
          }
          if (p.denSlot >= 0) {
            d = this.valueOf(p.denSlot, fields, row);
            if (d !== d) continue;
          }
        } catch (err) {
          if (!(err instanceof CellError)) throw err;
          this.bad(row, err.column, err.reason);
          return;
        }
        const bucket = bucketOf(p, day);
        this.pendPlan[pending] = p;
        this.pendBucket[pending] = bucket;
        this.pendValue[pending] = v;
        this.pendDen[pending] = d;
        this.pendThreshold[pending] = threshold;
        pending++;
        if (day < rowMin) rowMin = day;
        if (day > rowMax) rowMax = day;
      }
    }
    for (let i = 0; i < pending; i++) {
      const p = this.pendPlan[i]!;
      const b = this.pendBucket[i]!;
      let v = this.pendValue[i]!;
      if (p.duration !== undefined) {
        if (v === OPEN) {
          // Settled at the end, when the end of the data is known.
          const src = p.duration;
          p.openRows.push({ bucket: b, start: src.openStart, paused: src.openPaused, pauseSince: src.openPauseSince, threshold: this.pendThreshold[i]! });
          continue;
        }
        if (p.thresholdOp !== undefined) {
          b.addOutcome(compare(v, p.thresholdOp, this.pendThreshold[i]!));
          continue;
        }
        v *= p.unitFactor;
      }
      b.add(v, this.pendDen[i]!, p.thresholdOp !== undefined && compare(v, p.thresholdOp, p.thresholdValue));
    }
    if (pending > 0) {
      if (rowMin < this.minDay) {
        this.minDay = rowMin;
        this.minRow = row;
      }
      if (rowMax > this.maxDay) {
        this.maxDay = rowMax;
        this.maxRow = row;
      }
    }
    // A row no KPI measured because it lies outside the term is counted once, by where it lies.
    if (term !== 0 && (term & 4) === 0) {
      if (term & 1) this.before++;
      else this.after++;
    }
  }

  /**
   * The samples of a PromQL KPI (instants in ms, values), from Prometheus or a saved response: each
   * lands in its local day's period like a CSV row, inside the term and --from/--to.
   */
  sample(kpi: string, times: readonly number[], values: readonly number[]): void {
    const p = this.plans.find((q) => q.kpi.id === kpi && q.promql);
    if (p === undefined) throw new RangeError(`KPI "${kpi}" has no promql measure`);
    for (let i = 0; i < times.length; i++) {
      const day = this.slaZone.dayOf(times[i]!);
      if (day < this.termStart) {
        this.before++;
        continue;
      }
      if (day > this.termEnd) {
        this.after++;
        continue;
      }
      if ((this.fromDay !== undefined && day < this.fromDay) || (this.toDay !== undefined && day > this.toDay)) continue;
      const bucket = bucketOf(p, day);
      const v = values[i]!;
      bucket.add(v, 0, p.thresholdOp !== undefined && compare(v, p.thresholdOp, p.thresholdValue));
      if (day < this.minDay) {
        this.minDay = day;
        this.minRow = 0;
      }
      if (day > this.maxDay) {
        this.maxDay = day;
        this.maxRow = 0;
      }
    }
  }

  /**
   * An open row counts by the time it has run until the end of the data (the latest instant in any
   * duration column): failed when that already misses its target, otherwise not counted (its outcome
   * is unknown) and reported as open.
   */
  private settleOpen(p: Plan): void {
    const end = this.dataEnd.latest;
    for (const o of p.openRows) {
      if (p.thresholdOp !== undefined && isBreachedSoFar(p.thresholdOp)) {
        const elapsed = p.duration!.elapsedAt(o.start, o.paused, o.pauseSince, end);
        if (!compare(elapsed, p.thresholdOp, o.threshold)) {
          o.bucket.addOutcome(false);
          continue;
        }
      }
      o.bucket.open++;
    }
    p.openRows = [];
  }

  /**
   * Refuses a span whose periods, over all KPIs, exceed the limit, before any is listed: one stray
   * date (9999-12-31) would otherwise make millions of results. Names where each end comes from.
   */
  private refuseLongSpan(first: number, last: number): void {
    const limit = this.options.limit ?? { results: MAX_RESULTS, by: 'a check evaluates' };
    let results = 0;
    for (const p of this.plans) results += periodCount(p.kind, first, last);
    if (results <= limit.results) return;
    const fromFlag = this.options.from !== undefined, toFlag = this.options.to !== undefined;
    const what = fromFlag || toFlag ? 'the range checked spans' : 'the data spans';
    // Row 0: the day came from a Prometheus sample, not a CSV row.
    const end = (day: number, flag: boolean, row: number) => `${formatDay(day)}${flag || row === 0 ? '' : ` (row ${count(row)})`}`;
    const days = last - first + 1;
    throw new CheckInputError(
      `${what} ${count(days)} day${days === 1 ? '' : 's'}, ${end(first, fromFlag, this.minRow)} to ${end(last, toFlag, this.maxRow)}: ` +
      `${count(results)} results over ${this.plans.length} KPI${this.plans.length === 1 ? '' : 's'}, more than the ${count(limit.results)} ${limit.by}; ` +
      `${fromFlag && toFlag ? 'limit' : 'is a date in the data wrong? Limit'} the range with --from/--to, or use a longer --period`,
    );
  }

  /**
   * Every KPI in every period of the data (or of --from/--to) inside the agreement's term, evaluated;
   * a period the term or --from/--to cuts is evaluated over its covered days and marked partial.
   */
  finish(): CheckResult {
    // The measured window: the term intersected with --from/--to. The data only says which periods
    // to list; a period is partial only where the window, not the data, cuts it.
    const lo = Math.max(this.termStart, this.fromDay ?? -Infinity);
    const hi = Math.min(this.termEnd, this.toDay ?? Infinity);
    const first = this.fromDay !== undefined ? lo : this.minDay === Infinity ? undefined : this.minDay;
    const last = this.toDay !== undefined ? hi : this.maxDay === -Infinity ? undefined : this.maxDay;
    if (first !== undefined && last !== undefined && first <= last) this.refuseLongSpan(first, last);
    const consequences = new Map<string, Consequence[]>();
    for (const c of this.sla.consequences) for (const id of c.kpis) consequences.set(id, [...(consequences.get(id) ?? []), c]);
    const results: KpiResult[] = [];
    for (const p of this.plans) this.settleOpen(p);
    for (const p of this.plans) {
      // Without a single dated row there is no period to speak of: one "all" with no data, even for count.
      if (first === undefined || last === undefined || first > last) {
        results.push(evaluate(p.kpi, { period: 'all', periodKind: 'all', start: null, end: null, partial: false }, undefined, [], true));
        continue;
      }
      for (const { kind, key, start, end } of periodsBetween(p.kind, first, last)) {
        // 'all' is the window itself; a calendar period is cut to the window.
        const s = kind === 'all' ? start : Math.max(start, lo);
        const e = kind === 'all' ? end : Math.min(end, hi);
        const partial = s > start || e < end;
        const result = evaluate(p.kpi, { period: key, periodKind: kind, start: formatDay(s), end: formatDay(e), partial }, p.buckets.get(key), consequences.get(p.kpi.id) ?? []);
        // Cells are bounded, but a ratio over a denominator that sums to almost nothing is not: never
        // let Infinity through as a verdict (JSON would print it as null).
        if (result.actual !== null && !Number.isFinite(result.actual)) {
          throw new CheckInputError(`KPI "${p.kpi.id}", ${key}: the ${p.kpi.measure.aggregate} is too large to compute${p.kpi.measure.aggregate === 'ratio' ? ` (the "${p.kpi.measure.denominator}" column sums to almost zero against "${p.kpi.measure.column ?? 'value'}")` : ''}; check the data`, undefined, undefined, p.kpi.id);
        }
        results.push(result);
      }
    }
    const termEnd = this.termEnd === Infinity ? null : formatDay(this.termEnd);
    return {
      sla: this.sla.id,
      status: overallStatus(results, { allowMissing: this.options.allowMissing === true }),
      draft: this.sla.status === 'draft',
      term: { start: this.sla.effective, end: termEnd },
      from: first === undefined ? null : formatDay(first),
      to: last === undefined ? null : formatDay(last),
      outside: { before: this.before, after: this.after },
      results,
      skipped: this.skipped,
      ...creditsOf(this.sla, results),
    };
  }
}

const count = (n: number) => n.toLocaleString('en-US');

/** A KPI's unit per minute, for a duration written as text; 1 for a unit that is not time. */
function perMinute(unit: Kpi['unit']): number {
  switch (unit) {
    case 'milliseconds': return 60_000;
    case 'seconds': return 60;
    case 'hours': return 1 / 60;
    case 'days': return 1 / 1440;
    default: return 1;
  }
}

/** Only a limit that elapsed time can pass (<, <=) is settled early: a later end can never meet it again. */
const isBreachedSoFar = (op: Comparison) => op === '<' || op === '<=';
