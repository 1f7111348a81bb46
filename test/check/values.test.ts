import { describe, expect, it } from 'vitest';
import { CellError, numberColumn, parseNumber } from '../../src/core/check/values.js';

describe('value cells are decimal numbers only', () => {
  it('reads decimals: sign, point, exponent, spaces around', () => {
    expect(parseNumber('16')).toBe(16);
    expect(parseNumber('0')).toBe(0);
    expect(parseNumber('007')).toBe(7);
    expect(parseNumber('0.5')).toBe(0.5);
    expect(parseNumber('.5')).toBe(0.5);
    expect(parseNumber('-0.5')).toBe(-0.5);
    expect(parseNumber('+3')).toBe(3);
    expect(parseNumber('1e3')).toBe(1000);
    expect(parseNumber('0e1')).toBe(0);
    expect(parseNumber(' 42 ')).toBe(42);
  });
  it('reads "" and spaces as missing', () => {
    expect(parseNumber('')).toBeNaN();
    expect(parseNumber('   ')).toBeNaN();
  });
  it('rejects what Number() reads but a CSV does not mean: 0x10, 0b11, 0o7 (16, 3, 7 to Number), 1_000, NaN, Infinity', () => {
    for (const text of ['0x10', '0X10', '0b11', '0B11', '0o7', '0O7', ' 0x10', '\u00a00b1', '0x0', '1_000', 'NaN', 'Infinity', '-Infinity', '-0x10', '1,5', 'n/a']) {
      expect(parseNumber(text), text).toBe(Infinity); // the "not a number" marker
    }
  });
  it('names the column of a bad cell', () => {
    const read = numberColumn('value').bind(new Map([['value', 1]]));
    expect(read(['2026-01-01', '12.5'])).toBe(12.5);
    expect(() => read(['2026-01-01', '0x10'])).toThrow(CellError);
    expect(() => read(['2026-01-01', '0o7'])).toThrow('"0o7" is not a number');
  });
});
