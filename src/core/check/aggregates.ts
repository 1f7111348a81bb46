// `sla check --aggregates`: verdicts, consequences and credits for per-period values an engine
// computed (the query `sla sql` prints, run where the data lives). The rows are checked against the
// agreement's own periods (zone, term, --from/--to) and then go through the same evaluate(),
// creditsOf() and overallStatus() as the streaming engine, so the verdicts cannot drift apart.
import type { Consequence, Kpi, Sla } from '../model.js';
import { endOfTerm, formatDay, parseDay } from '../dates.js';
import { creditsOf } from './credits.js';
import { CheckInputError, type CheckOptions } from './engine.js';
import { evaluate } from './evaluate.js';
import { periodsBetween, periodStart, type Period, type PeriodKind } from './time.js';
import type { CheckResult, KpiResult } from './types.js';
import { parseNumber } from './values.js';
import { overallStatus } from './verdict.js';

/** The columns an aggregates result has, in the order `sla sql` returns them. */
export const AGGREGATE_COLUMNS = ['kpi', 'period', 'start', 'end', 'actual', 'samples'] as const;

/** The days a check measures: the term cut by --from/--to (day numbers, inclusive; ±Infinity when open). */
export function measuredWindow(sla: Sla, options: Pick<CheckOptions, 'from' | 'to'>): { lo: number; hi: number } {
  const termStart = parseDay(sla.effective) ?? -Infinity;
  const last = sla.expires ?? (sla.term === undefined ? undefined : endOfTerm(sla.effective, sla.term));
  const termEnd = (last === undefined ? undefined : parseDay(last)) ?? Infinity;
  const from = options.from === undefined ? undefined : parseDay(options.from);
  const to = options.to === undefined ? undefined : parseDay(options.to);
  return { lo: Math.max(termStart, from ?? -Infinity), hi: Math.min(termEnd, to ?? Infinity) };
}

interface Entry {
  period: Period;
  start: number | null;
  end: number | null;
  actual: number | null;
  samples: number;
}

/** Collects the rows of an aggregates CSV (header first), then evaluates them with finish(). */
export class AggregatesChecker {
  private readonly kpis = new Map<string, Kpi>();
  private readonly entries = new Map<string, Map<string, Entry & { row: number }>>();
  private readonly lo: number;
  private readonly hi: number;
  private at: Record<(typeof AGGREGATE_COLUMNS)[number], number> | undefined;
  private width = 0;

  constructor(private readonly sla: Sla, private readonly options: CheckOptions = {}) {
    for (const k of sla.metrics) this.kpis.set(k.id, k);
    ({ lo: this.lo, hi: this.hi } = measuredWindow(sla, options));
  }

  private kindOf(kpi: Kpi): PeriodKind {
    return this.options.period ?? kpi.period;
  }

  header(names: string[]): void {
    const at = {} as Record<(typeof AGGREGATE_COLUMNS)[number], number>;
    for (const c of AGGREGATE_COLUMNS) {
      const i = names.indexOf(c);
      if (i < 0) throw new CheckInputError(`the header has no column "${c}": an aggregates result has the columns ${AGGREGATE_COLUMNS.join(', ')} (as sla sql returns them)`, 1, c);
      at[c] = i;
    }
    this.at = at;
    this.width = names.length;
  }

  malformed(row: number, reason: string): void {
    throw new CheckInputError(reason, row);
  }

