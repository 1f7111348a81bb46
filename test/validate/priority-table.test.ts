// The priority table kept consistent: calendar days on a business-hours desk, and KPIs that measure a
// priority's response or resolution with a time of their own. The desk is a university service desk's
// real table (Mon-Fri 09:00-17:00), written the way its page says it and the way it means it.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { checkRules } from '../../src/core/rules/index.js';
import type { Sla } from '../../src/core/model.js';
import { AS_OF, load, minimalText, mutate } from './fixture.js';

const findings = (text: string) => load(text).problems.map((p) => ({ rule: p.rule, severity: p.severity, path: p.path, message: p.message }));

type Times = [id: string, response: string, resolution: string][];

const AS_WRITTEN: Times = [
  ['P1', '15 minutes', '4 hours'], ['P2', '1 hour', '1 day'], ['P3', '2 hours', '3 days'], ['P4', '4 hours', '5 days'], ['P5', '8 hours', '10 days'],
];
const AS_MEANT: Times = [
  ['P1', '15 business minutes', '4 business hours'], ['P2', '1 business hour', '1 working day'], ['P3', '2 working hours', '3 working days'],
  ['P4', '4 business hours', '5 business days'], ['P5', '8 business hours', '10 working days'],
];

/** The desk: the priority table, and a response and a resolution KPI per priority (`kpis` replaces them). */
function desk(times: Times, kpis?: string): string {
  const priorities = times.map(([id, response, resolution]) => `    - { id: ${id}, name: ${id}, response: ${response}, resolution: ${resolution} }`).join('\n');
  const perPriority = times.flatMap(([id, response, resolution]) => [
    `  - { id: ${id.toLowerCase()}-response, name: ${id} tickets answered within ${response}, unit: percent, objective: { op: ">=", target: 90 }, period: month, measure: { aggregate: attainment, duration: { from: opened_at, to: first_response_at, clock: business }, where: { priority: ${id} }, threshold: { op: "<=", target: response } } }`,
    `  - { id: ${id.toLowerCase()}-resolution, name: ${id} tickets resolved within ${resolution}, unit: percent, objective: { op: ">=", target: 85 }, period: month, measure: { aggregate: attainment, duration: { from: opened_at, to: resolved_at, clock: business }, where: { priority: ${id} }, threshold: { op: "<=", target: resolution } } }`,
  ]).join('\n');
  const ids = times.flatMap(([id]) => [`${id.toLowerCase()}-response`, `${id.toLowerCase()}-resolution`]);
  let text = mutate('    - id: P1\n      name: Critical\n      response: 15m\n      resolution: 4 business hours\n', `${priorities}\n`);
  text = mutate(text.slice(text.indexOf('metrics:\n'), text.indexOf('reporting:\n')), `metrics:\n${kpis ?? perPriority}\n`, text);
  return mutate('  - kpis: [uptime]', `  - kpis: [${kpis === undefined ? ids.join(', ') : 'p2-resolution'}]`, text);
}

describe('calendar-time-on-business-desk', () => {
  it('warns about each calendar day on a Mon-Fri desk, suggesting the business form', () => {
    const found = findings(desk(AS_WRITTEN)).filter((f) => f.rule === 'rule/calendar-time-on-business-desk');
    expect(found.map((f) => f.path)).toEqual(['/expectations/priorities/1/resolution', '/expectations/priorities/2/resolution', '/expectations/priorities/3/resolution', '/expectations/priorities/4/resolution']);
    expect(found.every((f) => f.severity === 'warning')).toBe(true);
    expect(found[0]!.message).toBe(`priority P2's resolution time "1 day" runs around the clock (24 hours), but the desk works mon, tue, wed, thu, fri 09:00–17:00, where "1 day" usually means working days; write "1 business day" (8 business hours) if that is what is meant`);
    expect(found[1]!.message).toContain('write "3 business days" (24 business hours)');
  });

  it('leaves the desk written in business days clean', () => {
    expect(findings(desk(AS_MEANT))).toEqual([]);
  });

  it('fails validate --strict through the warning, and can be turned off by its per-rule severity', () => {
    const sla = parseYaml(desk(AS_WRITTEN)) as Sla;
    const ids = (severities = {}) => [...new Set(checkRules(sla, { asOf: AS_OF }, severities).map((f) => f.rule))];
    expect(ids()).toContain('rule/calendar-time-on-business-desk');
    expect(ids({ 'calendar-time-on-business-desk': 'off' })).not.toContain('rule/calendar-time-on-business-desk');
    expect(checkRules(sla, { asOf: AS_OF }, { 'calendar-time-on-business-desk': 'error' }).filter((f) => f.rule === 'rule/calendar-time-on-business-desk').every((f) => f.severity === 'error')).toBe(true);
  });

  it('leaves calendar days alone on a desk covered around the clock, and hours alone everywhere', () => {
    const allDay = mutate('    days: [mon, tue, wed, thu, fri]\n    from: "09:00"\n    to: "17:00"', '    days: [mon, tue, wed, thu, fri, sat, sun]\n    from: "00:00"\n    to: "24:00"', desk(AS_WRITTEN));
    expect(findings(allDay).filter((f) => f.rule === 'rule/calendar-time-on-business-desk')).toEqual([]);
    const compound = findings(mutate('resolution: 4 hours', 'resolution: 1 day 4 hours', desk(AS_WRITTEN))).filter((f) => f.rule === 'rule/calendar-time-on-business-desk' && f.path === '/expectations/priorities/0/resolution');
    expect(compound).toEqual([expect.objectContaining({ rule: 'rule/calendar-time-on-business-desk', message: expect.stringContaining('write "1 business day and 4 business hours" (12 business hours)') })]);
  });
});

