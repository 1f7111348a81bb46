// Business-hours clocks in `sla check`, on hand-worked tickets. The calendar is Mon–Fri 09:00–17:00
// Europe/London; January is GMT (UTC+0), so the UTC times below are also the wall-clock times.
import { describe, expect, it } from 'vitest';
import { CheckInputError } from '../../src/core/check/index.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { check, result } from './fixtures.js';

const PRIORITIES = [
  { id: 'P1', name: 'Critical', response: '15m', resolution: '4 business hours' },
  { id: 'P2', name: 'High', response: '1 business hour', resolution: '8 business hours' },
];

function desk(metrics: Kpi[], holidays: { date: string }[] = []): Sla {
  return {
    id: 'desk', title: 'Desk', timezone: 'Europe/London', consequences: [], metrics,
    scope: { coverage: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00', holidays } },
    expectations: { priorities: PRIORITIES },
  } as unknown as Sla;
}

type Measure = Kpi['measure'];
const kpi = (id: string, measure: Partial<Measure>, extra: Partial<Kpi> = {}): Kpi => ({
  id, name: id, unit: 'percent', objective: { op: '>=', target: 90 }, period: 'all',
  measure: { aggregate: 'attainment', duration: { from: 'opened_at', to: 'resolved_at', clock: 'business' }, threshold: { op: '<=', value: '8 business hours' }, ...measure },
  ...extra,
} as Kpi);
const minutes = (measure: Partial<Measure> = {}) => kpi('t', { aggregate: 'max', threshold: undefined, ...measure }, { unit: 'minutes', objective: { op: '<=', target: 100_000 } });
const one = async (sla: Sla, csv: string, options = {}) => result(await check(sla, csv, options), sla.metrics[0]!.id, 'all');

describe('business-hours clock, Mon–Fri 09:00–17:00 Europe/London', () => {
  it('Friday 16:00 + 8 business hours is due Monday 16:00 (1 h Friday, 7 h Monday; not 15:00)', async () => {
    // 2026-01-09 is a Friday.
    const csv = 'opened_at,resolved_at\n2026-01-09T16:00:00Z,2026-01-12T16:00:00Z\n2026-01-09T16:00:00Z,2026-01-12T16:01:00Z\n2026-01-09T16:00:00Z,2026-01-12T15:00:00Z\n';
    expect((await one(desk([minutes()]), csv.split('\n').slice(0, 2).join('\n'))).actual).toBe(480);
    // 480 min meets "within 8 business hours", 481 does not, 420 (Monday 15:00) meets it with an hour to spare.
    expect(await one(desk([kpi('k', {})]), csv)).toMatchObject({ samples: 3, actual: 66.6666666667, open: 0 });
  });

  it('a ticket opened at night starts its clock at 09:00', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-13T02:30:00Z,2026-01-13T10:00:00Z\n';
    expect((await one(desk([minutes()]), csv)).actual).toBe(60);
    // Local times without an offset are read in the SLA's zone: the same ticket.
    expect((await one(desk([minutes()]), 'opened_at,resolved_at\n2026-01-13 02:30,2026-01-13 10:00\n')).actual).toBe(60);
  });

  it('a weekend and the evenings count nothing', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-09T17:30:00Z,2026-01-12T08:59:00Z\n';
    expect((await one(desk([minutes()]), csv)).actual).toBe(0);
  });

  it('a holiday in between pushes the due time a day (from the SLA or from the calendar file)', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-09T16:00:00Z,2026-01-13T16:00:00Z\n';
    // Monday 12 January is a holiday: Friday 1 h + Tuesday 7 h = 8 h, due Tuesday 16:00.
    expect((await one(desk([minutes()], [{ date: '2026-01-12' }]), csv)).actual).toBe(480);
    expect((await one(desk([minutes()]), csv, { holidays: ['2026-01-12'] })).actual).toBe(480);
    expect((await one(desk([minutes()]), csv)).actual).toBe(960);
  });

  it('a daylight-saving change neither adds nor loses business time', async () => {
    // Friday 27 March 16:00 GMT to Monday 30 March 16:00 BST (15:00 UTC), over the change to BST.
    expect((await one(desk([minutes()]), 'opened_at,resolved_at\n2026-03-27T16:00:00Z,2026-03-30T15:00:00Z\n')).actual).toBe(480);
    // And back: Friday 23 October 16:00 BST to Monday 26 October 16:00 GMT.
    expect((await one(desk([minutes()]), 'opened_at,resolved_at\n2026-10-23T15:00:00Z,2026-10-26T16:00:00Z\n')).actual).toBe(480);
  });

  it('the calendar clock counts every minute', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-09T16:00:00Z,2026-01-12T16:00:00Z\n';
    expect((await one(desk([minutes({ duration: { from: 'opened_at', to: 'resolved_at', clock: 'calendar' } })]), csv)).actual).toBe(3 * 1440);
  });

  it('the value is in the KPI\'s unit: hours, or business days of the coverage length', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-09T16:00:00Z,2026-01-12T16:00:00Z\n';
    expect((await one(desk([kpi('h', { aggregate: 'mean', threshold: undefined }, { unit: 'hours' })]), csv)).actual).toBe(8);
    expect((await one(desk([kpi('d', { aggregate: 'mean', threshold: undefined }, { unit: 'days' })]), csv)).actual).toBe(1);
  });
});

