// Validation of business-hours clocks: duration measures, thresholds from the priorities, the clock.
import { describe, expect, it } from 'vitest';
import { DURATION_FORMS } from '../../src/core/duration.js';
import { load, mutate } from './fixture.js';

const MEASURE = '    measure:\n      aggregate: mean\n      metric: availability\n';
/** The minimal agreement with its KPI's measure replaced (and its unit, if given). */
const withMeasure = (measure: string, unit = 'percent', text?: string) => mutate(MEASURE, `    measure: ${measure}\n`, mutate('    unit: percent\n', `    unit: ${unit}\n`, text));
const problems = (text: string) => load(text).problems.map((p) => ({ rule: p.rule, severity: p.severity, path: p.path, message: p.message }));
const DURATION = '{ from: opened_at, to: responded_at, clock: business }';

describe('duration measures (business-hours clocks)', () => {
  it('a KPI per priority with the priority\'s own target is valid', () => {
    const text = withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", target: response }, where: { priority: P1 } }`);
    expect(problems(text)).toEqual([]);
  });

  it('a threshold written as a duration, and pauses, are valid', () => {
    const text = withMeasure('{ aggregate: attainment, duration: { from: opened_at, to: resolved_at, clock: business, paused: paused_minutes, pauses: [{ from: hold, to: unhold }] }, threshold: { op: "<=", value: "4 business hours" } }');
    expect(problems(text)).toEqual([]);
  });

  it('the threshold needs exactly one of value and target', () => {
    const both = problems(withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", value: 15, target: response } }`));
    expect(both).toEqual([expect.objectContaining({ rule: 'rule/measure', severity: 'error', path: '/metrics/0/measure/threshold' })]);
    const neither = problems(withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=" } }`));
    expect(neither[0]!.message).toContain('needs exactly one of "value"');
  });

  it('a priority target needs a duration measure; a duration threshold too', () => {
    expect(problems(withMeasure('{ aggregate: attainment, column: response_minutes, threshold: { op: "<=", target: response } }'))).toEqual([
      expect.objectContaining({ rule: 'rule/measure', path: '/metrics/0/measure/threshold/target', message: expect.stringContaining('add a "duration" measure') }),
    ]);
    expect(problems(withMeasure('{ aggregate: attainment, column: response_minutes, threshold: { op: "<=", value: "4h" } }'))).toEqual([
      expect.objectContaining({ rule: 'rule/measure', path: '/metrics/0/measure/threshold/value' }),
    ]);
  });

  it('durations must parse', () => {
    expect(problems(withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", value: "1 day 4 business hours" } }`))).toEqual([
      expect.objectContaining({ rule: 'rule/duration', message: expect.stringContaining('"1 day 4 business hours" is not a duration (put "business" after the first number') }),
    ]);
    expect(problems(withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", value: "four hours" } }`))).toEqual([
      expect.objectContaining({ rule: 'rule/duration', severity: 'error', path: '/metrics/0/measure/threshold/value', message: `uptime: "four hours" is not a duration: ${DURATION_FORMS}` }),
    ]);
  });

  it('referenced priorities must exist', () => {
    const text = withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", target: response }, priorityColumn: prio, where: { prio: P9 } }`);
    expect(problems(text)).toEqual([expect.objectContaining({ rule: 'rule/unknown-reference', path: '/metrics/0/measure/where/prio', message: expect.stringContaining('priority "P9" is not defined') })]);
    const none = mutate('  priorities:\n    - id: P1\n      name: Critical\n      response: 15m\n      resolution: 4 business hours\n', '  priorities: []\n', withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", target: resolution } }`));
    expect(problems(none)).toEqual([expect.objectContaining({ rule: 'rule/unknown-reference', path: '/metrics/0/measure/threshold/target', message: expect.stringContaining('defines no priorities') })]);
  });

  it('a business clock needs coverage hours that make sense', () => {
    const text = mutate('to: "17:00"', 'to: "08:00"', withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", value: 15 } }`));
    const found = problems(text);
    expect(found).toContainEqual(expect.objectContaining({ rule: 'rule/coverage-hours', path: '/metrics/0/measure/duration/clock', message: expect.stringContaining('the business clock counts scope.coverage hours') }));
  });

  it('a duration cannot be combined with a value column, nor with ratio; count ignores it', () => {
    expect(problems(withMeasure(`{ aggregate: p90, column: minutes, duration: ${DURATION} }`, 'minutes'))).toContainEqual(expect.objectContaining({ rule: 'rule/measure', severity: 'error', path: '/metrics/0/measure/column' }));
    expect(problems(withMeasure(`{ aggregate: ratio, denominator: total, duration: ${DURATION} }`))).toContainEqual(expect.objectContaining({ rule: 'rule/measure', severity: 'error', path: '/metrics/0/measure/aggregate' }));
    expect(problems(withMeasure(`{ aggregate: count, duration: ${DURATION} }`, 'count'))).toEqual([expect.objectContaining({ rule: 'rule/measure', severity: 'warning', path: '/metrics/0/measure/duration' })]);
  });

  it('a duration aggregated as a time wants a time unit', () => {
    expect(problems(withMeasure(`{ aggregate: p90, duration: ${DURATION} }`, 'minutes'))).toEqual([]);
    expect(problems(withMeasure(`{ aggregate: p90, duration: ${DURATION} }`, 'score'))).toEqual([expect.objectContaining({ rule: 'rule/unit', severity: 'warning', path: '/metrics/0/unit' })]);
  });

  it('warns when the clock and the target disagree (business time on a calendar clock, calendar days on a business clock)', () => {
    const calendar = problems(withMeasure('{ aggregate: attainment, duration: { from: a, to: b, clock: calendar }, threshold: { op: "<=", target: resolution } }'));
    expect(calendar).toEqual([expect.objectContaining({ rule: 'rule/clock', severity: 'warning', path: '/expectations/priorities/0/resolution' })]);
    const business = problems(withMeasure(`{ aggregate: attainment, duration: ${DURATION}, threshold: { op: "<=", value: "2 days" } }`));
    expect(business).toEqual([expect.objectContaining({ rule: 'rule/clock', severity: 'warning', message: expect.stringContaining('"2 days" is read as 48 business hours') })]);
  });

  it('the schema rejects an unknown clock and unknown keys in a duration', () => {
    expect(problems(withMeasure('{ aggregate: attainment, duration: { from: a, to: b, clock: office }, threshold: { op: "<=", value: 5 } }'))[0]).toMatchObject({ severity: 'error', path: '/metrics/0/measure/duration/clock' });
    expect(problems(withMeasure('{ aggregate: attainment, duration: { from: a, to: b, clock: business, pause: x }, threshold: { op: "<=", value: 5 } }'))[0]).toMatchObject({ severity: 'error', rule: 'schema/additionalProperties' });
  });
});
