import { describe, expect, it } from 'vitest';
import { load, minimalText, mutate, positionOf } from './fixture.js';

const findings = (text: string, asOf?: string) => load(text, asOf).problems.map((p) => ({ rule: p.rule, severity: p.severity, path: p.path, message: p.message, line: p.line }));
const only = (text: string, asOf?: string) => {
  const all = findings(text, asOf);
  expect(all, JSON.stringify(all, null, 2)).toHaveLength(1);
  return all[0]!;
};

const secondKpi = `  - id: latency
    name: Latency
    unit: milliseconds
    objective: { op: "<=", target: 300 }
    period: month
    measure: { aggregate: p95, metric: latency }
`;
const withSecondKpi = (kpi = secondKpi, consequenceKpis = '[uptime, latency]') =>
  mutate('  - kpis: [uptime]', `  - kpis: ${consequenceKpis}`, mutate('reporting:\n', `${kpi}reporting:\n`));

describe('rules beyond the schema', () => {
  it('ids must be unique within each list', () => {
    const f = only(withSecondKpi(secondKpi.replace('id: latency', 'id: uptime'), '[uptime]'));
    expect(f).toMatchObject({ rule: 'rule/unique-ids', severity: 'error', path: '/metrics/1/id' });
    expect(f.message).toContain('KPI id "uptime" is used twice');
  });

  it('party ids must be unique across provider and recipients', () => {
    const f = only(mutate('    - id: recipient', '    - id: provider'));
    expect(f).toMatchObject({ rule: 'rule/unique-ids', path: '/parties/recipients/0/id' });
  });

  it('a consequence must name KPIs that exist', () => {
    const f = only(mutate('  - kpis: [uptime]', '  - kpis: [uptime, uptme]'));
    expect(f).toMatchObject({ rule: 'rule/unknown-reference', severity: 'error', path: '/consequences/0/kpis/1' });
    expect(f.message).toContain('KPI "uptme", which is not defined');
  });

  it('a signatory must sign for a known party', () => {
    const text = mutate('scope:\n', '  signatories:\n    - { party: someone, name: Sam }\nscope:\n');
    // The fixture is active, so Sam's missing signature is found too (rule/signatures).
    expect(findings(text).map((f) => [f.rule, f.path])).toEqual([['rule/signatures', '/parties/signatories/0'], ['rule/unknown-reference', '/parties/signatories/0/party']]);
  });

  it('a KPI filter on priority must name a defined priority', () => {
    const text = mutate('      metric: availability', '      metric: availability\n      where: { priority: P9 }');
    expect(only(text)).toMatchObject({ rule: 'rule/unknown-reference', path: '/metrics/0/measure/where/priority' });
  });

  it('the agreement must take effect before it expires', () => {
    const f = only(mutate('expires: 2026-12-31', 'expires: 2025-12-31'));
    expect(f).toMatchObject({ rule: 'rule/date-order', severity: 'error', path: '/expires' });
  });

  it('dates must exist in the calendar', () => {
    const f = only(mutate('expires: 2026-12-31', 'expires: 2026-02-30'));
    expect(f).toMatchObject({ rule: 'rule/date', path: '/expires' });
    expect(f.message).toBe('"2026-02-30" is not a date in the calendar');
  });

  it('the agreement needs exactly one of expires and term', () => {
    expect(only(mutate('expires: 2026-12-31\n', ''))).toMatchObject({ rule: 'rule/term', severity: 'error' });
    expect(only(mutate('expires: 2026-12-31\n', 'expires: 2026-12-31\nterm: 12 months\n'))).toMatchObject({ rule: 'rule/term', path: '/term' });
    expect(findings(mutate('expires: 2026-12-31\n', 'term: 12 months\n'))).toEqual([]);
  });

  it('time zones must be IANA names', () => {
    const f = only(mutate('timezone: Europe/London', 'timezone: Europe/Londn'));
    expect(f).toMatchObject({ rule: 'rule/timezone', path: '/timezone' });
  });

  it('percentage targets must lie within 0–100', () => {
    const f = only(mutate('target: 99.5', 'target: 995'));
    expect(f).toMatchObject({ rule: 'rule/percent-range', severity: 'error', path: '/metrics/0/objective/target' });
  });

  it('durations must parse', () => {
    const f = only(mutate('response: 15m', 'response: quickly'));
    expect(f).toMatchObject({ rule: 'rule/duration', severity: 'error', path: '/expectations/priorities/0/response' });
    expect(f.message).toContain('"quickly" is not a duration');
  });

  it('coverage must end after it starts', () => {
    expect(only(mutate('to: "17:00"', 'to: "08:00"'))).toMatchObject({ rule: 'rule/coverage-hours', severity: 'error' });
  });

  it('attainment needs a threshold and ratio a denominator', () => {
    expect(only(mutate('aggregate: mean', 'aggregate: attainment'))).toMatchObject({ rule: 'rule/measure', severity: 'error', path: '/metrics/0/measure' });
    expect(only(mutate('aggregate: mean', 'aggregate: ratio'))).toMatchObject({ rule: 'rule/measure', severity: 'error' });
  });

  it('a credit tier needs exactly one bound', () => {
    const text = mutate('    escalation: [Head of provider]', '    escalation: [Head of provider]\n    credits: [{ credit: 10 }]');
    expect(only(text)).toMatchObject({ rule: 'rule/credit-tier', severity: 'error', path: '/consequences/0/credits/0' });
  });

  it('warns when a credit tier points the wrong way for its KPI', () => {
    const text = mutate('    escalation: [Head of provider]', '    escalation: [Head of provider]\n    credits: [{ above: 99, credit: 10 }]');
    expect(only(text)).toMatchObject({ rule: 'rule/credit-tier', severity: 'warning', path: '/consequences/0/credits/0/above' });
  });

  it('warns about a KPI that no consequence covers', () => {
    const f = only(withSecondKpi(secondKpi, '[uptime]'));
    expect(f).toMatchObject({ rule: 'rule/uncovered-kpi', severity: 'warning', path: '/metrics/1/id' });
    expect(f.line).toBe(positionOf(withSecondKpi(secondKpi, '[uptime]'), 'latency').line);
  });

  it('warns about a 100 % target and a zero response time', () => {
    expect(only(mutate('target: 99.5', 'target: 100'))).toMatchObject({ rule: 'rule/unrealistic-target', severity: 'warning' });
    expect(only(mutate('response: 15m', 'response: 0m'))).toMatchObject({ rule: 'rule/unrealistic-target', path: '/expectations/priorities/0/response' });
    expect(only(withSecondKpi(secondKpi.replace('target: 300', 'target: 0')))).toMatchObject({ rule: 'rule/unrealistic-target', path: '/metrics/1/objective/target' });
  });

  it('warns when resolution is promised before response', () => {
    expect(only(mutate('resolution: 4 business hours', 'resolution: 10m'))).toMatchObject({ rule: 'rule/response-after-resolution', severity: 'warning' });
  });

  it('warns about an overdue review, judged as of the given date', () => {
    expect(findings(minimalText, '2026-06-30')).toEqual([]);
    const f = only(minimalText, '2026-07-02');
    expect(f).toMatchObject({ rule: 'rule/review-overdue', severity: 'warning', path: '/reporting/review/next' });
    expect(f.message).toContain('as of 2026-07-02');
  });

  it('warns about an active agreement that has expired, including one with a term', () => {
    const f = findings(minimalText, '2027-02-01').find((p) => p.rule === 'rule/expired');
    expect(f).toMatchObject({ severity: 'warning', path: '/expires' });
    expect(findings(mutate('expires: 2026-12-31\n', 'term: 6 months\n'), '2026-06-30')).toEqual([]);
    const term = findings(mutate('expires: 2026-12-31\n', 'term: 6 months\n'), '2026-07-01').find((p) => p.rule === 'rule/expired');
    expect(term).toMatchObject({ path: '/term' });
    expect(term!.message).toContain('ended on 2026-06-30');
  });

  it('warns when attainment is not a percentage', () => {
    const text = mutate('aggregate: mean', 'aggregate: attainment\n      threshold: { op: "<=", value: 5 }', mutate('unit: percent', 'unit: minutes'));
    expect(only(text)).toMatchObject({ rule: 'rule/unit', severity: 'warning' });
  });
});
