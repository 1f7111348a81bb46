// A CSV checked in byte ranges (services/parallel-check.ts) must give what one thread gives: every
// KPI and period, the skipped rows and their numbers, the first error and its row. Random CSVs with
// quoted cells holding line breaks and delimiters, CRLF, blank and short rows, bad cells, a BOM; the
// split points fall at many offsets (SLA_PARALLEL_MIN_BYTES=0 splits even a small file, SLA_THREADS
// sets how many ranges; checkInRanges takes any offsets). In-process, the ranges run one after another
// in this thread (the worker script exists only in dist/); parallel.cli.test.ts runs real workers.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
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
const tmp = tempDir('sla-parallel-');
afterAll(() => tmp.cleanup());

// The platform example's agreement, with KPIs over every aggregation this file's columns feed.
const base = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
const KPIS = `metrics:
  - { id: ratio, name: r, unit: percent, objective: { op: ">=", target: 99 }, period: month, measure: { aggregate: ratio, metric: req, column: value, denominator: total } }
  - { id: p95, name: p, unit: milliseconds, objective: { op: "<=", target: 300 }, period: week, measure: { aggregate: p95, metric: lat } }
  - { id: median, name: m, unit: milliseconds, objective: { op: "<=", target: 300 }, period: day, measure: { aggregate: median, metric: lat, where: { service: a } } }
  - { id: mean, name: a, unit: milliseconds, objective: { op: "<=", target: 300 }, period: month, measure: { aggregate: mean, metric: lat } }
  - { id: min, name: n, unit: milliseconds, objective: { op: ">=", target: 1 }, period: day, measure: { aggregate: min, metric: lat } }
  - { id: max, name: x, unit: milliseconds, objective: { op: "<=", target: 900 }, period: quarter, measure: { aggregate: max, metric: lat } }
  - { id: sum, name: s, unit: count, objective: { op: "<=", target: 50 }, period: week, measure: { aggregate: sum, metric: err } }
  - { id: count, name: c, unit: count, objective: { op: "<=", target: 3 }, period: month, measure: { aggregate: count, metric: err } }
  - { id: fast, name: f, unit: percent, objective: { op: ">=", target: 90 }, period: month, measure: { aggregate: attainment, metric: lat, threshold: { op: "<=", value: 200 } } }
`;
const slaText = base.slice(0, base.indexOf('\nmetrics:')) + '\n' + KPIS + base.slice(base.indexOf('\nreporting:'), base.indexOf('\nconsequences:')) +
  '\nconsequences:\n  - kpis: [ratio, p95, mean]\n    remedy: Review.\n    escalation: [Owner]\n    credits: [{ below: 99.9, credit: 10 }]\n';
const slaPath = join(tmp.dir, 'sla.yaml');
writeFileSync(slaPath, slaText);

// Days around the term's start (2026-01-01) and a DST change in its zone, so rows fall before the term too.
const day = fc.integer({ min: -3, max: 120 }).map((d) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000 + 3_600_000 * (d % 24)).toISOString().slice(0, 19) + 'Z');
const value = fc.integer({ min: 0, max: 9999 }).map((v) => String(v / 10));
const good = fc.tuple(day, fc.constantFrom('req', 'lat', 'lat', 'err', 'other'), value, fc.integer({ min: 1, max: 2000 }), fc.constantFrom('a', 'b'))
  .map(([t, m, v, total, s]) => [t, m, m === 'req' ? String(Math.min(Number(v), total)) : v, m === 'req' ? String(total) : '', s]);
// Rows that must be reported or skipped, with their row numbers.
const bad = fc.oneof(
  fc.tuple(day, fc.constantFrom('lat', 'req')).map(([t, m]) => [t, m, 'abc', '10', 'a']),
  fc.constant(['not a date', 'lat', '1', '', 'a']),
  fc.tuple(day).map(([t]) => [t, 'lat']), // short
  fc.tuple(day).map(([t]) => [t, 'lat', '1', '', 'a', 'extra']), // long
);
// Quoted cells with delimiters, quotes and line breaks inside: a line start need not be a record start.
const quoted = fc.tuple(day, fc.string({ unit: fc.constantFrom('x', ',', '\n', '\r\n', '"', ' '), minLength: 1, maxLength: 6 }))
  .map(([t, s]) => [t, 'lat', '5', '', `"${s.replace(/"/g, '""')}"`]);