describe('kpi-matches-priority', () => {
  const p2Kpi = (threshold: string, name = 'P2 tickets resolved within 1 business day', measure = 'duration: { from: opened_at, to: resolved_at, clock: business }') =>
    `  - { id: p2-resolution, name: ${name}, unit: percent, objective: { op: ">=", target: 90 }, period: month, measure: { aggregate: attainment, ${measure}, where: { priority: P2 }, threshold: ${threshold} } }`;

  it('a fixed threshold left behind when the table changes is an error suggesting target:', () => {
    // The author changed P2's resolution from 1 business day to 3; the KPI still counts 480 business minutes.
    const times: Times = [['P2', '1 business hour', '3 business days']];
    const f = findings(desk(times, p2Kpi('{ op: "<=", value: 480 }', 'P2 tickets resolved within 3 business days')));
    expect(f).toEqual([{
      rule: 'rule/kpi-matches-priority', severity: 'error', path: '/metrics/0/measure/threshold/value',
      message: 'p2-resolution measures P2\'s resolution against 480 business minutes, but P2\'s resolution time "3 business days" is 1440 business minutes; write threshold: { op: "<=", target: resolution } so the KPI follows the priority table',
    }]);
  });

  it('the issue\'s desk: "1 day" in the table and <= 480 in the KPI', () => {
    const f = findings(desk([['P2', '1 hour', '1 day']], p2Kpi('{ op: "<=", value: 480 }', 'P2 tickets resolved within 1 day')));
    expect(f.map((x) => [x.rule, x.severity])).toEqual(expect.arrayContaining([
      ['rule/calendar-time-on-business-desk', 'warning'], ['rule/kpi-matches-priority', 'error'],
    ]));
  });

  it('a threshold equal to the priority\'s time gets a hint to write target: instead', () => {
    for (const value of ['480', '"1 business day"', '"8 business hours"']) {
      const f = findings(desk([['P2', '1 business hour', '1 business day']], p2Kpi(`{ op: "<=", value: ${value} }`)));
      expect(f, value).toEqual([expect.objectContaining({ rule: 'rule/kpi-matches-priority', severity: 'warning', path: '/metrics/0/measure/threshold/value', message: expect.stringContaining('write threshold: { op: "<=", target: resolution } so the KPI follows the priority table when the time changes') })]);
    }
  });

  it('a threshold of target: follows the table and is clean', () => {
    expect(findings(desk([['P2', '1 business hour', '1 business day']], p2Kpi('{ op: "<=", target: resolution }')))).toEqual([]);
  });

  it('a value column may hold minutes, hours or days of the priority\'s time; anything else is an error', () => {
    const column = (value: number, col = 'resolution_business_minutes') => findings(desk([['P2', '1 business hour', '1 business day']], p2Kpi(`{ op: "<=", value: ${value} }`, undefined, `column: ${col}`)));
    expect(column(480)).toEqual([]);
    expect(column(8, 'resolution_business_hours')).toEqual([]);
    expect(column(1, 'resolution_business_days')).toEqual([]);
    expect(column(240)).toEqual([expect.objectContaining({
      rule: 'rule/kpi-matches-priority', severity: 'error',
      message: 'p2-resolution counts P2 resolutions within 240, but P2\'s resolution time "1 business day" is 480 business minutes; make the threshold 480, or time each row between two timestamp columns (measure.duration) and write threshold: { op: "<=", target: resolution } so the KPI follows the priority table',
    })]);
  });

  it('tells a response KPI from a resolution KPI by its column, id or name', () => {
    const times: Times = [['P1', '15 business minutes', '4 business hours']];
    const kpi = (id: string, measure: string, value: number) => `  - { id: ${id}, name: Tickets, unit: percent, objective: { op: ">=", target: 90 }, period: month, measure: { aggregate: attainment, ${measure}, where: { priority: P1 }, threshold: { op: "<=", value: ${value} } } }`;
    const wrong = (id: string, measure: string, value: number) => findings(desk(times, kpi(id, measure, value)).replace('kpis: [p2-resolution]', `kpis: [${id}]`)).map((f) => f.rule);
    expect(wrong('answered', 'duration: { from: opened_at, to: first_response_at, clock: business }', 240)).toEqual(['rule/kpi-matches-priority']);
    expect(wrong('answered', 'duration: { from: opened_at, to: first_response_at, clock: business }', 15)).toEqual(['rule/kpi-matches-priority']); // the hint
    expect(wrong('p1-resolution', 'column: minutes', 240)).toEqual([]);
    expect(wrong('p1-resolution', 'column: minutes', 15)).toEqual(['rule/kpi-matches-priority']);
    expect(wrong('p1-restore', 'metric: incident_restore_minutes', 240)).toEqual([]);
    // Nothing says which time it is: no finding.
    expect(wrong('p1-tickets', 'column: minutes', 99)).toEqual([]);
  });

  it('a name that promises another time than the table is a warning', () => {
    const times: Times = [['P2', '15 business minutes', '1 business day']];
    const kpi = `  - { id: p2-resolution, name: P2 tickets answered within 15 minutes, unit: percent, objective: { op: ">=", target: 90 }, period: month, measure: { aggregate: attainment, duration: { from: opened_at, to: first_response_at, clock: business }, where: { priority: P2 }, threshold: { op: "<=", target: response } } }`;
    expect(findings(desk(times, kpi))).toEqual([{
      rule: 'rule/kpi-matches-priority', severity: 'warning', path: '/metrics/0/name',
      message: 'p2-resolution: the name says "within 15 minutes", but P2\'s response time is 15 business minutes; say "within 15 business minutes" so the name and the priority table agree',
    }]);
  });
});

it('the minimal agreement has no priority-table findings', () => {
  expect(findings(minimalText)).toEqual([]);
});