describe('pauses', () => {
  const base = { from: 'opened_at', to: 'resolved_at', clock: 'business' as const };
  it('a paused-minutes column is subtracted; empty means no pause', async () => {
    const csv = 'opened_at,resolved_at,paused\n2026-01-13T09:00:00Z,2026-01-13T12:00:00Z,45\n2026-01-14T09:00:00Z,2026-01-14T10:00:00Z,\n';
    const r = await one(desk([kpi('k', { aggregate: 'sum', threshold: undefined, duration: { ...base, paused: 'paused' } }, { unit: 'minutes' })]), csv);
    expect(r).toMatchObject({ actual: 180 - 45 + 60, samples: 2 });
  });

  it('pause pairs are subtracted on the same clock, clipped to the ticket, overlaps counted once', async () => {
    // Open Tue 09:00 – Wed 12:00 = 8 h + 3 h = 660 business min. Paused Tue 16:00 – Wed 10:00 (1 h + 1 h
    // of business time) and Wed 09:30 – 10:30 (overlaps the first by 30 min): 150 min paused in all.
    const csv = 'opened_at,resolved_at,hold1,unhold1,hold2,unhold2\n2026-01-13T09:00:00Z,2026-01-14T12:00:00Z,2026-01-13T16:00:00Z,2026-01-14T10:00:00Z,2026-01-14T09:30:00Z,2026-01-14T10:30:00Z\n';
    const pauses: [{ from: string; to: string }, { from: string; to: string }] = [{ from: 'hold1', to: 'unhold1' }, { from: 'hold2', to: 'unhold2' }];
    expect((await one(desk([minutes({ duration: { ...base, pauses } })]), csv)).actual).toBe(660 - 150);
  });

  it('pauses longer than the ticket, negative pauses and a pause that ends before it starts are bad rows', async () => {
    const sla = desk([minutes({ duration: { ...base, paused: 'paused', pauses: [{ from: 'hold', to: 'unhold' }] } })]);
    const head = 'opened_at,resolved_at,paused,hold,unhold\n';
    await expect(check(sla, head + '2026-01-13T09:00:00Z,2026-01-13T10:00:00Z,61,,\n')).rejects.toMatchObject({ row: 2, column: 'paused', message: expect.stringContaining('longer than the time from start to end') });
    await expect(check(sla, head + '2026-01-13T09:00:00Z,2026-01-13T10:00:00Z,-5,,\n')).rejects.toMatchObject({ row: 2, column: 'paused' });
    await expect(check(sla, head + '2026-01-13T09:00:00Z,2026-01-13T12:00:00Z,,2026-01-13T11:00:00Z,2026-01-13T10:00:00Z\n')).rejects.toMatchObject({ row: 2, column: 'unhold', message: expect.stringContaining('before it starts') });
    await expect(check(sla, head + '2026-01-13T09:00:00Z,2026-01-13T12:00:00Z,,,2026-01-13T10:00:00Z\n')).rejects.toMatchObject({ row: 2, column: 'hold' });
  });
});

