import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { AggregatesChecker, AGGREGATE_COLUMNS } from '../../src/core/check/aggregates.js';
import type { CheckResult, PeriodKind } from '../../src/core/check/index.js';
import type { Sla } from '../../src/core/model.js';
import { compileSql } from '../../src/core/sql/compile.js';
import { tempDir } from '../helpers.js';
import { check, makeSla } from '../check/fixtures.js';
import { BUSINESS_PRIORITIES, csvOf, durationKpis, expectSame, kpisFor, PRIORITIES, rowArb, ticketArb, ticketsCsv, ZONES } from './property-cases.js';
import { closeDuckdb, openDuckdb } from './duckdb.js';

// The query sla sql prints, executed by a real DuckDB over the CSV the streaming engine reads, gives
// the same periods, samples and values (to 1e-9 relative), and through --aggregates' evaluation the
// same verdicts, consequences and credits. Zones with daylight saving, timestamps with offsets and
// local ones, ties at percentile ranks, empty periods, the term and --from/--to cutting periods.

// Each case runs a real query (~0.4 s on a loaded machine): 40 by default, 20 in npm test and npm run
// test:duckdb (the duckdb project), SLA_SQL_RUNS=500 for more.
const runs = Number(process.env.SLA_SQL_RUNS ?? 40);

let instance: DuckDBInstance;
let db: DuckDBConnection;
const tmp = tempDir('sla-sql-');
beforeAll(async () => ({ instance, db } = await openDuckdb()));
afterAll(() => {
  closeDuckdb({ instance, db });
  tmp.cleanup();
});

async function viaDuckDb(sla: Sla, csvPath: string, options: { period?: PeriodKind; from?: string; to?: string }): Promise<CheckResult> {
  const query = compileSql(sla, { dialect: 'duckdb', source: { path: csvPath }, ...options });
  const rows = (await db.runAndReadAll(query)).getRowObjects() as Record<string, unknown>[];
  const checker = new AggregatesChecker(sla, options);
  checker.header([...AGGREGATE_COLUMNS]);
  rows.forEach((r, i) => checker.row(AGGREGATE_COLUMNS.map((c) => (r[c] === null ? '' : String(r[c]))), i + 2));
  return checker.finish();
}

/**
 * The tickets checked by sla check and by its DuckDB query: the same results, or both refuse the
 * data (paused longer than the ticket, a local end a DST fall-back reads before its start: the query
 * stops too, with its own message). True when results were compared.
 */
async function sameInDuckDb(sla: Sla, csv: string, file: string, range: { period?: PeriodKind; from?: string; to?: string }): Promise<boolean> {
  const path = join(tmp.dir, file);
  writeFileSync(path, csv);
  let engine: CheckResult;
  try {
    engine = await check(sla, csv, range, 64);
  } catch (err) {
    expect((err as Error).name).toBe('CheckInputError');
    await expect(viaDuckDb(sla, path, range)).rejects.toThrow(/KPI "|Conversion Error/);
    return false;
  }
  expectSame(engine, await viaDuckDb(sla, path, range));
  return true;
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
          if (await sameInDuckDb(sla, ticketsCsv(tickets, zone), `tickets-${n++}.csv`, range)) compared++;
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
          if (await sameInDuckDb(sla, ticketsCsv(tickets, zone), `business-${n++}.csv`, range)) compared++;
        },
      ),
      // Half the cases of the others (each writes a calendar table of about 650 days): 20 per unit run.
      { numRuns: Math.ceil(runs / 2) },
    );
    expect(compared).toBeGreaterThan(runs / 4);
  }, 300_000);
});
