// Ticket exports (issue 17): timestamp patterns, duration text, priority names, column names and the
// precedence of the SLA's data section over --source. Worked by hand; the end-to-end run of each
// tool's sample export through bin/sla is in exports.cli.test.ts.
import { describe, expect, it } from 'vitest';
import { CheckInputError } from '../../src/core/check/index.js';
import { resolveData, SOURCES } from '../../src/core/check/sources.js';
import { dateFnsRead, isoWallClock, timestampReader } from '../../src/core/check/timestamps.js';
import { parseDurationText } from '../../src/core/check/values.js';
import type { Sla } from '../../src/core/model.js';
import { compileFast, patternExample, patternProblem, readingsOf } from '../../src/core/timestamp-pattern.js';
import { check, kpi, makeSla, result } from './fixtures.js';

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, mo - 1, d, h, mi, s);

describe('timestamp patterns', () => {
  it('reads each tool’s form to the same wall-clock time as date-fns', () => {
    const cases: [string, string, number][] = [
      ['dd/MMM/yy h:mm a', '30/Nov/26 4:15 PM', utc(2026, 11, 30, 16, 15)],
      ['dd/MMM/yy h:mm a', '01/Jan/27 12:05 AM', utc(2027, 1, 1, 0, 5)],
      ['dd/MMM/yy h:mm a', '01/Jan/27 12:05 PM', utc(2027, 1, 1, 12, 5)],
      ['yyyy-MM-dd HH:mm:ss', '2026-11-30 16:15:00', utc(2026, 11, 30, 16, 15)],
      ['MM/dd/yyyy h:mm a', '11/30/2026 4:15 PM', utc(2026, 11, 30, 16, 15)],
      ['dd.MM.yyyy HH:mm', '30.11.2026 16:15', utc(2026, 11, 30, 16, 15)],
      ['d MMMM yyyy', '3 March 2026', utc(2026, 3, 3)],
    ];
    for (const [pattern, text, expected] of cases) {
      expect(compileFast(pattern)!(text), `${pattern} fast`).toBe(expected);
      expect(dateFnsRead(text, pattern), `${pattern} date-fns`).toBe(expected);
    }
  });

  it('reads a spreadsheet date cell (ISO wall-clock text) whatever the declared pattern, and nothing looser', () => {
    const jira = timestampReader({ format: 'dd/MMM/yy h:mm a', zone: 'Europe/London' }, 'Europe/London');
    expect(jira.instantOf('2026-11-30T16:15:00')).toBe(jira.instantOf('30/Nov/26 4:15 PM'));
    expect(jira.dayOf('2026-11-30')).toBe(jira.dayOf('30/Nov/26 12:00 AM'));
    expect(new Date(isoWallClock('0050-03-01T00:00:00')).getUTCFullYear()).toBe(50); // not 1950
    for (const text of ['2026-02-30', '2026-13-01', '2026-11-30T24:00:00', '2026-11-30 16:15', '2026-11-30T16:15:00Z', '30/11/2026']) expect(isoWallClock(text), text).toBeNaN();
    // With an offset in the pattern, values are instants: a wall-clock ISO cell would be read an offset away, so it is refused.
    const offset = timestampReader({ format: "yyyy-MM-dd'T'HH:mm:ssXXX", zone: 'UTC' }, 'UTC');
    expect(offset.instantOf('2026-11-30T16:15:00')).toBeNaN();
  });

  it('declines what it cannot vouch for, and date-fns decides', () => {
    const jira = compileFast('dd/MMM/yy h:mm a')!;
    expect(jira('31/Nov/26 4:15 PM')).toBeNaN(); // no 31 November
    expect(dateFnsRead('31/Nov/26 4:15 PM', 'dd/MMM/yy h:mm a')).toBeNaN();
    expect(jira('30/Nov/26 13:15 PM')).toBeNaN();
    // Trailing space and one-digit fields, as date-fns reads them.
    expect(jira('30/Nov/26 4:15 PM ')).toBe(utc(2026, 11, 30, 16, 15));
    expect(jira('3/Nov/26 4:15 pm')).toBe(utc(2026, 11, 3, 16, 15));
    // A lone J is January to date-fns (its narrow month names): the fast reader leaves that to it.
    expect(jira('30/J/26 4:15 PM')).toBeNaN();
    expect(dateFnsRead('30/J/26 4:15 PM', 'dd/MMM/yy h:mm a')).toBe(utc(2026, 1, 30, 16, 15));
    // Two numbers with nothing between them: date-fns only.
    expect(compileFast('yyyyMMddHHmm')).toBeUndefined();
    // Offsets: date-fns only, and the result is an instant.
    expect(compileFast("yyyy-MM-dd'T'HH:mm:ssXXX")).toBeUndefined();
    expect(dateFnsRead('2026-11-30T16:15:00+01:00', "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe(utc(2026, 11, 30, 15, 15));
  });

  it('two-digit years resolve around 2026, the same whatever the date today', () => {
    expect(compileFast('dd/MM/yy')!('01/01/75')).toBe(utc(2075, 1, 1));
    expect(compileFast('dd/MM/yy')!('01/01/76')).toBe(utc(1976, 1, 1));
    expect(dateFnsRead('01/01/75', 'dd/MM/yy')).toBe(utc(2075, 1, 1));
    expect(dateFnsRead('01/01/76', 'dd/MM/yy')).toBe(utc(1976, 1, 1));
  });

  it('refuses patterns it cannot read, saying why', () => {
    expect(patternProblem('dd/MMM/yy h:mm a')).toBeUndefined();
    expect(patternProblem("yyyy-MM-dd'T'HH:mm:ssXXX")).toBeUndefined();
    expect(patternProblem('dd/MM/yy hh:mm')).toMatch(/"hh" is a 12-hour clock: add a \(AM\/PM\), or use HH/);
    expect(patternProblem('dd/MM HH:mm')).toMatch(/no year/);
    expect(patternProblem('YYYY-MM-dd')).toMatch(/"YYYY" is not a token sla reads/);
    expect(patternProblem('yyyy-MM-dd HH:mm T')).toMatch(/"T" is not a token/);
    expect(patternProblem('yyyy-MM-dd HH:mm a')).toMatch(/"a" \(AM\/PM\) needs a 12-hour hour/);
    expect(patternProblem('yyyy-MM-dd dd')).toMatch(/both read the day/);
    expect(patternProblem(' ')).toMatch(/empty/);
  });

  it('every pattern it accepts, date-fns parses back from the example it prints', () => {
    for (const p of ['dd/MMM/yy h:mm a', 'yyyy-MM-dd HH:mm:ss', 'MM/dd/yyyy hh:mm a', 'dd.MM.yyyy HH:mm', "yyyy-MM-dd'T'HH:mm:ss.SSSxxx", 'd MMMM yyyy H:mm:ss.SS', 'M/d/yy']) {
      expect(patternProblem(p), p).toBeUndefined();
      expect(dateFnsRead(patternExample(p), p), `${p}: ${patternExample(p)}`).not.toBeNaN();
    }
    expect(patternExample('dd/MMM/yy h:mm a')).toBe('30/Nov/26 4:15 PM');
  });

  it('names both readings of an ambiguous day-month text, one reading of an unambiguous one', () => {
    expect(readingsOf('03/04/2026')).toEqual([{ pattern: 'dd/MM/yyyy', date: '3 April 2026' }, { pattern: 'MM/dd/yyyy', date: 'March 4, 2026' }]);
    expect(readingsOf('30.11.2026 16:15')).toEqual([{ pattern: 'dd.MM.yyyy HH:mm', date: '30 November 2026' }]);
    expect(readingsOf('11/30/2026 4:15 PM')).toEqual([{ pattern: 'MM/dd/yyyy h:mm a', date: 'November 30, 2026' }]);
    expect(readingsOf('04/04/2026')).toHaveLength(1); // both readings are the same day
    expect(readingsOf('last tuesday')).toEqual([]);
  });

  it('reads a zone other than the agreement’s: days are the agreement’s', () => {
    // 03:30 UTC on 1 December is 22:30 on 30 November in New York.
    const r = timestampReader({ format: 'yyyy-MM-dd HH:mm:ss', zone: 'UTC' }, 'America/New_York');
    expect(r.instantOf('2026-12-01 03:30:00')).toBe(utc(2026, 12, 1, 3, 30));
    expect(r.dayOf('2026-12-01 03:30:00')).toBe(Math.floor(utc(2026, 11, 30) / 86_400_000));
    // London summer time: 4:15 PM BST is 15:15 UTC.
    const london = timestampReader({ format: 'dd/MMM/yy h:mm a', zone: 'Europe/London' }, 'Europe/London');
    expect(london.instantOf('01/Jul/26 4:15 PM')).toBe(utc(2026, 7, 1, 15, 15));
    // ISO in another zone too.
    const iso = timestampReader({ format: undefined, zone: 'Asia/Tokyo' }, 'UTC');
    expect(iso.instantOf('2026-07-01T09:00')).toBe(utc(2026, 7, 1, 0, 0));
    expect(iso.dayOf('2026-07-01T08:00')).toBe(Math.floor(utc(2026, 6, 30) / 86_400_000));
  });
});

describe('durations as text', () => {
  it('reads Jira and ServiceNow forms as minutes', () => {
    expect(parseDurationText('2h 15m')).toBe(135);
    expect(parseDurationText('-1h 5m')).toBe(-65);
    expect(parseDurationText('1d 4h')).toBe(1680);
    expect(parseDurationText('45m')).toBe(45);
    expect(parseDurationText('30s')).toBe(0.5);
    expect(parseDurationText('1w')).toBe(10_080);
    expect(parseDurationText('1 Day 2 Hours 5 Minutes')).toBe(1565);
    expect(parseDurationText('3 Hours, 1 Minute')).toBe(181);
    expect(parseDurationText('1970-01-02 02:05:00')).toBe(1565);
  });

  it('refuses what is not one duration', () => {
    for (const bad of ['', 'soon', '2h 3h', '15m 2h', '2 fortnights', '-', '1970-02-01 00:00:00x', 'h', '2h -5m']) expect(parseDurationText(bad), bad).toBeNaN();
  });
});

const PRIORITIES = [
  { id: 'P1', name: 'Critical', response: '15m', resolution: '4h' },
  { id: 'P2', name: 'High', response: '1h', resolution: '8h' },
];

function exportSla(data: unknown, metrics: ReturnType<typeof kpi>[], priorities: unknown[] = PRIORITIES): Sla {
  return { ...makeSla(metrics), data, expectations: { priorities } } as unknown as Sla;
}

const resolution = kpi('res', { aggregate: 'attainment', metric: undefined, duration: { from: 'opened_at', to: 'resolved_at', clock: 'calendar' }, threshold: { op: '<=', target: 'resolution' } }, { op: '>=', target: 50 }, { unit: 'percent' });
const p1Count = kpi('p1', { aggregate: 'count', metric: undefined, timestamp: 'opened_at', where: { priority: 'P1' } });

describe('a check over an export', () => {
  const JIRA = 'Issue key,Priority,Created,Resolved,Custom field (Time to resolution)\n' +
    'HD-1,Highest,02/Nov/26 9:00 AM,02/Nov/26 11:30 AM,1h 30m\n' + // 150 min, P1 (4h): met
    'HD-2,High,03/Nov/26 10:15 AM,03/Nov/26 8:45 PM,-2h 30m\n' + // 630 min, P2 (8h): missed
    'HD-3,Highest,04/Nov/26 1:00 PM,04/Nov/26 6:00 PM,-1h\n'; // 300 min, P1: missed

  it('--source jira: its columns, priority names and pattern; KPIs keep filtering on P1', async () => {
    const r = await check(exportSla(undefined, [resolution, p1Count]), JIRA, { source: 'jira' });
    expect(r.skipped).toEqual([]);
    expect(result(r, 'res', '2026-11')).toMatchObject({ actual: 33.3333333333, samples: 3 });
    expect(result(r, 'p1', '2026-11')).toMatchObject({ actual: 2 });
  });

  it('the SLA’s data section wins over --source, field by field', async () => {
    const us = JIRA.replace(/(\d\d)\/Nov\/26/g, '11/$1/2026');
    const sla = exportSla({ timestamps: { format: 'MM/dd/yyyy h:mm a' } }, [resolution, p1Count]);
    const r = await check(sla, us, { source: 'jira' });
    expect(result(r, 'res', '2026-11')).toMatchObject({ actual: 33.3333333333, samples: 3 });
    // data.source beats --source: servicenow's columns are not Jira's.
    await expect(check(exportSla({ source: 'servicenow' }, [resolution]), JIRA, { source: 'jira' })).rejects.toThrow(/needs the column "opened_at", which the header does not have \(columns: Issue key/);
    await expect(check(exportSla(undefined, [resolution]), JIRA.replace('Created', 'Opened'), { source: 'jira' })).rejects.toThrow('KPI "res" needs the column "opened_at", which the header does not have (data.columns or the jira source maps it to "Created") (columns: Issue key, Priority, Opened,');
    expect(resolveData(exportSla({ timestamps: { zone: 'Asia/Tokyo' } }, []), 'jira')).toMatchObject({ format: SOURCES.jira.format, zone: 'Asia/Tokyo', durations: 'text', source: 'jira' });
  });

  it('priorities[].matches replaces the tool’s names for that priority; a name an SLA claims is no default of another', async () => {
    const priorities = [{ ...PRIORITIES[0], matches: ['Highest', 'High'] }, PRIORITIES[1]];
    const r = await check(exportSla(undefined, [p1Count], priorities), JIRA, { source: 'jira' });
    expect(result(r, 'p1', '2026-11')).toMatchObject({ actual: 3 });
    expect(resolveData(exportSla(undefined, [], priorities), 'jira').matches.get('P2')).toEqual(['P2']);
  });

  it('durations as text feed a KPI in its own unit', async () => {
    const mean = kpi('ttr', { aggregate: 'mean', metric: undefined, timestamp: 'opened_at', column: 'Custom field (Time to resolution)' }, { op: '>=', target: 0 }, { unit: 'hours' });
    const r = await check(exportSla(undefined, [mean]), JIRA, { source: 'jira' });
    // (90 − 150 − 60) / 3 minutes = −40 minutes = −0.6666… hours.
    expect(result(r, 'ttr', '2026-11').actual).toBeCloseTo(-2 / 3, 9);
    // Without duration text the same cell is refused, by row and column.
    await expect(check(exportSla({ durations: 'minutes' }, [mean]), JIRA, { source: 'jira' })).rejects.toMatchObject({ row: 2, column: 'Custom field (Time to resolution)', message: '"1h 30m" is not a number' });
  });

  it('a cell that does not match the pattern is a located error naming the pattern and an example', async () => {
    const bad = JIRA.replace('03/Nov/26 10:15 AM', '2026-11-03 10:15');
    const err = await check(exportSla(undefined, [resolution]), bad, { source: 'jira' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CheckInputError);
    expect(err).toMatchObject({ row: 3, column: 'Created' });
    expect((err as Error).message).toBe('"2026-11-03 10:15" is not a timestamp in the declared format (the jira source\'s default; set data.timestamps.format to change it): expected dd/MMM/yy h:mm a such as 30/Nov/26 4:15 PM');
    const skipped = await check(exportSla(undefined, [resolution]), bad.replace('-1h\n', '-1h\nHD-4,High,31/Nov/26 1:00 PM,,\n'), { source: 'jira', skipInvalid: true });
    expect(skipped.skipped.map((s) => `${s.row} ${s.column}`)).toEqual(['3 Created', '5 Created']);
    expect(result(skipped, 'res', '2026-11')).toMatchObject({ samples: 2 });
  });

  it('an ambiguous date without a declared pattern is refused with both readings', async () => {
    const err = await check(exportSla(undefined, [p1Count]), 'opened_at,priority\n03/04/2026,P1\n').catch((e: unknown) => e);
    expect(err).toMatchObject({ row: 2, column: 'opened_at', message: '"03/04/2026" is ambiguous: 3 April 2026 (dd/MM/yyyy) or March 4, 2026 (MM/dd/yyyy); declare the pattern as data.timestamps.format in the SLA (or use --source)' });
    const one = await check(exportSla(undefined, [p1Count]), 'opened_at,priority\n30.11.2026 16:15,P1\n').catch((e: unknown) => e);
    expect((one as Error).message).toBe('"30.11.2026 16:15" is not ISO 8601; if it means 30 November 2026, declare data.timestamps.format: "dd.MM.yyyy HH:mm" in the SLA (or use --source)');
  });

  it('a priority the data names but the agreement does not is refused, naming the row', async () => {
    const err = await check(exportSla(undefined, [resolution]), JIRA.replace('High,03', 'Lowest,03'), { source: 'jira' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ row: 3, column: 'Priority', message: '"Lowest" is not a priority of the agreement (P1, Highest, P2, High)' });
  });
});