  row(fields: string[], row: number): void {
    if (fields.length === 1 && fields[0] === '') return;
    if (fields.length !== this.width) throw new CheckInputError(`the row has ${fields.length} field${fields.length === 1 ? '' : 's'}, the header ${this.width}`, row);
    const at = this.at!;
    const cell = (c: (typeof AGGREGATE_COLUMNS)[number]) => fields[at[c]]!.trim();
    const bad = (column: string, message: string): never => {
      throw new CheckInputError(message, row, column);
    };
    const id = cell('kpi');
    const kpi = this.kpis.get(id);
    if (kpi === undefined) bad('kpi', `"${clip(id)}" is not a KPI of the agreement (${[...this.kpis.keys()].join(', ')})`);
    const kind = this.kindOf(kpi!);
    const key = cell('period');
    const startText = cell('start'), endText = cell('end');
    const day = (column: 'start' | 'end', text: string): number | null => {
      if (text === '') return null;
      const d = parseDay(text);
      if (d === undefined) bad(column, `"${clip(text)}" is not a date written YYYY-MM-DD`);
      return d!;
    };
    const start = day('start', startText), end = day('end', endText);
    const zone = `in the agreement's time zone ${this.sla.timezone}`;
    let period: Period;
    if (key === 'all' && start === null && end === null) {
      // No dated row at all: the one "all" result without data check gives every KPI then.
      period = { kind: 'all', key, start: 0, end: 0 };
    } else if (kind === 'all') {
      if (key !== 'all') bad('period', `"${clip(key)}" is not a period of KPI "${id}": it is measured over the whole range (period "all")`);
      if ((start === null) !== (end === null)) bad(start === null ? 'start' : 'end', `KPI "${id}", period all: give both start and end, or neither (no data at all)`);
      if (start !== null && end !== null) {
        if (start > end) bad('end', `KPI "${id}", period all: the end ${endText} is before the start ${startText}`);
        if (start < this.lo || end > this.hi) bad(start < this.lo ? 'start' : 'end', `KPI "${id}", period all: ${startText} to ${endText} is not inside the measured range ${this.range()}`);
      }
      period = { kind, key, start: start ?? 0, end: end ?? 0 };
    } else {
      if (start === null) bad('start', `KPI "${id}", ${clip(key)}: the start is empty; give the period's first day measured (YYYY-MM-DD ${zone})`);
      period = periodsBetween(kind, periodStart(kind, start!), periodStart(kind, start!))[0]!;
      if (period.key !== key) bad('period', `"${clip(key)}" is not the ${kind} of KPI "${id}" that starts ${startText} ${zone} (that is ${period.key}); a ${kind} is written ${KEY_SHAPES[kind]}`);
      if (period.end < this.lo || period.start > this.hi) bad('period', `KPI "${id}": ${key} is outside the measured range ${this.range()}`);
      const s = Math.max(period.start, this.lo), e = Math.min(period.end, this.hi);
      if (start !== s) bad('start', `KPI "${id}", ${key}: the start is ${startText}, but the period's first day measured is ${formatDay(s)} ${zone}${s > period.start ? ' (cut by the term or --from)' : ''}`);
      if (end !== e) bad('end', `KPI "${id}", ${key}: the end is ${endText || 'empty'}, but the period's last day measured is ${formatDay(e)} ${zone}${e < period.end ? ' (cut by the term or --to)' : ''}`);
    }
    const actualText = cell('actual');
    let actual: number | null = null;
    if (actualText !== '') {
      actual = parseNumber(actualText);
      if (!Number.isFinite(actual)) bad('actual', `"${clip(actualText)}" is not a number (leave the cell empty when the period has no value)`);
    }
    const samplesText = cell('samples');
    const samples = samplesText === '' ? 0 : parseNumber(samplesText);
    if (!Number.isSafeInteger(samples) || samples < 0) bad('samples', `"${clip(samplesText)}" is not a count of rows (a whole number, 0 or more)`);
    const byKey = this.entries.get(id) ?? new Map<string, Entry & { row: number }>();
    this.entries.set(id, byKey);
    const seen = byKey.get(key);
    if (seen !== undefined) bad('period', `KPI "${id}", ${key} appears twice (first in row ${seen.row}); give one row per KPI and period`);
    byKey.set(key, { period: period!, start, end, actual, samples, row });
  }

  private range(): string {
    return `${Number.isFinite(this.lo) ? formatDay(this.lo) : 'open'} to ${Number.isFinite(this.hi) ? formatDay(this.hi) : 'open'}`;
  }

