// Far dates and long spans (issue 13): the work of `sla check` and `sla report` is bounded by the
// data, the agreement's term and a cap on results (KPIs × periods), measured through the spawned
// bin/sla with inputs at the limit and just past it: exit code, message, CPU time and peak memory.
// CPU time, not wall time, is held to 10 s: the test machine is shared, and a process waiting for a
// core is not doing work; the wall time only has a loose bound against a hang.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, measureSla, repoRoot, tempDir } from '../helpers.js';

interface Measured {
  code: number;
  stdout: string;
  stderr: string;
  cpuSeconds: number;
  peakMb: number;
  wallSeconds: number;
}

async function measured(args: string[]): Promise<Measured> {
  const r = await measureSla(args, { killAfterMs: 90_000 });
  return { code: r.code ?? -1, stdout: r.stdout, stderr: r.stderr, peakMb: r.maxRssMb, cpuSeconds: r.cpuMs / 1000, wallSeconds: r.wallMs / 1000 };
}

function expectBounded(r: Measured): void {
  expect(r.cpuSeconds, r.stderr).toBeLessThan(10);
  expect(r.peakMb, r.stderr).toBeLessThan(300);
  expect(r.wallSeconds).toBeLessThan(60);
  expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
}

const wide = join(repoRoot, 'test/fixtures/bad/periods-wide-term.yaml'); // 0001-01-01 to 9999-12-31
const platformCsv = example('platform-api', 'metrics.csv'); // 4 KPIs, January to June 2026
const tmp = tempDir('sla-periods-');
afterAll(() => tmp.cleanup());

