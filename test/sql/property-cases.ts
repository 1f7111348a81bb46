// The random agreements and data of the sql property tests, shared by every engine's test (DuckDB
// in-process, PostgreSQL and the sqlglot syntax check through child processes): metrics in long and
// wide form, tickets on the calendar and on the business clock, and the comparison with sla check.
import fc from 'fast-check';
import { expect } from 'vitest';
import type { CheckResult, PeriodKind } from '../../src/core/check/index.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { kpi, makeSla } from '../check/fixtures.js';

export const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
export const START = Date.UTC(2025, 10, 25);
export const END = Date.UTC(2026, 7, 10);

export interface Row { ms: number; offset: number | null | 'local'; metric: 'a' | 'b'; value: number | null; den: number; service: string }

// Values from a small set half of the time, so percentile ranks fall on ties.
export const valueArb = fc.oneof(fc.constantFrom(0, 1, 1, 2, 5, 5, 5, -3), fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
export const rowArb: fc.Arbitrary<Row> = fc.record({
  // Around the DST changes of both hemispheres too: whole minutes anywhere in the range.
  ms: fc.integer({ min: START, max: END }).map((ms) => ms - (ms % 60_000)),
  offset: fc.constantFrom(null, 'local' as const, -300, -240, 0, 60, 120, 330, 600),
  metric: fc.constantFrom('a' as const, 'b' as const),
  value: fc.option(valueArb, { freq: 12 }),
  den: fc.integer({ min: 0, max: 10_000 }),
  service: fc.constantFrom("o'brien", 'x', '1', '1.0'),
}).map((r) => (r.metric === 'b' && r.value !== null ? { ...r, value: Math.abs(r.value) } : r));

export function timestamp(ms: number, offset: Row['offset'], zone: string): string {
  if (offset === null) return new Date(ms).toISOString().replace('.000Z', 'Z');
  if (offset === 'local') {
    // The wall time in the SLA's zone, written without an offset: check reads it as local time.
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(ms));
    const p = (t: string) => parts.find((x) => x.type === t)!.value;
    return `${p('year')}-${p('month')}-${p('day')}T${p('hour')}:${p('minute')}`;
  }
  const local = new Date(ms + offset * 60_000).toISOString().slice(0, 19);
  const a = Math.abs(offset);
  return `${local}${offset < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

export const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

export function expectSame(engine: CheckResult, mine: CheckResult): void {
  expect(mine.results.map((r) => `${r.kpi} ${r.period} ${r.start} ${r.end} ${r.partial} ${r.samples}`)).toEqual(engine.results.map((r) => `${r.kpi} ${r.period} ${r.start} ${r.end} ${r.partial} ${r.samples}`));
  engine.results.forEach((r, i) => {
    const m = mine.results[i]!;
    expect(close(m.actual, r.actual), `${r.kpi} ${r.period}: ${m.actual} vs ${r.actual}`).toBe(true);
    // Verdicts follow from the values; a value a hair from its target could flip, which the bound above excludes.
    expect(m.status, `${r.kpi} ${r.period}`).toBe(r.status);
    expect(m.consequences).toEqual(r.consequences);
  });
  expect(mine.credits).toEqual(engine.credits);
  expect(mine.status).toBe(engine.status);
}

export const aggregates = ['mean', 'median', 'min', 'max', 'sum', 'count', 'p90', 'p95', 'p99', 'attainment'] as const;

export function kpisFor(period: PeriodKind, long: boolean): Kpi[] {
  const metric = (m: string) => ({ metric: long ? m : undefined });
  const column = (c: string) => (long ? { column: 'value' } : { column: c });
  return [
    ...aggregates.map((a) => kpi(a, { aggregate: a, ...metric('a'), ...column('a_value'), ...(a === 'attainment' ? { threshold: { op: '<=' as const, value: 2 } } : {}) }, { op: a === 'count' ? '<=' : '>=', target: 1 }, { period })),
    kpi('filtered', { aggregate: 'sum', ...metric('a'), ...column('a_value'), where: { service: "o'brien" } }, { op: '<=', target: 100 }, { period: 'month' }),
    kpi('numeric-where', { aggregate: 'count', ...metric('a'), where: { service: 1 } }, { op: '<=', target: 3 }, { period }),
    kpi('ratio', { aggregate: 'ratio', ...metric('b'), column: long ? 'value' : 'b_value', denominator: 'den' }, { op: '>=', target: 50 }, { period }),
  ];
}

export function csvOf(rows: Row[], zone: string, long: boolean): string {
  const cell = (v: number | null) => (v === null ? '' : String(v));
  if (long) return 'timestamp,metric,value,den,service\n' + rows.map((r) => `${timestamp(r.ms, r.offset, zone)},${r.metric},${cell(r.value)},${r.den},${r.service}`).join('\n') + '\n';
  // Wide: one column per quantity; a row of metric a leaves b's cells empty and the other way round.
  return 'timestamp,a_value,b_value,den,service\n' + rows.map((r) => `${timestamp(r.ms, r.offset, zone)},${r.metric === 'a' ? cell(r.value) : ''},${r.metric === 'b' ? cell(r.value) : ''},${r.metric === 'b' ? r.den : ''},${r.service}`).join('\n') + '\n';
}

// Durations on the calendar clock (issue 21, step 1): tickets with a start, a response and a
// resolution in the three timestamp forms (offset, UTC, local time around DST changes), open rows (no
// end yet, settled against the end of the data), paused minutes, priorities with their own targets,
// attainment with fixed thresholds and every op that settles open rows differently, units other than
// minutes, a where filter (so the end of the data is taken over the measured rows of every KPI).
export interface Ticket {
  ms: number;
  offset: Row['offset'];
  endOffset: Row['offset'];
  respond: number | null;
  resolve: number | null;
  paused: number | null;
  priority: string;
  service: string;
}

export const minutes = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 20_000 }));
export const ticketArb: fc.Arbitrary<Ticket> = fc.record({
  ms: fc.integer({ min: START, max: END }).map((ms) => ms - (ms % 60_000)),
  offset: fc.constantFrom(null, 'local' as const, -300, 0, 60, 600),
  endOffset: fc.constantFrom(null, 'local' as const, -240, 120, 330),
  respond: fc.option(minutes, { freq: 4 }),
  resolve: fc.option(minutes, { freq: 3 }),
  paused: fc.option(fc.constantFrom(0, 0.5, 1, 10, 90), { freq: 2 }),
  priority: fc.constantFrom('P1', 'P2', 'P3', ' P2'),
  service: fc.constantFrom('x', 'y'),
}).map((t) => (t.respond !== null && t.resolve !== null && t.resolve < t.respond ? { ...t, resolve: t.respond + t.resolve } : t));

export const PRIORITIES = [
  { id: 'P1', name: 'Critical', response: '15m', resolution: '4h' },
  { id: 'P2', name: 'High', response: '1h', resolution: '1d' },
  { id: 'P3', name: 'Low', response: '4h', resolution: '3 days' },
];

export function durationKpis(period: PeriodKind, clock: 'calendar' | 'business' = 'calendar'): Kpi[] {
  const resp = { from: 'opened', to: 'responded', clock };
  const resol = { from: 'opened', to: 'resolved', clock, paused: 'paused' };
  const k = (id: string, measure: Partial<Kpi['measure']>, unit = 'minutes', objective: Kpi['objective'] = { op: '>=', target: 50 }) => kpi(id, { metric: undefined, ...measure }, objective, { period, unit } as Partial<Kpi>);
  return [
    k('resp-mean', { aggregate: 'mean', duration: resp }, 'minutes', { op: '<=', target: 60 }),
    k('resol-p95-hours', { aggregate: 'p95', duration: resol }, 'hours', { op: '<=', target: 8 }),
    k('resol-max-seconds', { aggregate: 'max', duration: resol, where: { service: 'x' } }, 'seconds', { op: '<=', target: 36_000 }),
    k('resp-sum-days', { aggregate: 'sum', duration: resp }, 'days', { op: '<=', target: 5 }),
    k('resp-4h', { aggregate: 'attainment', duration: resp, threshold: { op: '<=', value: '4h' } }, 'percent'),
    k('resol-240', { aggregate: 'attainment', duration: resol, threshold: { op: '<', value: 240 } }, 'percent'),
    k('resol-over-30', { aggregate: 'attainment', duration: resol, threshold: { op: '>=', value: 30 } }, 'percent'),
    k('resp-priority', { aggregate: 'attainment', duration: resp, threshold: { op: '<=', target: 'response' } }, 'percent'),
    k('resol-priority', { aggregate: 'attainment', duration: resol, threshold: { op: '<', target: 'resolution' }, where: { service: 'y' } }, 'percent'),
    k('opened', { aggregate: 'count', duration: resp }, 'count', { op: '<=', target: 30 }),
  ];
}

export function ticketsCsv(tickets: Ticket[], zone: string): string {
  const at = (t: Ticket, m: number | null) => (m === null ? '' : timestamp(t.ms + m * 60_000, t.endOffset, zone));
  return 'opened,responded,resolved,paused,priority,service\n' + tickets.map((t) => `${timestamp(t.ms, t.offset, zone)},${at(t, t.respond)},${at(t, t.resolve)},${t.paused ?? ''},${t.priority},${t.service}`).join('\n') + '\n';
}

export const BUSINESS_PRIORITIES = [
  { id: 'P1', name: 'Critical', response: '15m', resolution: '4 business hours' },
  { id: 'P2', name: 'High', response: '1 business hour', resolution: '1 business day' },
  { id: 'P3', name: 'Low', response: '4h', resolution: '3 business days' },
];


export type Range = { from?: string; to?: string };
export const RANGES: Range[] = [{}, { from: '2026-03-15' }, { to: '2026-04-10' }, { from: '2026-01-03', to: '2026-03-29' }, { from: '2026-10-01', to: '2026-10-31' }];

/** One random case: an agreement, its data as CSV, the --from/--to it is checked over. */
export interface Scenario { sla: Sla; csv: string; range: Range; family: 'metrics' | 'tickets' | 'business' }

/** Metrics in long or wide form, every aggregation, a where filter, a ratio; credits on two KPIs. */
export const metricsScenario: fc.Arbitrary<Scenario> = fc.record({
  rows: fc.array(rowArb, { minLength: 0, maxLength: 80 }),
  zone: fc.constantFrom(...ZONES),
  period: fc.constantFrom<PeriodKind>('day', 'week', 'month', 'quarter', 'all'),
  long: fc.boolean(),
  range: fc.constantFrom(...RANGES),
}).map(({ rows, zone, period, long, range }) => {
  const consequences = [{ kpis: ['median', 'ratio'], remedy: 'Credit', escalation: ['ops'], credits: [{ below: 50, credit: 5 }, { below: 10, credit: 10 }], recipients: ['team'] }];
  const sla = { ...makeSla(kpisFor(period, long), consequences as never, zone), effective: '2025-12-01', term: '8 months' } as Sla;
  return { sla, csv: csvOf(rows, zone, long), range, family: 'metrics' as const };
});

/** Tickets on the calendar clock or the business clock (coverage with holidays, in a zone with DST). */
export const ticketScenario = (clock: 'calendar' | 'business'): fc.Arbitrary<Scenario> => fc.record({
  tickets: fc.array(ticketArb, { minLength: 0, maxLength: 60 }),
  zone: fc.constantFrom(...(clock === 'business' ? ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC'] : ZONES)),
  coverageZone: fc.constantFrom<string | undefined>(undefined, 'Europe/London', 'America/New_York'),
  period: fc.constantFrom<PeriodKind>('day', 'week', 'month', 'all'),
  range: fc.constantFrom(...RANGES.filter((r) => r.to !== '2026-04-10')),
}).map(({ tickets, zone, coverageZone, period, range }) => {
  let sla: Sla;
  if (clock === 'business') {
    const coverage = {
      days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '17:00', timezone: coverageZone,
      holidays: [{ date: '2025-12-25' }, { date: '2026-01-01' }, { date: '2026-03-30' }, { date: '2026-04-03' }, { date: '2026-11-02' }],
    };
    sla = { ...makeSla(durationKpis(period, 'business'), [], zone), effective: '2025-12-01', term: '8 months', scope: { coverage }, expectations: { priorities: BUSINESS_PRIORITIES } } as unknown as Sla;
  } else {
    const consequences = [{ kpis: ['resp-priority', 'resol-p95-hours'], remedy: 'Credit', escalation: ['ops'], credits: [{ below: 50, credit: 5 }], recipients: ['team'] }];
    sla = { ...makeSla(durationKpis(period), consequences as never, zone), effective: '2025-12-01', term: '8 months', expectations: { priorities: PRIORITIES } } as unknown as Sla;
  }
  return { sla, csv: ticketsCsv(tickets, zone), range, family: clock === 'business' ? 'business' as const : 'tickets' as const };
});

