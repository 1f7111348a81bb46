import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AggregatesChecker, AGGREGATE_COLUMNS } from '../../src/core/check/aggregates.js';
import type { CheckResult, PeriodKind } from '../../src/core/check/index.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { compileSql } from '../../src/core/sql/compile.js';
import { tempDir } from '../helpers.js';
import { check, kpi, makeSla } from '../check/fixtures.js';

// The query sla sql prints, executed by a real DuckDB over the CSV the streaming engine reads, gives
// the same periods, samples and values (to 1e-9 relative), and through --aggregates' evaluation the
// same verdicts, consequences and credits. Zones with daylight saving, timestamps with offsets and
// local ones, ties at percentile ranks, empty periods, the term and --from/--to cutting periods.

// Each case runs a real query (~0.4 s on a loaded machine): 40 in the unit run, SLA_SQL_RUNS=500 for more.
const runs = Number(process.env.SLA_SQL_RUNS ?? 40);
const ZONES = ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
const START = Date.UTC(2025, 10, 25);
const END = Date.UTC(2026, 7, 10);

let instance: DuckDBInstance;
let db: DuckDBConnection;
const tmp = tempDir('sla-sql-');
beforeAll(async () => {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  instance = await DuckDBInstance.create(':memory:', { threads: '1' });
  db = await instance.connect();
});
afterAll(() => {
  db?.closeSync();
  instance?.closeSync();
  tmp.cleanup();
});

interface Row { ms: number; offset: number | null | 'local'; metric: 'a' | 'b'; value: number | null; den: number; service: string }

// Values from a small set half of the time, so percentile ranks fall on ties.
const valueArb = fc.oneof(fc.constantFrom(0, 1, 1, 2, 5, 5, 5, -3), fc.integer({ min: -1000, max: 1000 }), fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }));
const rowArb: fc.Arbitrary<Row> = fc.record({
  // Around the DST changes of both hemispheres too: whole minutes anywhere in the range.
  ms: fc.integer({ min: START, max: END }).map((ms) => ms - (ms % 60_000)),
  offset: fc.constantFrom(null, 'local' as const, -300, -240, 0, 60, 120, 330, 600),
  metric: fc.constantFrom('a' as const, 'b' as const),
  value: fc.option(valueArb, { freq: 12 }),
  den: fc.integer({ min: 0, max: 10_000 }),
  service: fc.constantFrom("o'brien", 'x', '1', '1.0'),
}).map((r) => (r.metric === 'b' && r.value !== null ? { ...r, value: Math.abs(r.value) } : r));

function timestamp(ms: number, offset: Row['offset'], zone: string): string {
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

async function viaDuckDb(sla: Sla, csvPath: string, options: { period?: PeriodKind; from?: string; to?: string }): Promise<CheckResult> {
  const query = compileSql(sla, { dialect: 'duckdb', source: { path: csvPath }, ...options });
  const rows = (await db.runAndReadAll(query)).getRowObjects() as Record<string, unknown>[];
  const checker = new AggregatesChecker(sla, options);
  checker.header([...AGGREGATE_COLUMNS]);
  rows.forEach((r, i) => checker.row(AGGREGATE_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))), i + 2));
  return checker.finish();
}

const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)));