describe('open tickets (no end timestamp)', () => {
  it('count as missed once over target by the end of the data, otherwise are left out and reported as open', async () => {
    // The data ends Wednesday 14 January 12:00 (the latest timestamp in it).
    const csv = [
      'opened_at,resolved_at',
      '2026-01-13T09:00:00Z,2026-01-13T11:00:00Z', // closed: 120 min, met
      '2026-01-13T10:00:00Z,', // open: Tue 10–17 (7 h) + Wed 09–12 (3 h) = 10 h > 8 h: missed already
      '2026-01-14T10:00:00Z,', // open: 2 h so far, within target: unknown, not counted
      '2026-01-14T11:00:00Z,2026-01-14T12:00:00Z', // closed: 60 min, met
    ].join('\n') + '\n';
    expect(await one(desk([kpi('k', {})]), csv)).toMatchObject({ samples: 3, actual: 66.6666666667, open: 1 });
    // Other aggregations leave every open ticket out: its duration is not known yet.
    expect(await one(desk([minutes()]), csv)).toMatchObject({ samples: 2, actual: 120, open: 2 });
  });

  it('a pause still running at the end of the data stops the clock of an open ticket', async () => {
    const sla = desk([kpi('k', { duration: { from: 'opened_at', to: 'resolved_at', clock: 'business', pauses: [{ from: 'hold', to: 'unhold' }] } })]);
    // Opened Tue 09:00, on hold since Tue 10:00, data ends Thu 16:00: 1 h on the clock, not over 8 h.
    const csv = 'opened_at,resolved_at,hold,unhold\n2026-01-13T09:00:00Z,,2026-01-13T10:00:00Z,\n2026-01-15T15:00:00Z,2026-01-15T16:00:00Z,,\n';
    expect(await one(sla, csv)).toMatchObject({ samples: 1, open: 1, actual: 100 });
  });
});

describe('thresholds from the priorities', () => {
  const response = kpi('response', { duration: { from: 'opened_at', to: 'responded_at', clock: 'business' }, threshold: { op: '<=', target: 'response' } });
  it('each row is compared with its own priority\'s target', async () => {
    const csv = [
      'priority,opened_at,responded_at',
      'P1,2026-01-13T09:00:00Z,2026-01-13T09:15:00Z', // 15 min ≤ 15m: met
      'P1,2026-01-13T16:55:00Z,2026-01-14T09:11:00Z', // 5 + 11 = 16 business min > 15m: missed
      'P2,2026-01-13T16:30:00Z,2026-01-14T09:30:00Z', // 30 + 30 = 60 ≤ 1 business hour: met
      'P2,2026-01-13T10:00:00Z,2026-01-13T11:01:00Z', // 61 > 60: missed
    ].join('\n') + '\n';
    expect(await one(desk([response]), csv)).toMatchObject({ samples: 4, actual: 50 });
    // Filtered to one priority, the KPI reads that priority's target only.
    const p2 = { ...response, id: 'p2', measure: { ...response.measure, where: { priority: 'P2' } } } as Kpi;
    expect(await one(desk([p2]), csv)).toMatchObject({ samples: 2, actual: 50 });
  });

  it('the priority column can be named, and a priority the agreement does not define is a bad row', async () => {
    const named = { ...response, measure: { ...response.measure, priorityColumn: 'prio' } } as Kpi;
    expect(await one(desk([named]), 'prio,opened_at,responded_at\nP1,2026-01-13T09:00:00Z,2026-01-13T09:10:00Z\n')).toMatchObject({ samples: 1, actual: 100 });
    await expect(check(desk([named]), 'prio,opened_at,responded_at\nP1,2026-01-13T09:00:00Z,2026-01-13T09:10:00Z\nP7,2026-01-13T09:00:00Z,2026-01-13T09:10:00Z\n'))
      .rejects.toMatchObject({ row: 3, column: 'prio', message: '"P7" is not a priority of the agreement (P1, P2)' });
  });
});

