// The quick YAML reader behind parseYaml (src/core/load/plain-yaml.ts): whatever it accepts, the yaml
// library reads to the same data (same keys in the same order, -0 and all) with no problem at all, so
// `sla validate` prints the same; whatever else it meets, it leaves to the library.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadSla } from '../../src/core/load/load.js';
import { readPlainYaml } from '../../src/core/load/plain-yaml.js';
import { parseFully, parseYaml } from '../../src/core/load/yaml-source.js';
import { repoRoot } from '../helpers.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 3_000);
const timeout = Math.max(30_000, runs * 10);

/** Same data, key order included (toEqual ignores it; JSON loses -0). */
function expectSame(plain: unknown, text: string): void {
  const full = parseFully(text);
  expect(full.problems, text).toEqual([]);
  expect(JSON.stringify(plain), text).toBe(JSON.stringify(full.data));
  expect(plain, text).toStrictEqual(full.data);
}

/** The property: either the reader gives up, or it agrees with the library. Returns whether it read. */
function agrees(text: string): boolean {
  const plain = readPlainYaml(text);
  if (plain === undefined) return false;
  expectSame(plain, text);
  return true;
}

const exampleFiles = readdirSync(join(repoRoot, 'examples'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => join(repoRoot, 'examples', d.name, 'sla.yaml'));

describe('the quick YAML reader', () => {
  it('reads every example as the yaml library does', () => {
    for (const file of exampleFiles) expect(agrees(readFileSync(file, 'utf8')), file).toBe(true);
  });

  it('reads block and flow collections, quoted and block scalars, comments', () => {
    const text = [
      '# a comment',
      'sla: 1',
      'title: "Quoted: with # and \'"',
      "single: 'it''s'",
      'empty:',
      'dash: -5',
      'float: 99.50',
      'exp: 1e3',
      'bools: [true, False, TRUE]',
      'nulls: [~, null, Null]',
      'flow: { a: sha256:be36, "b c": [1, 2.5, x y], d: {} }',
      'list:',
      '- one # trailing comment',
      '-   two: 2',
      '    three: 3',
      '- [a, b]',
      'nested:',
      '    deep:',
      '      - k: v',
      '        # inside',
      '        l: w',
      'folded: >-',
      '  first line',
      '  second line',
      '',
      '  new paragraph',
      'literal: |',
      '  line one',
      '  line two',
      '',
      'after: end',
      '',
    ].join('\n');
    expect(agrees(text)).toBe(true);
    expect(readPlainYaml(text)).toMatchObject({ folded: 'first line second line\nnew paragraph', literal: 'line one\nline two\n', empty: null, dash: -5, float: 99.5 });
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a: {x: 1}\n<<: {y: 2}\n'],
    ['a number key', '1: one\n'],
    ['a hexadecimal number', 'a: 0x1F\n'],
    ['an infinite number', 'a: .inf\n'],
    ['a number past the bound', 'a: 1e16\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line flow', 'a: [1,\n  2]\n'],
    ['a tab', 'a:\t1\n'],
    ['an escape', 'a: "x\\ny"\n'],
    ['a document marker', '---\na: 1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a kept block scalar', 'a: |+\n  x\n\nb: 1\n'],
    ['a more-indented folded line', 'a: >\n  x\n    y\nb: 1\n'],
    ['a block scalar at the end without a line break', 'a: |\n  x'],
    ['bad indentation', 'a:\n    b: 1\n  c: 2\n'],
    ['a scalar document', 'just text\n'],
    ['an empty file', ''],
    ['__proto__', '__proto__: 1\n'],
    ['a trailing comma', 'a: [1, 2, ]\n'],
  ])('leaves %s to the library', (_name, text) => {
    expect(readPlainYaml(text)).toBeUndefined();
  });

  it('keeps every problem and location: an invalid file is parsed again by the library for positions', () => {
    const text = readFileSync(exampleFiles[0]!, 'utf8').replace(/^title: .*$/m, 'title: 5');
    const source = parseYaml(text);
    expect(readPlainYaml(text)).toBeDefined();
    const problems = loadSla(text, 'x.yaml', { asOf: '2026-03-01' }).problems;
    const line = text.split('\n').findIndex((l) => l.startsWith('title:')) + 1;
    expect(problems).toContainEqual(expect.objectContaining({ rule: 'schema/type', line, column: 8 }));
    expect(source.document).toBeDefined();
  });

  // Random data written out by the yaml library in its many styles, and random edits of it.
  const word = fc.stringMatching(/^[a-z][a-z0-9 .:@/-]{0,10}$/);
  const key = fc.oneof({ arbitrary: word, weight: 12 }, fc.constantFrom('a', 'b', 'id', 'key with space', 'x:y', 'q"', "s'", '#h', '-d', 'true', '1', 'null', '<<', '__proto__', ''), fc.string({ maxLength: 6 }));
  const scalar = fc.oneof(
    { arbitrary: word, weight: 16 },
    { arbitrary: fc.integer({ min: -1000, max: 100_000 }), weight: 6 },
    fc.constantFrom('', ' ', 'a b', 'a: b', 'a #b', '#c', '- x', '-5', '1e3', '0x1F', '.inf', '017', '1.50', 'yes', 'null', '~', 'True', '[x]', '{y}', 'x, y', "it's", '"q"', 'sha256:be36', 'a\nb', 'a\n\nb\n', '  lead', 'trail  ', '\\'),
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ maxDepth: 4 }, scalar, tie('list'), tie('map')),
    list: fc.array(tie('node'), { maxLength: 4 }),
    map: fc.dictionary(key, tie('node'), { maxKeys: 5 }),
  })).map;
  const style = fc.record({
    indent: fc.constantFrom(2, 4),
    indentSeq: fc.boolean(),
    flowCollectionPadding: fc.boolean(),
    collectionStyle: fc.constantFrom('any' as const, 'block' as const, 'flow' as const),
    defaultStringType: fc.constantFrom('PLAIN' as const, 'QUOTE_DOUBLE' as const, 'QUOTE_SINGLE' as const, 'BLOCK_LITERAL' as const, 'BLOCK_FOLDED' as const),
    defaultKeyType: fc.constantFrom(null, 'PLAIN' as const, 'QUOTE_DOUBLE' as const),
    lineWidth: fc.constantFrom(0, 20, 80),
  });

  it('agrees with the library on random data in random styles', () => {
    let read = 0;
    fc.assert(fc.property(value, style, (data, opts) => {
      if (agrees(stringify(data, opts))) read++;
    }), { numRuns: runs });
    expect(read).toBeGreaterThan(runs / 20); // not vacuous: about one in eight is read (the rest hold something it leaves)
  }, timeout);

  it('agrees with the library on random edits of such text', () => {
    const edit = fc.record({
      at: fc.nat(),
      drop: fc.nat({ max: 6 }),
      insert: fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom(':', ': ', '- ', '-', '[', ']', '{', '}', ',', '"', "'", '#', ' #', '\n', '\n  ', '\n- ', '  ', '|', '>-', '|-\n  ', '&a ', '*a', '!', '? ', '~', '0', '.', 'e')),
    });
    fc.assert(fc.property(value, style, fc.array(edit, { minLength: 1, maxLength: 3 }), (data, opts, edits) => {
      let text = stringify(data, opts);
      for (const e of edits) {
        const at = text.length === 0 ? 0 : e.at % (text.length + 1);
        text = text.slice(0, at) + e.insert + text.slice(at + e.drop);
      }
      agrees(text);
    }), { numRuns: runs });
  }, timeout);
});