describe('a check at the limit of 25,000 results, and past it', () => {
  it('6,250 days of 4 daily KPIs (25,000 results): every result, in JSON and in the table', async () => {
    const json = await measured(['check', wide, platformCsv, '--period', 'day', '--from', '2026-01-01', '--to', '2043-02-10', '--format', 'json']);
    expect(json.code, json.stderr).toBe(1);
    expect(JSON.parse(json.stdout).results).toHaveLength(25_000);
    expectBounded(json);
    // The table sized its columns with Math.max(...rows): a stack overflow on a long range.
    const table = await measured(['check', wide, platformCsv, '--period', 'day', '--from', '2026-01-01', '--to', '2043-02-10']);
    expect(table.code, table.stderr).toBe(1);
    expect(table.stdout).toMatch(/of 25000 results|25,?000 results/);
    expectBounded(table);
  }, 120_000);

  it('one day more is refused at once, naming the span and what to do', async () => {
    const r = await measured(['check', wide, platformCsv, '--period', 'day', '--from', '2026-01-01', '--to', '2043-02-11']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe(`sla: ${platformCsv}: the range checked spans 6,251 days, 2026-01-01 to 2043-02-11: 25,004 results over 4 KPIs, more than the 25,000 a check evaluates; limit the range with --from/--to, or use a longer --period`);
    expectBounded(r);
  }, 120_000);

  it('0001-01-01 to 9999-12-31 daily (3.6 million days, 4.5 GB before): refused, bounded', async () => {
    const r = await measured(['check', wide, platformCsv, '--period', 'day', '--from', '0001-01-01', '--to', '9999-12-31']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the range checked spans 3,652,059 days, 0001-01-01 to 9999-12-31: 14,608,236 results over 4 KPIs');
    expectBounded(r);
  }, 120_000);

  it('one row dated 9999-12-31 (27 s and 542 MB before): refused, naming its row', async () => {
    const csv = join(tmp.dir, 'far.csv');
    writeFileSync(csv, readFileSync(platformCsv, 'utf8') + '9999-12-31T00:00:00Z,auth_latency_ms,199.7,payments-api,,,\n');
    const r = await measured(['check', wide, csv, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toBe(`${csv}: the data spans 2,912,442 days, 2026-01-01 (row 2) to 9999-12-30 (row 13,042): 318,960 results over 4 KPIs, more than the 25,000 a check evaluates; is a date in the data wrong? Limit the range with --from/--to, or use a longer --period`);
    expectBounded(r);
    // Inside a 60-month term, the same row is outside it: counted, not enumerated.
    const inTerm = await measured(['check', example('platform-api', 'sla.yaml'), csv, '--format', 'json']);
    expect(inTerm.code).toBe(1);
    expect(JSON.parse(inTerm.stdout).outside).toEqual({ before: 0, after: 1 });
    expectBounded(inTerm);
  }, 120_000);
});

describe('a report at the limit of 2,500 results, and past it', () => {
  it('625 days of 4 daily KPIs (2,500 results, 4 charts of 625 bars) in Markdown and HTML', async () => {
    for (const format of ['md', 'html']) {
      const out = join(tmp.dir, `limit.${format}`);
      const r = await measured(['report', wide, platformCsv, '--period', 'day', '--from', '2026-01-01', '--to', '2027-09-17', '-o', out]);
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('17 September 2027');
      expectBounded(r);
    }
  }, 120_000);

  it('626 days, and a row dated 9999-12-31 (2.4 GB before it was killed): refused', async () => {
    const r = await measured(['report', wide, platformCsv, '--period', 'day', '--from', '2026-01-01', '--to', '2027-09-18', '-o', join(tmp.dir, 'over.md')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('2,504 results over 4 KPIs, more than the 2,500 a report charts and tabulates; limit the range with --from/--to, or use a longer --period');
    expectBounded(r);
    const csv = join(tmp.dir, 'far-report.csv');
    writeFileSync(csv, readFileSync(platformCsv, 'utf8') + '9999-12-31T00:00:00Z,auth_latency_ms,199.7,payments-api,,,\n');
    const far = await measured(['report', wide, csv, '-o', join(tmp.dir, 'far.md')]);
    expect(far.code).toBe(2);
    expect(far.stderr).toContain('to 9999-12-30 (row 13,042): 318,960 results over 4 KPIs, more than the 2,500 a report');
    expectBounded(far);
  }, 120_000);
});

describe('business-hours clocks over far dates', () => {
  // The ticket export example's agreement from 1900, and one ticket open from 1900 to the end of 2199:
  // the widest span the clock accepts (its running totals cover every day of it).
  it('a ticket open from 1900 to 2199 is measured within bounds; one closed in 9999 is refused with its row', async () => {
    const sla = join(tmp.dir, 'desk.yaml');
    writeFileSync(sla, readFileSync(example('ticket-export', 'sla.yaml'), 'utf8').replace(/^effective: .*$/m, 'effective: 1900-01-01').replace(/^expires: .*$/m, 'expires: 2199-12-31'));
    const holidays = example('ticket-export', 'bank-holidays-2026.ics');
    writeFileSync(join(tmp.dir, 'bank-holidays-2026.ics'), readFileSync(holidays));
    const header = 'ticket,priority,category,opened_at,first_response_at,resolved_at,paused_minutes\n';
    const long = join(tmp.dir, 'long.csv');
    writeFileSync(long, header + 'INC1,P3,account,1900-01-01T09:00:00+00:00,2199-12-31T23:59:00+00:00,2199-12-31T23:59:00+00:00,\n');
    const r = await measured(['check', sla, long, '--period', 'all', '--format', 'json']);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).results.some((x: { samples: number }) => x.samples === 1)).toBe(true);
    expectBounded(r);
    const far = join(tmp.dir, 'far-ticket.csv');
    writeFileSync(far, header + 'INC1,P3,account,1900-01-01T09:00:00+00:00,1900-01-01T10:00:00+00:00,9999-12-31T23:59:00+00:00,\n');
    const refused = await measured(['check', sla, far]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('row 2, column "resolved_at": "9999-12-31T23:59:00+00:00" is not between the years 1900 and 2199');
    expectBounded(refused);
  }, 120_000);
});
