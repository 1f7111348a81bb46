// Duration KPIs (business and calendar clocks) checked in byte ranges must give what one thread
// gives: open rows travel unsettled in each range's part and are settled against the latest instant
// of the whole file, so an open ticket in the first range is judged by an end the last range saw.
// Random ticket exports: open and closed tickets, pauses, bad timestamps and ends before starts, in
// random order across the DST change and the bank holidays of the ticket-export example.
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { checkCsv } from '../../src/core/check/index.js';
import { loadValidSla } from '../../src/services/load-sla.js';
import { checkInRanges, inProcessRunner } from '../../src/services/parallel-check.js';
import { expectSplitSameAsSerial, rounded } from './parallel-helpers.js';
import { capturedIo, example, tempDir } from '../helpers.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 100);
const tmp = tempDir('sla-parallel-durations-');
afterAll(() => tmp.cleanup());

// The ticket-export example (business clock, priority targets, pauses, p90) and a calendar-clock mean.
const base = readFileSync(example('ticket-export', 'sla.yaml'), 'utf8');
const extra = `  - id: calendar-mean
    name: mean
    unit: minutes
    objective: { op: "<=", target: 600 }
    period: week
    measure: { aggregate: mean, duration: { from: opened_at, to: resolved_at, clock: calendar } }
  - id: open-breached
    name: breached so far
    unit: percent
    objective: { op: ">=", target: 50 }
    period: day
    measure: { aggregate: attainment, duration: { from: opened_at, to: resolved_at, clock: business }, threshold: { op: "<=", value: "2 business hours" } }
`;
const slaText = base.replace('\nreporting:', `\n${extra}reporting:`);
const slaPath = join(tmp.dir, 'sla.yaml');
writeFileSync(slaPath, slaText);
copyFileSync(example('ticket-export', 'bank-holidays-2026.ics'), join(tmp.dir, 'bank-holidays-2026.ics'));

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 20); // ten days before the DST change, a few weeks before Easter
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19) + '+00:00';
const ticket = fc.record({
  opened: fc.integer({ min: 0, max: 40 * 1440 }),
  respond: fc.integer({ min: 0, max: 3000 }),
  resolve: fc.option(fc.integer({ min: 0, max: 9000 }), { freq: 4 }), // null: still open
  paused: fc.option(fc.integer({ min: 0, max: 200 }), { freq: 2 }),
  priority: fc.constantFrom('P1', 'P2', 'P3', 'P4'),
}).map(({ opened, respond, resolve, paused, priority }) => {
  const start = T0 + opened * MIN;
  const end = resolve === null ? '' : iso(start + Math.max(resolve, respond + (paused ?? 0)) * MIN);
  return ['T', priority, 'x', iso(start), iso(start + respond * MIN), end, paused === null ? '' : String(paused)];
});
const bad = fc.oneof(
  fc.constant(['T', 'P1', 'x', 'not a time', '2026-03-21T10:00:00+00:00', '', '']),
  fc.constant(['T', 'P2', 'x', '2026-03-22T10:00:00+00:00', '2026-03-21T10:00:00+00:00', '2026-03-23T10:00:00+00:00', '']),
  fc.constant(['T', 'P3', 'x', '2026-03-22T10:00:00+00:00', '2026-03-22T11:00:00+00:00', '2026-03-22T12:00:00+00:00', '999']),
);
const csv = fc.array(fc.oneof({ weight: 12, arbitrary: ticket }, { weight: 1, arbitrary: bad }), { maxLength: 80 })
  .map((rows) => 'ticket,priority,category,opened_at,first_response_at,resolved_at,paused_minutes\n' + rows.map((r) => r.join(',')).join('\n') + '\n');


describe('duration KPIs in ranges', () => {
  it('give what one thread gives, open rows included, through the command', async () => {
    let n = 0;
    let open = 0;
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 2, max: 8 }), fc.boolean(), async (text, threads, skipInvalid) => {
        const file = join(tmp.dir, `t${n++}.csv`);
        writeFileSync(file, text);
        const serial = await expectSplitSameAsSerial(slaPath, file, threads, skipInvalid);
        if (/"open":\s*[1-9]/.test(serial.stdout)) open++;
      }),
      { numRuns: runs },
    );
    expect(open).toBeGreaterThan(0); // open rows were reported, so their settling was exercised
  }, Math.max(120_000, runs * 1_000));

  it('settle an open row of the first range against an end only a later range holds', async () => {
    const io = capturedIo(tmp.dir);
    const sla = (await loadValidSla(slaPath, io)).sla;
    // Row 1 opens on Monday 09:00 and is still open; the last row ends a week later. Split between them,
    // the first range alone would think the data ends at 09:30 and leave the P1 ticket open, not failed.
    const text = 'ticket,priority,category,opened_at,first_response_at,resolved_at,paused_minutes\n' +
      'A,P1,x,2026-03-23T09:00:00+00:00,2026-03-23T09:30:00+00:00,,\n' +
      'B,P4,x,2026-03-30T09:00:00+01:00,2026-03-30T09:10:00+01:00,2026-03-30T10:00:00+01:00,\n';
    const file = join(tmp.dir, 'open-first.csv');
    writeFileSync(file, text);
    const size = statSync(file).size;
    const serial = await checkCsv(sla, Readable.from([text]), {});
    const split = await checkInRanges(sla, file, file, {}, [text.indexOf('B,')], size, inProcessRunner);
    expect(split).toBeDefined();
    expect(rounded(JSON.stringify(split))).toBe(rounded(JSON.stringify(serial)));
    const p1 = split!.results.find((r) => r.kpi === 'p1-resolution' && r.period === '2026-03')!;
    expect(p1).toMatchObject({ samples: 1, open: 0 }); // settled as failed: 4 business hours passed long before the end of the data
  });
});
