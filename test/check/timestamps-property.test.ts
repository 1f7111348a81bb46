// The compiled fast reader of timestamp patterns (core/timestamp-pattern.ts) against date-fns `parse`
// on random text near each pattern: whenever the fast reader answers, date-fns answers the same, and
// the reader a check uses (fast, else date-fns) is date-fns's reading, cell for cell.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dateFnsRead, isoWallClock, PatternTimestamps } from '../../src/core/check/timestamps.js';
import { compileFast, literalsInOrder } from '../../src/core/timestamp-pattern.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 1000);

const PATTERNS = ['dd/MMM/yy h:mm a', 'yyyy-MM-dd HH:mm:ss', 'MM/dd/yyyy h:mm a', 'dd.MM.yyyy HH:mm', 'M/d/yy H:mm', 'd MMMM yyyy hh:mm:ss a', 'yyyy-MM-dd'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Text for one token: mostly valid, often at or past its bounds, sometimes the wrong width or case. */
function tokenText(token: string): fc.Arbitrary<string> {
  const num = (min: number, max: number, width: number) =>
    fc.oneof(
      { weight: 12, arbitrary: fc.integer({ min, max }).map((n) => String(n).padStart(width, '0')) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 99 }).map(String) },
      { weight: 1, arbitrary: fc.constantFrom('0', '00', '99', '123', '') },
    );
  switch (token) {
    case 'yyyy': return fc.oneof({ weight: 8, arbitrary: fc.integer({ min: 1900, max: 2199 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('0000', '0999', '999', '10000', '2026') });
    case 'yy': return num(0, 99, 2);
    case 'MM': case 'M': return num(1, 12, token.length);
    case 'dd': case 'd': return num(1, 31, token.length);
    case 'HH': case 'H': return num(0, 23, token.length);
    case 'hh': case 'h': return num(1, 12, token.length);
    case 'mm': case 'ss': return num(0, 59, 2);
    case 'a': return fc.constantFrom('AM', 'PM', 'am', 'pm', 'AM', 'PM', 'Am', 'pM', 'a.m.', 'AM.', 'XM', 'P', 'midnight');
    case 'MMM': return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...MONTHS) }, { weight: 1, arbitrary: fc.constantFrom(...MONTHS).map((m) => m.toUpperCase()) }, { weight: 1, arbitrary: fc.constantFrom('Sept', 'Foo', 'No') });
    case 'MMMM': return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...LONG) }, { weight: 1, arbitrary: fc.constantFrom(...MONTHS) }, { weight: 1, arbitrary: fc.constantFrom('Octobre') });
    default: return fc.constant(token);
  }
}

function textFor(pattern: string): fc.Arbitrary<string> {
  const parts = pattern.match(/([A-Za-z])\1*|[^A-Za-z]+/g)!;
  const pieces = parts.map((p) => (/^[A-Za-z]/.test(p) ? tokenText(p) : fc.oneof({ weight: 30, arbitrary: fc.constant(p) }, { weight: 1, arbitrary: fc.constantFrom('', ' ', '-', p + p) })));
  return fc.tuple(...pieces, fc.constantFrom('', '', '', '', '', '', '', '', ' ', 'x')).map((xs) => xs.join(''));
}

describe('the fast timestamp reader agrees with date-fns parse', () => {
  for (const pattern of PATTERNS) {
    it(pattern, () => {
      const fast = compileFast(pattern)!;
      expect(fast).toBeDefined();
      const mayParse = literalsInOrder(pattern);
      const reader = new PatternTimestamps(pattern, 'data.timestamps.format', 'UTC', 'UTC');
      let answered = 0;
      fc.assert(
        fc.property(textFor(pattern), (text) => {
          const f = fast(text);
          const d = dateFnsRead(text, pattern);
          if (f === f) {
            answered++;
            expect(f, text).toBe(d);
          }
          // Text the pre-check turns away, date-fns refuses too.
          if (!mayParse(text)) expect(d, text).toBeNaN();
          // What a check reads, cell for cell: date-fns's reading; where it has none, the ISO wall-clock
          // reading a spreadsheet's date cell arrives in (NaN for anything else).
          expect(reader.read(text), text).toEqual(d === d ? d : isoWallClock(text));
        }),
        { numRuns: runs },
      );
      // The generator reaches the fast path, not only the fallback.
      expect(answered).toBeGreaterThan(runs / 20);
    });
  }
});
