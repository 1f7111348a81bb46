// The YAML loader's rules from issue 13, with what they must still accept beside each refusal, so
// a check that refuses too much fails here as surely as one that refuses too little.
import { describe, expect, it } from 'vitest';
import { MAX_YAML_NODES, parseYaml } from '../../src/core/load/yaml-source.js';
import { load, minimalText, mutate, positionOf } from './fixture.js';

const errors = (text: string) => load(text).problems.filter((p) => p.severity === 'error');

describe('keys', () => {
  it('an alias as a key is refused at the alias, so "target: 99.9" cannot be overridden unseen', () => {
    const text = mutate('      target: 99.5', '      &t target: 99.5\n      *t : 0');
    expect(errors(text)).toEqual([expect.objectContaining({ rule: 'yaml/alias-key', ...positionOf(text, '*t :') })]);
  });

  it('aliases as values still work', () => {
    const text = mutate('  provider: [Answer tickets]', '  provider: &duties [Answer tickets]').replace('  recipient: [Raise tickets]', '  recipient: *duties');
    const result = load(text);
    expect(result.problems).toEqual([]);
    expect(result.sla!.expectations.recipient).toEqual(['Answer tickets']);
  });

  it.each([
    ['quoted', 'title: A\n"title": B'],
    ['single-quoted', "title: A\n'title': B"],
    ['explicit', 'title: A\n? title\n: B'],
  ])('a duplicate key is refused however it is spelled (%s)', (_name, lines) => {
    const text = mutate('title: Minimal agreement', lines);
    expect(errors(text)).toEqual([expect.objectContaining({ rule: 'yaml/duplicate-key', message: 'duplicate key "title": it is already set on line 3; keep one', line: 4 })]);
  });

  it('a number key and its text are the same property', () => {
    const text = mutate('  summary: A small service.', '  summary: A small service.\n  1: one\n  "1": two');
    expect(errors(text)[0]).toMatchObject({ rule: 'yaml/duplicate-key', ...positionOf(text, '"1": two') });
  });

  it('a merge key is refused at the key; a quoted "<<" is only an unknown key', () => {
    const merged = mutate('    objective:', '    objective:\n      <<: { op: "<=", target: 0 }');
    expect(errors(merged)).toEqual([expect.objectContaining({ rule: 'yaml/merge-key', ...positionOf(merged, '<<') })]);
    const quoted = mutate('    objective:', '    objective:\n      "<<": x');
    expect(errors(quoted)[0]!.rule).toBe('schema/additionalProperties');
  });

  it('a list as a key is a located error, and nothing reaches stderr', () => {
    const text = mutate('title: Minimal agreement', 'title: A\n[a, b]: B');
    const warn = console.warn;
    const warned: unknown[] = [];
    console.warn = (...args: unknown[]) => warned.push(args);
    try {
      expect(errors(text)).toEqual([expect.objectContaining({ rule: 'yaml/complex-key', line: 4, column: 1 })]);
    } finally {
      console.warn = warn;
    }
    expect(warned).toEqual([]);
  });
});

describe('numbers', () => {
  it.each(['0x1F', '0o17', '.inf', '-.inf', '.nan', '1e400', '9'.repeat(400), '2e15'])('%s is refused at the value', (value) => {
    const text = mutate('      target: 99.5', `      target: ${value}`);
    expect(errors(text)).toEqual([expect.objectContaining({ rule: 'yaml/number', ...positionOf(text, value) })]);
  });

  it('YAML 1.1 forms are refused under a %YAML 1.1 directive (0b101, 017, 1:20, yes)', () => {
    const text = '%YAML 1.1\n---\na: 0b101\nb: 017\nc: 1:20\nd: yes\ne: 12\n';
    expect(errors(text).map((p) => [p.rule, p.line])).toEqual([['yaml/number', 3], ['yaml/number', 4], ['yaml/number', 5], ['yaml/boolean', 6]]);
  });

  it.each(['99', '99.5', '+99.5', '1e1', '99.', '1000000000000000'])('%s is a number as written', (value) => {
    const text = mutate('      target: 99.5', `      target: ${value}`);
    expect(errors(text).filter((p) => p.rule === 'yaml/number')).toEqual([]);
  });

  it('a quoted "0x1F" is text, so the schema asks for a number', () => {
    const text = mutate('      target: 99.5', '      target: "0x1F"');
    expect(errors(text)[0]).toMatchObject({ rule: 'schema/type', message: expect.stringContaining('must be a number') });
  });

  it('a 400-digit duration is refused', () => {
    const text = mutate('      response: 15m', `      response: ${'9'.repeat(400)} minutes`);
    expect(errors(text)[0]!.message).toContain('a 400-digit number is too large: a duration counts at most 1,000,000 of a unit');
  });
});

describe('line ends', () => {
  it('a CR-only file reads like its LF twin, with the same positions', () => {
    const lf = `# a comment first\n${mutate('title: Minimal agreement', 'title: 42')}`;
    const cr = lf.replace(/\n/g, '\r');
    expect(load(cr).problems).toEqual(load(lf).problems);
    expect(errors(cr)[0]).toMatchObject({ rule: 'schema/type', line: 4, column: 8 });
  });

  it('the minimal agreement with CRLF and CR mixed is valid', () => {
    const lines = minimalText.split('\n');
    const mixed = lines.map((l, i) => l + (i === lines.length - 1 ? '' : i % 2 ? '\r\n' : '\r')).join('');
    expect(load(mixed).problems).toEqual([]);
  });
});

describe('the node bound', () => {
  const list = (n: number) => mutate('included: [Everything in the summary]', `included: [${Array(n).fill('a').join(',')}]`);

  it('accepts a document just under it and refuses one just over it, at the mark that passed it', () => {
    expect(load(list(19_850)).valid).toBe(true);
    const over = list(MAX_YAML_NODES);
    const [p] = parseYaml(over).problems;
    expect(p).toMatchObject({ rule: 'yaml/size', line: positionOf(over, 'included:').line });
    expect(p!.message).toContain('more than 20,000 YAML nodes');
  });

  it('counts aliases as the nodes they repeat', () => {
    const aliased = (items: number) => `x: &l [${Array(items).fill('a').join(',')}]\ny: [${Array(99).fill('*l').join(', ')}]\n`;
    expect(parseYaml(aliased(190)).problems).toEqual([]);
    expect(parseYaml(aliased(210)).problems).toEqual([expect.objectContaining({ rule: 'yaml/aliases', message: expect.stringContaining('too many alias expansions') })]);
  });

  it('an alias inside the node it names is refused', () => {
    expect(parseYaml('a: &a [1, *a]\n').problems).toEqual([expect.objectContaining({ rule: 'yaml/aliases', line: 1, column: 11 })]);
  });
});
