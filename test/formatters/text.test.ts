import { describe, expect, it } from 'vitest';
import { escapePointerSegment, pointerOf, pointerSegments, pointerToReadable, unescapePointerSegment } from '../../src/core/problems.js';
import { cut, cutList, plural, pluralWord } from '../../src/core/text.js';
import { escapeGithubData, escapeGithubProperty, exactNumber, formatNumber, OP_SYMBOL, OP_WORDS, unitSuffix } from '../../src/formatters/text.js';

describe('plural', () => {
  it('writes the count and the singular only for exactly one', () => {
    expect(plural(0, 'row')).toBe('0 rows');
    expect(plural(1, 'row')).toBe('1 row');
    expect(plural(2, 'row')).toBe('2 rows');
    expect(plural(1.5, 'hour')).toBe('1.5 hours');
    expect(plural(-1, 'day')).toBe('-1 days');
  });
  it('takes an irregular plural', () => {
    expect(plural(1, 'breach', 'breaches')).toBe('1 breach');
    expect(plural(3, 'breach', 'breaches')).toBe('3 breaches');
  });
  it('gives the word alone, for verbs and counts written elsewhere', () => {
    expect(pluralWord(1, 'is', 'are')).toBe('is');
    expect(pluralWord(2, 'is', 'are')).toBe('are');
    expect(pluralWord(2, 'minute')).toBe('minutes');
  });
});

describe('GitHub annotation escaping', () => {
  it('escapes %, and shows CR, LF and other controls as printable escapes (one annotation line, no ESC in the log)', () => {
    expect(escapeGithubData('50% done\r\nnext')).toBe('50%25 done\\r\\nnext');
    expect(escapeGithubData('a\u001b[2Jb')).toBe('a\\x1b[2Jb');
    expect(escapeGithubData('%0A')).toBe('%250A');
    expect(escapeGithubData('a: b, c')).toBe('a: b, c');
  });
  it('escapes : and , as well in properties', () => {
    expect(escapeGithubProperty('C:\\sla, v2.yaml')).toBe('C%3A\\sla%2C v2.yaml');
    expect(escapeGithubProperty('100%\n:,')).toBe('100%25\\n%3A%2C');
  });
});

describe('JSON pointer escaping', () => {
  it('escapes ~ before / (RFC 6901)', () => {
    expect(escapePointerSegment('a/b')).toBe('a~1b');
    expect(escapePointerSegment('a~b')).toBe('a~0b');
    expect(escapePointerSegment('~1')).toBe('~01');
    expect(escapePointerSegment(3)).toBe('3');
    expect(unescapePointerSegment('~01')).toBe('~1');
  });
  it('round-trips any keys through a pointer', () => {
    const keys = ['metrics', '2', 'a/b', '~', '~1', '/~0/', '', 'plain'];
    for (const key of keys) expect(unescapePointerSegment(escapePointerSegment(key))).toBe(key);
    expect(pointerSegments(pointerOf(keys))).toEqual(keys);
    expect(pointerOf(['metrics', 2, 'a/b'])).toBe('/metrics/2/a~1b');
  });
  it('reads the whole document as no segments', () => {
    expect(pointerSegments('')).toEqual([]);
    expect(pointerOf([])).toBe('');
    expect(pointerToReadable(pointerOf(['metrics', 2, 'a/b']))).toBe('metrics[2]["a/b"]');
  });
});

describe('cut', () => {
  it('keeps text that fits', () => {
    expect(cut('abc', 3)).toBe('abc');
    expect(cut('', 0)).toBe('');
  });
  it('shortens to at most max characters, the ellipsis included', () => {
    expect(cut('abcdef', 5)).toBe('abcd…');
    expect(cut('x'.repeat(50), 40, '...')).toBe('x'.repeat(37) + '...');
    expect(cut('x'.repeat(50), 40, '...')).toHaveLength(40);
    expect(cut('abcdef', 2, '...')).toBe('...');
  });
  it('cuts lists, the ellipsis as one more item', () => {
    expect(cutList(['a', 'b', 'c'], 3, '...')).toEqual(['a', 'b', 'c']);
    expect(cutList(['a', 'b', 'c', 'd'], 2, '...')).toEqual(['a', 'b', '...']);
  });
});

describe('units, operators and numbers', () => {
  it('has one suffix and one symbol per unit and operator', () => {
    expect(unitSuffix('percent')).toBe(' %');
    expect(unitSuffix('milliseconds')).toBe(' ms');
    expect(unitSuffix('count')).toBe('');
    expect(unitSuffix('constructor')).toBe('');
    expect(OP_SYMBOL['>=']).toBe('≥');
    expect(OP_WORDS['<=']).toBe('at most');
  });
  it('writes every number one way: en-US grouping, never -0 (more in numbers.test.ts)', () => {
    expect(formatNumber(1300.456, 2)).toBe('1,300.46');
    expect(formatNumber(99.9549, 3)).toBe('99.955');
    expect(formatNumber(1300.4567)).toBe('1,300.457');
    expect(formatNumber(-0.0001)).toBe('0');
    expect(exactNumber(1500)).toBe('1,500');
  });
});