const row = fc.oneof({ weight: 8, arbitrary: good }, { weight: 1, arbitrary: bad }, { weight: 2, arbitrary: quoted }, { weight: 1, arbitrary: fc.constant([] as string[]) });
const csv = fc.tuple(fc.array(fc.tuple(row, fc.constantFrom('\n', '\r\n')), { maxLength: 60 }), fc.boolean(), fc.constantFrom('\n', '\r\n'), fc.boolean())
  .map(([rows, bom, headEnd, finalEnd]) => (bom ? '\uFEFF' : '') + 'timestamp,metric,value,total,service' + headEnd +
    rows.map(([cells, end], i) => cells.join(',') + (i < rows.length - 1 || finalEnd ? end : '')).join(''));

/** Sums merged from ranges may differ from one running sum in the last bits: compare to 12 digits. */

describe('sla check in ranges', () => {
  it('gives what one thread gives, through the command, for 2 to 12 ranges', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csv, fc.integer({ min: 2, max: 12 }), fc.boolean(), fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { freq: 4 }), async (text, threads, skipInvalid, badByte) => {
        const file = join(tmp.dir, `m${n++}.csv`);
        const bytes = Buffer.from(text);
        // Sometimes a byte that is not UTF-8, in whichever range: named by its 64 KB block either way.
        const at = badByte === null ? -1 : Math.floor(badByte * bytes.length);
        writeFileSync(file, at < 0 ? bytes : Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at)]));
        await expectSplitSameAsSerial(slaPath, file, threads, skipInvalid);
      }),
      { numRuns: runs },
    );
  }, Math.max(120_000, runs * 1_000));

  it('gives what one thread gives, or declines, for split points at any line start', async () => {
    const io = capturedIo(tmp.dir);
    const sla = (await loadValidSla(slaPath, io)).sla;
    let used = 0;
    let declined = 0;
    let n = 0;
    await fc.assert(
      fc.asyncProperty(csv, fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.boolean(), async (text, at, skipInvalid) => {
        const file = join(tmp.dir, `s${n++}.csv`);
        writeFileSync(file, text);
        const bytes = readFileSync(file);
        const size = statSync(file).size;
        // Just after a line feed, as splitPoints cuts: every line start, including those inside quotes.
        const splits = [...new Set(at.map((f) => bytes.indexOf(10, Math.floor(f * size)) + 1).filter((s) => s > 0 && s < size))].sort((a, b) => a - b);
        const outcome = async (f: () => Promise<unknown>) => {
          try {
            return { result: await f() };
          } catch (err) {
            const e = err as Error & { row?: number; column?: string; field?: number };
            return { error: `${e.name} ${e.message} ${e.row} ${e.column} ${e.field}` };
          }
        };
        const options = { skipInvalid };
        const serial = await outcome(() => checkCsv(sla, Readable.from([bytes.toString('utf8').replace(/^\uFEFF/, '')]), options));
        const split = await outcome(() => checkInRanges(sla, file, file, options, splits, size, inProcessRunner));
        if ('result' in split && split.result === undefined) {
          declined++;
          // Declining is for a split inside a record: never when no quoted cell holds a line break.
          expect(splits.length === 0 || /"[^"]*[\r\n]/.test(text)).toBe(true);
          return;
        }
        used++;
        expect(rounded(JSON.stringify(split))).toBe(rounded(JSON.stringify(serial)));
      }),
      { numRuns: runs },
    );
    // The property must have exercised the merge, not only the fallback.
    expect(used).toBeGreaterThan(declined);
  }, 120_000);
});
