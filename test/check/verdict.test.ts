import { describe, expect, it } from 'vitest';
import { isFailing, overallStatus, type Status } from '../../src/core/check/index.js';

describe('the verdict: what fails a check', () => {
  const table: [Status, boolean, boolean][] = [
    // status, --allow-missing, fails
    ['met', false, false],
    ['met', true, false],
    ['breached', false, true],
    ['breached', true, true],
    ['no-data', false, true],
    ['no-data', true, false],
    // Too few samples (minSamples) counts like no data.
    ['insufficient-data', false, true],
    ['insufficient-data', true, false],
  ];
  it.each(table)('%s with allowMissing=%s fails: %s', (status, allowMissing, fails) => {
    expect(isFailing(status, { allowMissing })).toBe(fails);
  });

  const of = (...statuses: Status[]) => statuses.map((status) => ({ status }));
  it('overall: a breach anywhere is a breach, with or without --allow-missing', () => {
    for (const allowMissing of [false, true]) {
      expect(overallStatus(of('met', 'breached', 'no-data'), { allowMissing })).toBe('breached');
      expect(overallStatus(of('breached'), { allowMissing })).toBe('breached');
    }
  });

  it('overall: no data everywhere (or no results) is no data, even when missing data is allowed', () => {
    for (const allowMissing of [false, true]) {
      expect(overallStatus(of('no-data', 'no-data'), { allowMissing })).toBe('no-data');
      expect(overallStatus([], { allowMissing })).toBe('no-data');
    }
  });

  it('overall: some periods without data are no data unless allowed, then met', () => {
    expect(overallStatus(of('met', 'no-data'), { allowMissing: false })).toBe('no-data');
    expect(overallStatus(of('met', 'no-data'), { allowMissing: true })).toBe('met');
    expect(overallStatus(of('met', 'met'), { allowMissing: false })).toBe('met');
  });
});

describe('the verdict on too few samples', () => {
  const of = (...statuses: Status[]) => statuses.map((status) => ({ status }));
  it('overall: too few samples is no data, unless a breach or --allow-missing says otherwise', () => {
    expect(overallStatus(of('met', 'insufficient-data'), { allowMissing: false })).toBe('no-data');
    expect(overallStatus(of('met', 'insufficient-data'), { allowMissing: true })).toBe('met');
    expect(overallStatus(of('insufficient-data', 'no-data'), { allowMissing: true })).toBe('no-data');
    expect(overallStatus(of('insufficient-data', 'breached'), { allowMissing: true })).toBe('breached');
  });
});
