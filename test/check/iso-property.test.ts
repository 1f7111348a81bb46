// The ISO-8601 reader a check uses for every timestamp cell (LocalDays in core/check/time.ts, a
// hand-written straight-line parse) against a reference written the slow, obvious way: one regular
// expression and Date.UTC. Random text near the accepted shapes, one character changed, dropped or
// added now and then, read in sequence by one reader, so its memo of the last cell and of recent
// dates is exercised too. In UTC, so the zone's offsets do not enter (the zone tests cover them).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LocalDays } from '../../src/core/check/time.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 1000);
const DAY = 86_400_000;

const SHAPE = /^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?([Zz]|[+-]\d{2}(?::\d{2}|\d{2})?)?)?$/;

/** The instant the text means in UTC (ms), or NaN: what LocalDays.instantOf must answer. */
function reference(text: string): number {
  const m = SHAPE.exec(text);
  if (!m) return NaN;
  const [y, mo, d] = [m[1], m[2], m[3]].map(Number) as [number, number, number];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (mo < 1 || mo > 12 || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return NaN;
  if (m[4] === undefined) return date.getTime();
  const [h, mi, s] = [m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number];
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-9);
  if (h > 24 || mi > 59 || s > 60 || (h === 24 && (mi > 0 || s > 0 || ms > 0))) return NaN;
  // A leap second is the last millisecond of its minute.
  const local = date.getTime() + h * 3_600_000 + mi * 60_000 + (s === 60 ? 59_999 : s * 1000 + ms);
  const zone = m[8];
  if (zone === undefined || zone === 'Z' || zone === 'z') return local;
  const oh = Number(zone.slice(1, 3));
  const om = zone.length > 3 ? Number(zone.slice(-2)) : 0;
  if (oh > 23 || om > 59) return NaN;
  return local - (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
// Mostly the edges, so cells of one sequence often share a year, a month or a day (the reader's memos).
const part = (n: number, edges: string[]) => fc.oneof({ weight: 1, arbitrary: digits(n) }, { weight: 3, arbitrary: fc.constantFrom(...edges) });
const near = fc
  .tuple(
    part(4, ['2026', '2024', '2100', '1900', '0000', '9999']),
    part(2, ['01', '02', '12', '00', '13']),
    part(2, ['01', '28', '29', '30', '31', '00', '32']),
    fc.option(
      fc.tuple(
        fc.constantFrom('T', ' ', 't', 'x'),
        part(2, ['00', '23', '24', '25']),
        part(2, ['00', '59', '60']),
        fc.option(fc.tuple(part(2, ['00', '59', '60', '61']), fc.option(fc.tuple(fc.constantFrom('.', ','), fc.integer({ min: 0, max: 5 }).chain(digits))))),
        fc.option(fc.oneof(fc.constantFrom('Z', 'z', '+01:00', '-05:30', '+24:00', '+01:60', '+0', '+'), fc.tuple(fc.constantFrom('+', '-'), digits(2), fc.constantFrom('', ':', 'x'), fc.oneof(digits(2), fc.constant(''))).map((p) => p.join('')))),
      ),
    ),
  )
  .map(([y, mo, d, time]) => {
    let s = `${y}-${mo}-${d}`;
    if (time) {
      const [sep, h, mi, sec, zone] = time;
      s += `${sep}${h}:${mi}`;
      if (sec) s += `:${sec[0]}${sec[1] ? sec[1].join('') : ''}`;
      if (zone) s += zone;
    }
    return s;
  });
const edit = fc.oneof(
  { weight: 6, arbitrary: fc.constant((s: string) => s) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...'09-:Tt Zz+.,/é٣')).map(([at, c]) => (s: string) => s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1) + 1)) },
  { weight: 1, arbitrary: fc.nat().map((at) => (s: string) => s.slice(0, at % (s.length + 1)) + s.slice(at % (s.length + 1) + 1)) },
  { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...'09-: Z')).map(([at, c]) => (s: string) => s.slice(0, at % (s.length + 1)) + c + s.slice(at % (s.length + 1))) },
);
const cell = fc.tuple(near, edit).map(([s, f]) => f(s));

describe('the ISO-8601 reader', () => {
  it('reads every cell as the reference does, instant and day, in any order of cells', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 40 }), (cells) => {
        const reader = new LocalDays('UTC');
        for (const text of cells) {
          const want = reference(text);
          expect(reader.instantOf(text), text).toBe(want);
          expect(reader.dayOf(text), text).toBe(want === want ? Math.floor(want / DAY) : NaN);
        }
      }),
      { numRuns: runs },
    );
  });
});
