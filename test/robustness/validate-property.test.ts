import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSla } from '../../src/core/load/load.js';
import { minimalText } from '../validate/fixture.js';

// 4,000 random documents per property (12,000 in all) in every test run; SLA_FUZZ_RUNS raises it for a soak.
const runs = Number(process.env.SLA_FUZZ_RUNS ?? 4_000);
// Long soaks (npm run fuzz) need time in proportion.
const timeout = Math.max(30_000, runs * 10);

function assertWellFormed(text: string): void {
  const result = loadSla(text, 'fuzz.yaml', { asOf: '2026-03-01' });
  expect(typeof result.valid).toBe('boolean');
  const lines = text.split('\n').length;
  for (const p of result.problems) {
    expect(Number.isInteger(p.line) && p.line >= 1 && p.line <= lines + 1, JSON.stringify(p)).toBe(true);
    expect(Number.isInteger(p.column) && p.column >= 1).toBe(true);
    expect(p.message.length).toBeGreaterThan(0);
    expect(['error', 'warning']).toContain(p.severity);
  }
  if (!result.valid) expect(result.problems.some((p) => p.severity === 'error')).toBe(true);
}

describe('validate never throws', () => {
  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => assertWellFormed(text)), { numRuns: runs });
  }, timeout);

  it('on arbitrary YAML data', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => assertWellFormed(stringify(value))), { numRuns: runs });
  }, timeout);

  it('on the minimal agreement with random edits', () => {
    const edit = fc.record({
      at: fc.nat({ max: minimalText.length }),
      drop: fc.nat({ max: 40 }),
      insert: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(':', '- ', '[', '{', '"', "'", '\t', '\n  ', '&a ', '*a', '!!str ', '#', '|', '>', '? ')),
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
        let text = minimalText;
        for (const e of edits) text = text.slice(0, e.at) + e.insert + text.slice(e.at + e.drop);
        assertWellFormed(text);
      }),
      { numRuns: runs },
    );
  }, timeout);
});