describe('bad rows', () => {
  const sla = desk([kpi('k', {})]);
  it('an end before its start names the row and the end column', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-13T09:00:00Z,2026-01-13T10:00:00Z\n2026-01-13T12:00:00Z,2026-01-13T11:00:00Z\n';
    const err = await check(sla, csv).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckInputError);
    expect(err).toMatchObject({ row: 3, column: 'resolved_at', message: 'the end (2026-01-13T11:00:00Z) is before the start (2026-01-13T12:00:00Z in "opened_at")' });
  });

  it('--skip-invalid lists the rows and measures the rest', async () => {
    const csv = 'opened_at,resolved_at\n2026-01-13T09:00:00Z,2026-01-13T10:00:00Z\n2026-01-13T12:00:00Z,2026-01-13T11:00:00Z\n2026-01-13T12:00:00Z,soon\n';
    const r = await check(sla, csv, { skipInvalid: true });
    expect(r.skipped).toEqual([
      { row: 3, column: 'resolved_at', reason: 'the end (2026-01-13T11:00:00Z) is before the start (2026-01-13T12:00:00Z in "opened_at")' },
      { row: 4, column: 'resolved_at', reason: '"soon" is not an ISO-8601 timestamp (such as 2026-01-31T09:30:00Z)' },
    ]);
    expect(result(r, 'k', 'all')).toMatchObject({ samples: 1, actual: 100 });
  });

  it('a missing timestamp column is named with the KPI', async () => {
    await expect(check(sla, 'opened_at,closed_at\n2026-01-13T09:00:00Z,2026-01-13T10:00:00Z\n')).rejects.toMatchObject({ row: 1, column: 'resolved_at', kpi: 'k' });
  });
});

describe('open rows of KPIs that read the same duration columns', () => {
  // Found by sla sql's DuckDB property test: two KPIs over the same start and end share one reader,
  // and the second settled its open rows from a start it never read (1970), so every open ticket of
  // the second KPI counted as a breach whatever its age.
  it('each settles its open rows from the row\'s own start', async () => {
    const d = { from: 'opened', to: 'responded', clock: 'calendar' as const };
    const sla = {
      id: 'two', title: 'Two', timezone: 'UTC', consequences: [], effective: '2026-01-01', term: '1 year',
      metrics: [
        { id: 'mean', name: 'mean', unit: 'minutes', objective: { op: '<=', target: 60 }, period: 'month', measure: { aggregate: 'mean', duration: d } },
        { id: 'att', name: 'att', unit: 'percent', objective: { op: '>=', target: 90 }, period: 'month', measure: { aggregate: 'attainment', duration: d, threshold: { op: '<=', value: '4h' } } },
      ],
    } as unknown as Sla;
    // The open ticket has run 30 minutes by the end of the data (11:00): not yet over 4h, so open.
    const r = await check(sla, 'opened,responded\n2026-01-05T10:30:00Z,\n2026-01-05T10:00:00Z,2026-01-05T11:00:00Z\n');
    expect(result(r, 'att', '2026-01')).toMatchObject({ samples: 1, actual: 100, open: 1 });
    expect(result(r, 'mean', '2026-01')).toMatchObject({ samples: 1, actual: 60, open: 1 });
  });
});

describe('cells read once a row (issue 19: the per-row memo of texts and instants)', () => {
  it('an end cell of spaces, tabs, no-break or ideographic spaces is open; one that only starts with a space is read', async () => {
    const sla = desk([minutes()]);
    for (const blank of [' ', '\t', '\u00a0', '\u3000 ']) {
      const csv = `opened_at,resolved_at\n2026-01-13T10:00:00Z,"${blank}"\n2026-01-13T10:00:00Z,2026-01-13T11:00:00Z\n`;
      expect(await one(sla, csv)).toMatchObject({ samples: 1, actual: 60, open: 1 });
    }
    const padded = 'opened_at,resolved_at\n2026-01-13T10:00:00Z, 2026-01-13T11:30:00Z\n';
    await expect(check(sla, padded)).rejects.toThrow(CheckInputError);
  });

  it('texts of the same length that differ only after the minute, or only in the date, each get their own instant', async () => {
    // Same row shapes back to back: the memo must not hand the previous row's instant to the next.
    const csv = [
      'opened_at,resolved_at',
      '2026-01-13T10:00:00Z,2026-01-13T11:00:00Z', // 60
      '2026-01-13T10:00:30Z,2026-01-13T11:00:00Z', // 59.5: differs from the row above only in the seconds
      '2026-01-14T10:00:00Z,2026-01-14T12:00:00Z', // 120: differs only in the date
      '2026-01-14T10:00:00Z,2026-01-14T10:00:00Z', // 0: end text is the start text of the row
    ].join('\n');
    const sla = desk([kpi('sum', { aggregate: 'sum', threshold: undefined }, { unit: 'minutes', objective: { op: '<=', target: 100_000 } })]);
    expect(await one(sla, csv)).toMatchObject({ samples: 4, actual: 239.5 });
  });
});
