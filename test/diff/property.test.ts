// Properties of diffAgreements over random edits of the examples: a document against itself (or a
// reordered, reformatted copy) has no change, and swapping the sides swaps before and after.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { diffAgreements, materialContent, canonicalJson } from '../../src/core/diff/compare.js';
import type { Sla } from '../../src/core/model.js';
import { exampleData } from '../render/fixtures.js';

const RUNS = Math.max(20, Math.floor(Number(process.env.SLA_FUZZ_RUNS ?? 250) / 2));
const examples = ['it-service-desk', 'platform-api', 'ticket-export'].map((n) => exampleData(n) as unknown as Sla);

/** The same agreement with every list of items shuffled and every mapping's keys in another order. */
function shuffled(value: unknown, rand: () => number, orderMatters = false): unknown {
  if (Array.isArray(value)) {
    const items = value.map((x) => shuffled(x, rand));
    if (orderMatters) return items;
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort(() => rand() - 0.5);
    return Object.fromEntries(keys.map((k) => [k, shuffled((value as Record<string, unknown>)[k], rand, k === 'escalation')]));
  }
  return value;
}

const seeded = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

/** A random edit at a random leaf: a number nudged, a string changed, a list item dropped. */
function edited(sla: Sla, pick: number, how: number): Sla {
  const copy = structuredClone(sla) as unknown as Record<string, unknown>;
  const leaves: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach((x, i) => (x !== null && typeof x === 'object' ? walk(x) : leaves.push([v, i])));
    else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) (x !== null && typeof x === 'object' ? walk(x) : leaves.push([v as Record<string, unknown>, k]));
  };
  walk(copy);
  const [parent, key] = leaves[pick % leaves.length]!;
  const old = (parent as Record<string | number, unknown>)[key];
  if (Array.isArray(parent) && how % 3 === 0) parent.splice(key as number, 1);
  else (parent as Record<string | number, unknown>)[key] = typeof old === 'number' ? old + 1 + how : `${String(old)} (edited ${how})`;
  return copy as unknown as Sla;
}

describe('diffAgreements', () => {
  it('finds nothing between a document and a reordered, reformatted copy of it, and the fingerprint input agrees', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.integer(), (sla, seed) => {
        const copy = parse(stringify(shuffled(sla, seeded(Math.abs(seed) + 1)), { indent: 4, collectionStyle: 'flow' })) as Sla;
        expect(diffAgreements(sla, sla)).toEqual([]);
        expect(diffAgreements(sla, copy)).toEqual([]);
        expect(canonicalJson(materialContent(copy))).toBe(canonicalJson(materialContent(sla)));
      }),
      { numRuns: RUNS },
    );
  });

  it('lists the same paths both ways round, before and after swapped; an edit is found', () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.nat(), fc.nat(), (sla, pick, how) => {
        const other = edited(sla, pick, how);
        const forward = diffAgreements(sla, other);
        const backward = diffAgreements(other, sla);
        expect(forward.length).toBeGreaterThan(0);
        const byPath = new Map(backward.map((c) => [c.path, c]));
        expect([...byPath.keys()].sort()).toEqual(forward.map((c) => c.path).sort());
        for (const c of forward) {
          const b = byPath.get(c.path)!;
          expect([b.before, b.after, b.class]).toEqual([c.after, c.before, c.class]);
          expect(b.kind).toBe(c.kind === 'added' ? 'removed' : c.kind === 'removed' ? 'added' : 'changed');
        }
      }),
      { numRuns: RUNS },
    );
  });
});