  /**
   * Every KPI in SLA order, its periods in calendar order. A KPI's periods between its first and
   * last row that the result leaves out count as empty (no data, or 0 for count), as check lists
   * them; a KPI with no row at all gets the periods of the whole result's span.
   */
  finish(): CheckResult {
    const consequences = new Map<string, Consequence[]>();
    for (const c of this.sla.consequences) for (const id of c.kpis) consequences.set(id, [...(consequences.get(id) ?? []), c]);
    // The first and last day with data: every period kind's listed span holds them, so the tightest
    // of the spans is exact whenever a daily or 'all' KPI is in the result (otherwise the span of
    // the shortest periods).
    const spans = new Map<PeriodKind, { first: number; last: number }>();
    for (const byKey of this.entries.values()) {
      for (const e of byKey.values()) {
        if (e.start === null || e.end === null) continue;
        const span = spans.get(e.period.kind) ?? { first: Infinity, last: -Infinity };
        spans.set(e.period.kind, { first: Math.min(span.first, e.start), last: Math.max(span.last, e.end) });
      }
    }
    let first = spans.size === 0 ? Infinity : -Infinity;
    let last = spans.size === 0 ? -Infinity : Infinity;
    for (const span of spans.values()) {
      if (span.first > first) first = span.first;
      if (span.last < last) last = span.last;
    }
    if (this.options.from !== undefined) first = this.lo;
    if (this.options.to !== undefined) last = this.hi;
    const results: KpiResult[] = [];
    for (const kpi of this.sla.metrics) {
      const kind = this.kindOf(kpi);
      const own = [...(this.entries.get(kpi.id)?.values() ?? [])].sort((a, b) => a.period.start - b.period.start);
      const list = (kpi: Kpi, p: Period, e: Entry | undefined, noData = false) => {
        const s = kind === 'all' ? e?.start ?? null : Math.max(p.start, this.lo);
        const en = kind === 'all' ? e?.end ?? null : Math.min(p.end, this.hi);
        const partial = kind !== 'all' && (s! > p.start || en! < p.end);
        const measured = e === undefined ? { value: kpi.measure.aggregate === 'count' ? 0 : null, n: 0, open: 0 } : { value: e.actual, n: e.samples, open: 0 };
        const period = { period: p.key, periodKind: kind, start: s === null ? null : formatDay(s), end: en === null ? null : formatDay(en), partial };
        results.push(evaluate(kpi, period, measured, consequences.get(kpi.id) ?? [], noData));
      };
      const noData = () => results.push(evaluate(kpi, { period: 'all', periodKind: 'all', start: null, end: null, partial: false }, undefined, consequences.get(kpi.id) ?? [], true));
      if (own.length === 1 && own[0]!.period.key === 'all' && own[0]!.start === null) {
        noData();
        continue;
      }
      if (kind === 'all') {
        const e = own[0];
        if (e !== undefined) list(kpi, e.period, e);
        else if (first <= last) list(kpi, { kind, key: 'all', start: first, end: last }, { period: { kind, key: 'all', start: first, end: last }, start: first, end: last, actual: kpi.measure.aggregate === 'count' ? 0 : null, samples: 0 });
        else noData();
        continue;
      }
      const real = own.filter((e) => e.start !== null);
      const a = real.length > 0 ? real[0]!.period.start : first;
      const b = real.length > 0 ? real[real.length - 1]!.period.end : last;
      if (!(a <= b)) {
        noData();
        continue;
      }
      const byKey = this.entries.get(kpi.id);
      for (const p of periodsBetween(kind, a, b)) list(kpi, p, byKey?.get(p.key));
    }
    const termEnd = measuredWindow(this.sla, {}).hi;
    return {
      sla: this.sla.id,
      status: overallStatus(results, { allowMissing: this.options.allowMissing === true }),
      draft: this.sla.status === 'draft',
      term: { start: this.sla.effective, end: termEnd === Infinity ? null : formatDay(termEnd) },
      from: first === Infinity ? null : formatDay(first),
      to: last === -Infinity ? null : formatDay(last),
      outside: { before: 0, after: 0 },
      results,
      skipped: [],
      ...creditsOf(this.sla, results),
    };
  }
}

const KEY_SHAPES: Record<Exclude<PeriodKind, 'all'>, string> = { day: 'YYYY-MM-DD', week: 'YYYY-Www (ISO week)', month: 'YYYY-MM', quarter: 'YYYY-Qn' };

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
