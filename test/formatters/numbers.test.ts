// Numbers as shown (issue 12): one formatter, precision that never hides the verdict, margins of
// percentages in percentage points, JSON without binary noise. Values worked by hand in the comments.
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { budgetUsed, creditBounds } from '../../src/core/check/evaluate.js';
import type { CheckResult, KpiResult } from '../../src/core/check/types.js';
import type { Consequence, Kpi } from '../../src/core/model.js';
import { difference, tidy } from '../../src/core/numbers.js';
import { checkFormatters } from '../../src/formatters/check/index.js';
import { actualText, budgetText, marginText, targetText } from '../../src/formatters/check/values.js';
import { actualNumber, budgetNumber, decimalsAgainst, decimalsOf, exactNumber, formatAgainst, formatNumber, marginNumber } from '../../src/formatters/text.js';
import { buildReportView } from '../../src/report/view-model.js';
import { numberInWords } from '../../src/render/words.js';

const result = (r: Partial<KpiResult> & Pick<KpiResult, 'actual' | 'target' | 'unit'>): KpiResult => ({
  kpi: 'k', name: 'K', period: '2026-01', periodKind: 'month', start: '2026-01-01', end: '2026-01-31', partial: false, minSamples: null, op: '>=', samples: 10, open: 0,
  status: r.actual === null ? 'no-data' : r.actual >= r.target ? 'met' : 'breached',
  margin: r.actual === null ? null : tidy(r.actual - r.target), budgetUsed: null, consequences: [], ...r,
});
const plain = (text: string) => Number(text.replace(/,/g, '').replace('−', '-'));

describe('one number formatter', () => {
  it('groups thousands the en-US way whatever the locale, rounds half away from zero, never -0', () => {
    expect(formatNumber(270.005, 2)).toBe('270.01'); // the report printed 270.005 and the chart 270 before
    expect(formatNumber(5000, 1)).toBe('5,000'); // "5,000 %" in check and "5000 %" in the report before
    expect(formatNumber(-0.004, 2)).toBe('0');
    expect(formatNumber(-1234.5, 0)).toBe('-1,235');
    expect(formatNumber(1e21, 0)).toBe('1,000,000,000,000,000,000,000');
  });
  it('prints a number the agreement states exactly as written', () => {
    expect(exactNumber(99.999)).toBe('99.999'); // plainNumber would round a 4th decimal away; 3 is kept
    expect(exactNumber(0.9999)).toBe('0.9999'); // plainNumber printed "1"
    expect(exactNumber(99.99995)).toBe('99.99995');
    expect(exactNumber(1500)).toBe('1,500');
    expect(exactNumber(100 - 99.99)).toBe('0.01'); // 0.010000000000005116 in binary
    expect(exactNumber(1 / 3)).toBe('0.333333333333'); // capped at 12 significant digits
    expect(decimalsOf(99.5)).toBe(1);
    expect(numberInWords(0.9999)).toBe('0.9999');
  });
});

describe('precision never hides the verdict', () => {
  it('0.998611 against ≥ 0.9999: 0.999, not "1 ≥ 1 breached"', () => {
    // 2 decimals (score): 1.00 > 0.9999 looks met; 3 decimals: 0.999 < 0.9999, the right side.
    const r = result({ actual: 0.998611, target: 0.9999, unit: 'score' });
    expect(actualText(r)).toBe('0.999');
    expect(targetText(r)).toBe('≥ 0.9999');
    expect(decimalsAgainst(0.998611, [0.9999], 2)).toBe(3);
  });
  it('99.9986 % against ≥ 99.999 %: 99.9986 %, not "99.999 % ≥ 99.999 %"', () => {
    // 3 decimals (percent): 99.999 equals the target; 4 decimals: 99.9986 < 99.999.
    const r = result({ actual: 99.9986, target: 99.999, unit: 'percent' });
    expect(actualText(r)).toBe('99.9986 %');
    expect(targetText(r)).toBe('≥ 99.999 %');
    // The margin −0.0004 would print "−0" at 3 decimals: it takes the actual's 4.
    expect(marginText(r)).toBe('−0.0004 pp');
  });
  it('a percentage that is not 100 is never printed as 100 %, met or not', () => {
    const r = result({ actual: 99.9995, target: 99.999, unit: 'percent' });
    expect(actualText(r)).toBe('99.9995 %');
    expect(actualText(result({ actual: 100, target: 99.999, unit: 'percent' }))).toBe('100 %');
    expect(actualText(result({ actual: 0.0001, target: 5, unit: 'percent' }))).toBe('0.0001 %');
  });
  it('0.95 (30 % credit) and 0.949074 (100 % credit) print apart against their credit bounds', () => {
    // Target ≥ 0.99; credits: 30 % below 0.99, 100 % below 0.95. 0.95 is not below 0.95: "0.95";
    // 0.949074 is: at 2 decimals it reads 0.95, equal to the bound it crossed, so 3: "0.949".
    const tiers: Consequence[] = [{ kpis: ['k'], remedy: 'r', escalation: ['e'], credits: [{ below: 0.99, credit: 30 }, { below: 0.95, credit: 100 }] } as Consequence];
    const bounds = creditBounds(tiers);
    expect(bounds).toEqual([0.95, 0.99]);
    expect(actualText(result({ actual: 0.95, target: 0.99, unit: 'score', bounds }))).toBe('0.95');
    expect(actualText(result({ actual: 0.949074, target: 0.99, unit: 'score', bounds }))).toBe('0.949');
    // Without the bounds the target alone needs no more than 2 decimals: the bounds are what add the 3rd.
    expect(actualText(result({ actual: 0.949074, target: 0.99, unit: 'score' }))).toBe('0.95');
  });
  it('adds digits only where needed, and lands on the value\'s side of every reference', () => {
    expect(formatAgainst(0.9123, [0.99], 2)).toBe('0.91');
    expect(formatAgainst(99.95, [99.9], 3)).toBe('99.95');
    expect(formatAgainst(99.9, [99.9], 3)).toBe('99.9'); // equal in value: equal when printed
    expect(formatAgainst(450.004, [450], 2)).toBe('450.004'); // 450.00 would read as "≤ 450 met"
    expect(formatAgainst(0.99985, [0.9999], 2)).toBe('0.99985'); // 1 and 1.000 are above; 0.9999 (4 decimals) equals
    // Over many values and targets: the printed value compares with each reference as the value does.
    for (let i = 0; i < 2000; i++) {
      const target = Number((99 + ((i * 7919) % 1000) / 1000).toFixed(3));
      const value = tidy(target + (((i * 104729) % 2001) - 1000) * 1e-7);
      const shown = plain(formatAgainst(value, [target], 3));
      expect(Math.sign(shown - target)).toBe(Math.sign(value - target));
    }
  });
  it('never prints a budget over 100 % as 100 %, or one under as 100 %', () => {
    expect(budgetNumber(100.04)).toBe('100.04');
    expect(budgetNumber(99.96)).toBe('99.96');
    expect(budgetNumber(5000)).toBe('5,000');
    expect(budgetNumber(40)).toBe('40');
  });
});

