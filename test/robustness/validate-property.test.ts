import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSla } from '../../src/core/load/load.js';
import { MAX_YAML_NODES } from '../../src/core/load/yaml-source.js';
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

// YAML documents built from anchors, aliases (as values and as keys, defined or not, inside their own
// anchor), merge keys, keys spelled several ways and numbers in every YAML form. Fewer runs by
// default than the properties above (each document is larger); `npm run fuzz` sets SLA_FUZZ_RUNS.
const yamlRuns = Number(process.env.SLA_FUZZ_RUNS ?? 300);
const yamlTimeout = Math.max(60_000, yamlRuns * 40);

const scalar = fc.constantFrom('1', '99.5', '-3', '1e3', '0x1F', '0o17', '0b101', '017', '.inf', '-.Inf', '.nan', '1e400', '9'.repeat(40), 'yes', 'on', 'true', 'null', '~', 'text', '"q"', "'s'", '1_000', '12:30', '2026-01-01', '""');
const alias = fc.constantFrom('*x', '*y', '*z');
const anchor = fc.constantFrom('&x ', '&y ', '&z ');
const key = fc.constantFrom('a', 'b', '"a"', "'b'", '1', '"1"', '1.0', '<<', '*x ', '*y ', '[a, b]', '{a: 1}', 'null', '~', '""', 'title', 'target');
const { node } = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    alias,
    fc.tuple(anchor, tie('node')).map(([a, n]) => a + n),
    fc.array(tie('node'), { maxLength: 5 }).map((items) => `[${items.join(', ')}]`),
    fc.array(fc.tuple(key, tie('node')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${k}: ${v}`).join(', ')}}`),
  ),
}));
const blockLine = fc.oneof(
  fc.tuple(key, node).map(([k, v]) => `${k}: ${v}`),
  fc.tuple(fc.constantFrom('<<', 'c'), alias).map(([k, a]) => `${k}: ${a}`),
  fc.tuple(key, anchor, fc.array(node, { minLength: 1, maxLength: 4 })).map(([k, a, items]) => `${k}: ${a}\n${items.map((i) => `  - ${i}`).join('\n')}`),
);
/** Nested lists of aliases, each level repeating the one before `width` times: the bombs the node bound stops. */
const bomb = fc.record({ width: fc.integer({ min: 1, max: 12 }), depth: fc.integer({ min: 1, max: 8 }), asKey: fc.boolean() }).map(({ width, depth, asKey }) => {
  const lines = [`l0: &l0 [${Array(width).fill('x').join(', ')}]`];
  for (let i = 1; i <= depth; i++) lines.push(`l${i}: &l${i} [${Array(width).fill(`*l${i - 1}`).join(', ')}]`);
  if (asKey) lines.push(`*l${depth} : end`);
  return lines.join('\n') + '\n';
});

describe('the YAML loader on anchors, aliases and merge keys', () => {
  function assertLoads(text: string): void {
    const started = performance.now();
    assertWellFormed(text);
    // Never hangs: every one of these is far under the node bound or refused before it is expanded.
    expect(performance.now() - started).toBeLessThan(2_000);
  }

  it('never throws, always a located error or a model, on random documents', () => {
    fc.assert(fc.property(fc.array(blockLine, { minLength: 1, maxLength: 8 }), (lines) => assertLoads(lines.join('\n') + '\n')), { numRuns: yamlRuns });
  }, yamlTimeout);

  it('on the minimal agreement with anchored, aliased and merged lines spliced in', () => {
    const lines = minimalText.split('\n');
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat({ max: lines.length }), blockLine, fc.nat({ max: 6 })), { minLength: 1, maxLength: 3 }), (edits) => {
        const out = [...lines];
        for (const [at, line, indent] of edits) out.splice(at, 0, ' '.repeat(indent) + line);
        assertLoads(out.join('\n'));
      }),
      { numRuns: yamlRuns },
    );
  }, yamlTimeout);

  it('refuses alias bombs past the node bound, and never for the node bound under it', () => {
    fc.assert(
      fc.property(bomb, (text) => {
        assertLoads(text);
        const result = loadSla(text, 'bomb.yaml', { asOf: '2026-03-01' });
        const sizeRefused = result.problems.some((p) => p.rule === 'yaml/aliases' || p.rule === 'yaml/size');
        const width = text.split('\n')[0]!.split(',').length;
        const depth = text.split('\n').filter((l) => /^l\d+:/.test(l)).length - 1;
        // Nodes once expanded: each level is a list node of `width` copies of the level below.
        let level = 1 + width;
        let total = level;
        for (let i = 1; i <= depth; i++) {
          level = 1 + width * level;
          total += level;
        }
        total += depth + 2; // the keys l0..ln and the mapping
        if (/^\*l\d+ : end$/m.test(text)) total += level + 1; // the alias as a key counts what it repeats too
        if (total > MAX_YAML_NODES + 20) expect(sizeRefused, `${total} nodes`).toBe(true);
        // Under it only the library's own alias count (100 expansions) may still refuse the document.
        if (total < MAX_YAML_NODES - 20) expect(result.problems.filter((p) => /YAML nodes/.test(p.message)), `${total} nodes`).toEqual([]);
      }),
      { numRuns: yamlRuns },
    );
  }, yamlTimeout);
});