function expectSame(engine: CheckResult, mine: CheckResult): void {
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

const aggregates = ['mean', 'median', 'min', 'max', 'sum', 'count', 'p90', 'p95', 'p99', 'attainment'] as const;

function kpisFor(period: PeriodKind, long: boolean): Kpi[] {
  const metric = (m: string) => ({ metric: long ? m : undefined });
  const column = (c: string) => (long ? { column: 'value' } : { column: c });
  return [
    ...aggregates.map((a) => kpi(a, { aggregate: a, ...metric('a'), ...column('a_value'), ...(a === 'attainment' ? { threshold: { op: '<=' as const, value: 2 } } : {}) }, { op: a === 'count' ? '<=' : '>=', target: 1 }, { period })),
    kpi('filtered', { aggregate: 'sum', ...metric('a'), ...column('a_value'), where: { service: "o'brien" } }, { op: '<=', target: 100 }, { period: 'month' }),
    kpi('numeric-where', { aggregate: 'count', ...metric('a'), where: { service: 1 } }, { op: '<=', target: 3 }, { period }),
    kpi('ratio', { aggregate: 'ratio', ...metric('b'), column: long ? 'value' : 'b_value', denominator: 'den' }, { op: '>=', target: 50 }, { period }),
  ];
}

function csvOf(rows: Row[], zone: string, long: boolean): string {
  const cell = (v: number | null) => (v === null ? '' : String(v));
  if (long) return 'timestamp,metric,value,den,service\n' + rows.map((r) => `${timestamp(r.ms, r.offset, zone)},${r.metric},${cell(r.value)},${r.den},${r.service}`).join('\n') + '\n';
  // Wide: one column per quantity; a row of metric a leaves b's cells empty and the other way round.
  return 'timestamp,a_value,b_value,den,service\n' + rows.map((r) => `${timestamp(r.ms, r.offset, zone)},${r.metric === 'a' ? cell(r.value) : ''},${r.metric === 'b' ? cell(r.value) : ''},${r.metric === 'b' ? r.den : ''},${r.service}`).join('\n') + '\n';
}

describe('sla sql on DuckDB equals sla check', () => {
  it('for every aggregation, zone, period, format, term and --from/--to', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(rowArb, { minLength: 0, maxLength: 80 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<PeriodKind>('day', 'week', 'month', 'quarter', 'all'),
        fc.boolean(),
        fc.constantFrom<{ from?: string; to?: string }>({}, { from: '2026-03-15' }, { to: '2026-04-10' }, { from: '2026-01-03', to: '2026-03-29' }, { from: '2026-10-01', to: '2026-10-31' }),
        async (rows, zone, period, long, range) => {
          const consequences = [{ kpis: ['median', 'ratio'], remedy: 'Credit', escalation: ['ops'], credits: [{ below: 50, credit: 5 }, { below: 10, credit: 10 }], recipients: ['team'] }];
          const sla = { ...makeSla(kpisFor(period, long), consequences as never, zone), effective: '2025-12-01', term: '8 months' } as Sla;
          // Wide rows with no value for the ratio have no denominator either: the ratio skips them.
          const csv = csvOf(rows, zone, long);
          const path = join(tmp.dir, `data-${n++}.csv`);
          writeFileSync(path, csv);
          const engine = await check(sla, csv, range, 64);
          const mine = await viaDuckDb(sla, path, range);
          expectSame(engine, mine);
        },
      ),
      { numRuns: runs },
    );
  }, 300_000);
});

// Durations on the calendar clock (issue 21, step 1): tickets with a start, a response and a
// resolution in the three timestamp forms (offset, UTC, local time around DST changes), open rows (no
// end yet, settled against the end of the data), paused minutes, priorities with their own targets,
// attainment with fixed thresholds and every op that settles open rows differently, units other than
// minutes, a where filter (so the end of the data is taken over the measured rows of every KPI).
interface Ticket {
  ms: number;
  offset: Row['offset'];
  endOffset: Row['offset'];
  respond: number | null;
  resolve: number | null;
  paused: number | null;
  priority: string;
  service: string;
}

const minutes = fc.oneof(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 600 }), fc.integer({ min: 0, max: 20_000 }));
const ticketArb: fc.Arbitrary<Ticket> = fc.record({
  ms: fc.integer({ min: START, max: END }).map((ms) => ms - (ms % 60_000)),
  offset: fc.constantFrom(null, 'local' as const, -300, 0, 60, 600),
  endOffset: fc.constantFrom(null, 'local' as const, -240, 120, 330),
  respond: fc.option(minutes, { freq: 4 }),
  resolve: fc.option(minutes, { freq: 3 }),
  paused: fc.option(fc.constantFrom(0, 0.5, 1, 10, 90), { freq: 2 }),
  priority: fc.constantFrom('P1', 'P2', 'P3', ' P2'),
  service: fc.constantFrom('x', 'y'),
}).map((t) => (t.respond !== null && t.resolve !== null && t.resolve < t.respond ? { ...t, resolve: t.respond + t.resolve } : t));

const PRIORITIES = [
  { id: 'P1', name: 'Critical', response: '15m', resolution: '4h' },
  { id: 'P2', name: 'High', response: '1h', resolution: '1d' },
  { id: 'P3', name: 'Low', response: '4h', resolution: '3 days' },
];

