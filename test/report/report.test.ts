import { describe, expect, it } from 'vitest';
import { creditsOf, type CheckResult } from '../../src/core/check/index.js';
import { kpiChartSvg } from '../../src/report/chart.js';
import { buildReportView } from '../../src/report/view-model.js';
import { exampleData } from '../render/fixtures.js';
import { barsIn, reportCliCases } from './report.cases.js';

// Every case of the table, in this process; report.cli.test.ts runs a sample through bin/sla.
describe('sla report (in-process)', () => reportCliCases('in-process'));

describe('the report core', () => {
  const result = (statuses: ('met' | 'breached' | 'no-data')[]): CheckResult => withCredits({
    sla: 'x', status: statuses.includes('breached') ? 'breached' : 'met', draft: false, term: { start: '2026-01-01', end: '2026-12-31' }, from: '2026-01-01', to: '2026-03-31', outside: { before: 0, after: 0 }, skipped: [], credits: [], creditTotals: [],
    results: statuses.map((status, i) => ({
      kpi: 'uptime', name: 'Availability', period: `2026-0${i + 1}`, periodKind: 'month', start: `2026-0${i + 1}-01`, end: `2026-0${i + 1}-${['31', '28', '31'][i]}`, status, actual: status === 'no-data' ? null : status === 'met' ? 99.9 : 98.7,
      target: 99.5, op: '>=', unit: 'percent', samples: status === 'no-data' ? 0 : 10, minSamples: null, open: 0, partial: false, margin: null, budgetUsed: null,
      consequences: status === 'breached' ? [{ remedy: 'Fix it', escalation: 'Boss', credit: 25 }] : [],
    })),
  });
  const sla = () => {
    const data = exampleData('platform-api');
    data.metrics = [{ id: 'uptime', name: 'Availability', unit: 'percent', objective: { op: '>=', target: 99.5 }, period: 'month', measure: { aggregate: 'mean', metric: 'availability' } }];
    data.consequences = [{ kpis: ['uptime'], remedy: 'Fix it', escalation: ['Boss'], credits: [{ below: 99.5, credit: 25 }] }];
    return data as never;
  };
  // The credits as the engine adds them (the example's Checkout team pays 12,000 USD a month).
  const withCredits = (r: CheckResult): CheckResult => ({ ...r, ...creditsOf(sla(), r.results) });

  it('says in one sentence that all KPIs were met', () => {
    const view = buildReportView({ sla: sla(), result: result(['met', 'met', 'met']), asOf: '2026-04-01', charts: new Map() });
    expect(view.summary.verdict).toBe('The KPI met its target in every period from 1 January 2026 to 31 March 2026.');
    expect(view.summary).toMatchObject({ kpis: 1, met: 1, breached: 0, hasCredits: false, periodCount: 3 });
  });

  it('counts breaches and credits for every recipient', () => {
    const view = buildReportView({ sla: sla(), result: result(['met', 'breached', 'no-data']), asOf: '2026-04-01', charts: new Map() });
    expect(view.summary.verdict).toBe("The KPI missed its target in at least one period from 1 January 2026 to 31 March 2026 (1 breach in all), and service credits of up to 25 % of a period's charge are due.");
    const line = { period: '2026-02', periodText: 'February 2026', credit: '25 % of the February 2026 charge', kpis: 'Availability' };
    expect(view.summary.credits).toEqual([
      { recipient: 'Checkout team', lines: [{ ...line, charge: 'the monthly charge, $12,000.00', amount: '$3,000.00' }], total: '$3,000.00', totalText: '$3,000.00' },
      { recipient: 'Subscriptions team', lines: [{ ...line, charge: null, amount: null }], total: null, totalText: 'No charge stated, so no total' },
    ]);
    expect(view.kpis[0]!.rows.map((r) => r.statusText)).toEqual(['Met', 'Breached', 'No data']);
    expect(view.consequences).toEqual([{ kpi: 'uptime', kpiName: 'Availability', period: 'February 2026', remedy: 'Fix it', escalation: 'Boss', credit: '25 %' }]);
  });

  it('draws a bar per period, marks breaches in print and labels periods without data', () => {
    const svg = kpiChartSvg({ axisLabel: 'Availability (%)', unitSuffix: ' %', target: 99.5, points: [
      { period: 'Jan 2026', actual: 99.9, status: 'met' }, { period: 'Feb 2026', actual: 98.7, status: 'breached' }, { period: 'Mar 2026', actual: null, status: 'no-data' },
    ] });
    expect(barsIn(svg)).toBe(3);
    expect(svg).toContain('98.7 % ✗');
    expect(svg).toContain('no data');
    expect(svg).toContain('target 99.5 %');
    expect(svg).toMatch(/<pattern /); // the hatch that survives black-and-white print
  });
});