describe('margins of percentages are percentage points', () => {
  it('check and report write "+0.075 pp"', () => {
    // 99.925 − 99.85 = 0.075 (0.07500000000000284 in binary, tidied by the engine).
    const r = result({ actual: 99.925, target: 99.85, unit: 'percent', margin: tidy(99.925 - 99.85) });
    expect(marginText(r)).toBe('+0.075 pp');
    expect(marginNumber(r)).toBe('+0.075');
    // Other units keep their own margins, without a unit in check (the column says it) and with it in the report.
    expect(marginText(result({ actual: 270.5, target: 300, unit: 'milliseconds', op: '<=' }))).toBe('−29.5');
  });
});

describe('JSON carries values without binary noise', () => {
  const kpi = { unit: 'percent', objective: { op: '>=', target: 99.99 } } as unknown as Kpi;
  it('budgetUsed is 10000 when the shortfall is 100 × the allowed one', () => {
    // (100 − 99) / (100 − 99.99) × 100 = 1 / 0.01 × 100 = 10000; in binary 9999.999999994885.
    expect(budgetUsed(kpi, 99)).toBe(10000);
    expect(budgetUsed(kpi, 99.995)).toBe(50);
  });
  it('rounds differences at the precision of their operands', () => {
    // 99.9986 − 99.999 is −0.000399999999999 at 12 significant digits of its own, −0.0004 at 12 of 99.999.
    expect(tidy(99.9986 - 99.999)).toBe(-0.000399999999999);
    expect(difference(99.9986, 99.999)).toBe(-0.0004);
    expect(difference(100, 99.9995)).toBe(0.0005);
    expect(difference(0.3, 0.1)).toBe(0.2);
    expect(difference(0, 0)).toBe(0);
  });
  it('rounds every number of the JSON document to 12 significant digits', () => {
    const r = result({ actual: 0.1 + 0.2, target: 99.99, unit: 'percent', margin: 99 - 99.99, budgetUsed: 9999.999999994885 - 0.000000004885 + 0.000000000001, consequences: [{ remedy: 'r', escalation: 'e', credit: 0.1 + 0.2 }] });
    const doc: CheckResult = { sla: 'x', status: 'breached', draft: false, term: { start: '2026-01-01', end: '2026-12-31' }, from: null, to: null, outside: { before: 0, after: 0 }, results: [r], skipped: [], credits: [], creditTotals: [] };
    const out = JSON.parse(checkFormatters.json!(doc, { color: new Chalk({ level: 0 }), allowMissing: false, title: 't', slaFile: 's', csvFile: 'c' }));
    expect(out.results[0]).toMatchObject({ actual: 0.3, margin: -0.99, budgetUsed: 9999.99999999, target: 99.99 });
    expect(out.results[0].consequences[0].credit).toBe(0.3);
    expect(out.results[0].bounds).toBeUndefined();
  });
});

describe('the report writes numbers as check does', () => {
  it('actual, target, margin in pp and budget in the report table', () => {
    const r = result({ actual: 99.9986, target: 99.999, unit: 'percent', budgetUsed: 140 });
    const sla = {
      id: 'x', title: 'X', version: '1', status: 'active',
      parties: { provider: { name: 'P' }, recipients: [{ name: 'R' }] },
      metrics: [{ id: 'k', name: 'K', unit: 'percent', period: 'month', objective: { op: '>=', target: 99.999 }, measure: { aggregate: 'mean', metric: 'm' } }],
      reporting: { review: { frequency: 'quarterly', participants: ['A'], next: '2026-07-01' }, reports: [] },
      consequences: [],
    } as never;
    const view = buildReportView({ sla, result: { sla: 'x', status: 'breached', draft: false, term: { start: '2026-01-01', end: '2026-12-31' }, from: '2026-01-01', to: '2026-01-31', outside: { before: 0, after: 0 }, results: [r], skipped: [], credits: [], creditTotals: [] }, asOf: '2026-02-01', charts: new Map() });
    expect(view.kpis[0]!.rows[0]).toMatchObject({ actual: '99.9986 %', target: '≥ 99.999 %', margin: '−0.0004 pp', budgetUsed: '140 %' });
    expect(budgetText({ ...r, budgetUsed: 140 })).toBe('140 %');
    expect(actualNumber(r)).toBe('99.9986');
  });
});