function durationKpis(period: PeriodKind, clock: 'calendar' | 'business' = 'calendar'): Kpi[] {
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

function ticketsCsv(tickets: Ticket[], zone: string): string {
  const at = (t: Ticket, m: number | null) => (m === null ? '' : timestamp(t.ms + m * 60_000, t.endOffset, zone));
  return 'opened,responded,resolved,paused,priority,service\n' + tickets.map((t) => `${timestamp(t.ms, t.offset, zone)},${at(t, t.respond)},${at(t, t.resolve)},${t.paused ?? ''},${t.priority},${t.service}`).join('\n') + '\n';
}

describe('sla sql on DuckDB equals sla check for calendar-clock durations', () => {
  it('open rows, paused minutes, priorities\' own targets, units, zones with DST, --from/--to', async () => {
    let n = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketArb, { minLength: 0, maxLength: 60 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom<PeriodKind>('day', 'week', 'month', 'all'),
        fc.constantFrom<{ from?: string; to?: string }>({}, { from: '2026-03-15' }, { from: '2026-01-03', to: '2026-03-29' }, { from: '2026-10-01', to: '2026-10-31' }),
        async (tickets, zone, period, range) => {
          const consequences = [{ kpis: ['resp-priority', 'resol-p95-hours'], remedy: 'Credit', escalation: ['ops'], credits: [{ below: 50, credit: 5 }], recipients: ['team'] }];
          const sla = { ...makeSla(durationKpis(period), consequences as never, zone), effective: '2025-12-01', term: '8 months', expectations: { priorities: PRIORITIES } } as unknown as Sla;
          const csv = ticketsCsv(tickets, zone);
          const path = join(tmp.dir, `tickets-${n++}.csv`);
          writeFileSync(path, csv);
          let engine: CheckResult;
          try {
            engine = await check(sla, csv, range, 64);
          } catch (err) {
            // Bad data (paused longer than the ticket, a local end a DST fall-back reads before its
            // start): the query stops too, with its own message.
            expect((err as Error).name).toBe('CheckInputError');
            await expect(viaDuckDb(sla, path, range)).rejects.toThrow(/KPI "|Conversion Error/);
            return;
          }
          expectSame(engine, await viaDuckDb(sla, path, range));
          compared++;
        },
      ),
      { numRuns: runs },
    );
    // Most cases are compared, not refused by both.
    expect(compared).toBeGreaterThan(runs / 2);
  }, 300_000);
});

// Business-hours clocks (issue 21, step 3): the coverage's windows and holidays as a table in the
// query, in a zone with daylight saving (the coverage's own zone or the agreement's), holidays on both
// sides of the DST changes, tickets spanning nights, weekends and holidays, open ones included.
const BUSINESS_PRIORITIES = [
  { id: 'P1', name: 'Critical', response: '15m', resolution: '4 business hours' },
  { id: 'P2', name: 'High', response: '1 business hour', resolution: '1 business day' },
  { id: 'P3', name: 'Low', response: '4h', resolution: '3 business days' },
];

describe('sla sql on DuckDB equals sla check for business-hours clocks', () => {
  it('coverage windows across DST changes, holidays, open rows, priorities\' business targets', async () => {
    let n = 0;
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(ticketArb, { minLength: 0, maxLength: 60 }),
        fc.constantFrom('Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'UTC'),
        fc.constantFrom<string | undefined>(undefined, 'Europe/London', 'America/New_York'),
        fc.constantFrom<PeriodKind>('week', 'month', 'all'),
        fc.constantFrom<{ from?: string; to?: string }>({}, { from: '2026-03-15' }, { from: '2026-01-03', to: '2026-03-29' }),
        async (tickets, zone, coverageZone, period, range) => {
          const coverage = {
            days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '08:30', to: '17:00', timezone: coverageZone,
            holidays: [{ date: '2025-12-25' }, { date: '2026-01-01' }, { date: '2026-03-30' }, { date: '2026-04-03' }, { date: '2026-11-02' }],
          };
          const sla = { ...makeSla(durationKpis(period, 'business'), [], zone), effective: '2025-12-01', term: '8 months', scope: { coverage }, expectations: { priorities: BUSINESS_PRIORITIES } } as unknown as Sla;
          const csv = ticketsCsv(tickets, zone);
          const path = join(tmp.dir, `business-${n++}.csv`);
          writeFileSync(path, csv);
          let engine: CheckResult;
          try {
            engine = await check(sla, csv, range, 64);
          } catch (err) {
            expect((err as Error).name).toBe('CheckInputError');
            await expect(viaDuckDb(sla, path, range)).rejects.toThrow(/KPI "|Conversion Error/);
            return;
          }
          expectSame(engine, await viaDuckDb(sla, path, range));
          compared++;
        },
      ),
      // Half the cases of the others (each writes a calendar table of about 650 days): 20 per unit run.
      { numRuns: Math.ceil(runs / 2) },
    );
    expect(compared).toBeGreaterThan(runs / 4);
  }, 300_000);
});
