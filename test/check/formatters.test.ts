import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import type { CheckResult, KpiResult } from '../../src/core/check/types.js';
import { checkFormatters } from '../../src/formatters/check/index.js';
import { mdCell } from '../../src/formatters/text.js';

const base = { target: 99.9, op: '>=' as const, unit: 'percent', samples: 720, minSamples: null, open: 0, partial: false, consequences: [] };
const results: KpiResult[] = [
  { ...base, kpi: 'availability', name: 'Availability | API', period: '2026-01', periodKind: 'month', start: '2026-01-01', end: '2026-01-31', status: 'met', actual: 99.95, margin: 0.05, budgetUsed: 50 },
  { ...base, kpi: 'availability', name: 'Availability | API', period: '2026-02', periodKind: 'month', start: '2026-02-01', end: '2026-02-28', status: 'breached', actual: 98.7, margin: -1.2, budgetUsed: 1300, consequences: [{ remedy: 'Credit the budget.', escalation: 'Lead → Director', credit: 25 }] },
  { ...base, kpi: 'availability', name: 'Availability | API', period: '2026-03', periodKind: 'month', start: '2026-03-01', end: '2026-03-31', status: 'no-data', actual: null, margin: null, budgetUsed: null, samples: 0 },
];
const result: CheckResult = { sla: 'api', status: 'breached', draft: false, term: { start: '2026-01-01', end: '2026-12-31' }, from: '2026-01-01', to: '2026-03-31', outside: { before: 0, after: 0 }, results, skipped: [{ row: 7, column: 'value', reason: '"x" is not a number' }], credits: [], creditTotals: [] };
const options = { color: new Chalk({ level: 0 }), allowMissing: false, title: 'API agreement', slaFile: 'sla.yaml', csvFile: 'metrics.csv', kpiLine: (kpi: string) => ({ availability: 12 } as Record<string, number>)[kpi] };

describe('check formatters', () => {
  it('table: aligned rows, consequences with the credit, skipped rows, a summary', () => {
    const out = checkFormatters.table!(result, options);
    expect(out.split('\n').slice(0, 6)).toEqual([
      'API agreement  api · metrics.csv · 2026-01-01 – 2026-03-31',
      '',
      'KPI           Period    Actual  Target      Margin  Budget used  Status',
      'availability  2026-01  99.95 %  ≥ 99.9 %  +0.05 pp         50 %  ✔ met',
      'availability  2026-02   98.7 %  ≥ 99.9 %   −1.2 pp      1,300 %  ✖ breached',
      'availability  2026-03        –  ≥ 99.9 %         –               ? no data',
    ]);
    expect(out).toContain('  ✖ availability 2026-02 (98.7 % against ≥ 99.9 %): 25 % service credit\n    Remedy: Credit the budget.\n    Escalation: Lead → Director');
    expect(out).toContain('  row 7, column "value": "x" is not a number');
    expect(out.trimEnd().split('\n').at(-1)).toBe('✖ 1 of 3 results breached, 1 without data, 1 KPI');
  });

  it('table: colours status only when asked', () => {
    const out = checkFormatters.table!(result, { ...options, color: new Chalk({ level: 1 }) });
    expect(out).toContain('\u001b[32m✔ met\u001b[39m');
    expect(out).toContain('\u001b[31m');
  });

  it('markdown: escapes | so a name cannot break the table', () => {
    const out = checkFormatters.markdown!(result, options);
    expect(out).toContain('| Availability \\| API | 2026-02 | 98.7 % | ≥ 99.9 % | −1.2 pp | 1,300 % | **✖ breached** |');
    expect(out).toContain('- **Availability \\| API**, 2026-02 (98.7 % against ≥ 99.9 %): **25 % service credit**.');
    expect(out).toContain('| 7 | value | "x" is not a number |');
    expect(mdCell('a|b\nc *d* <e>')).toBe('a\\|b c \\*d\\* \\<e\\>');
  });

  it('github: an error per breach on the KPI line, a warning for no data and for skipped rows', () => {
    expect(checkFormatters.github!(result, options).trimEnd().split('\n')).toEqual([
      '::error file=sla.yaml,line=12,title=SLA availability breached::Availability | API: 98.7 %25 in 2026-02, target ≥ 99.9 %25 (25 %25 service credit)',
      '::warning file=sla.yaml,line=12,title=SLA availability no data::Availability | API: no data in 2026-03',
      '::warning title=Skipped row::row 7, column "value": "x" is not a number',
    ]);
  });

  it('junit: a test case per KPI and period; no data fails unless allowed, then it is skipped', () => {
    const strict = checkFormatters.junit!(result, options);
    expect(strict).toContain('tests="3" failures="2" skipped="0"');
    expect(strict).toContain('<failure message="98.7 %, target ≥ 99.9 %" type="breached">');
    const lenient = checkFormatters.junit!(result, { ...options, allowMissing: true });
    expect(lenient).toContain('tests="3" failures="1" skipped="1"');
    expect(lenient).toContain('<skipped message="no data"/>');
  });

  it('json: exactly the documented shape', () => {
    const doc = JSON.parse(checkFormatters.json!(result, options));
    expect(Object.keys(doc)).toEqual(['sla', 'status', 'draft', 'term', 'from', 'to', 'outside', 'results', 'skipped', 'credits', 'creditTotals']);
    expect(doc).toMatchObject({ draft: false, term: { start: '2026-01-01', end: '2026-12-31' }, outside: { before: 0, after: 0 } });
    expect(doc.results[1]).toEqual({ kpi: 'availability', name: 'Availability | API', period: '2026-02', periodKind: 'month', start: '2026-02-01', end: '2026-02-28', partial: false, status: 'breached', actual: 98.7, target: 99.9, op: '>=', unit: 'percent', samples: 720, minSamples: null, open: 0, margin: -1.2, budgetUsed: 1300, consequences: [{ remedy: 'Credit the budget.', escalation: 'Lead → Director', credit: 25, cap: null }] });
  });
});
