// Service credits, worked by hand: per recipient and period, capped per consequence and period,
// money only with a charge, totals only in money (never percentages of different periods added).
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { chargeShare, creditsOf, currencyDigits } from '../../src/core/check/credits.js';
import type { CheckResult, KpiResult } from '../../src/core/check/types.js';
import type { Consequence, Recipient, Sla } from '../../src/core/model.js';
import { checkFormatters } from '../../src/formatters/check/index.js';
import { money } from '../../src/formatters/money.js';
import { check, kpi, makeSla } from './fixtures.js';

const MONTH_END: Record<string, string> = { '01': '31', '02': '28', '03': '31', '04': '30', '05': '31', '06': '30' };
/** A breached (or met) result of a KPI in a month or quarter, as the engine gives it. */
function res(kpiId: string, period: string, actual: number, status: KpiResult['status'] = 'breached'): KpiResult {
  const quarter = /Q(\d)$/.exec(period);
  const [start, end] = quarter
    ? [`2026-${String(Number(quarter[1]) * 3 - 2).padStart(2, '0')}-01`, `2026-${String(Number(quarter[1]) * 3).padStart(2, '0')}-${MONTH_END[String(Number(quarter[1]) * 3).padStart(2, '0')]}`]
    : [`${period}-01`, `${period}-${MONTH_END[period.slice(5)]}`];
  return { kpi: kpiId, name: kpiId, period, periodKind: quarter ? 'quarter' : 'month', start: start!, end: end!, status, actual, target: 99.9, op: '>=', unit: 'percent', samples: 10, minSamples: null, open: 0, partial: false, margin: null, budgetUsed: null, consequences: [] };
}

const tiers = [{ below: 99.9, credit: 10 }, { below: 99.5, credit: 25 }, { below: 99.0, credit: 50 }];
const eur: Partial<Recipient> = { id: 'checkout', name: 'Checkout team', charge: { amount: 12000, currency: 'EUR', per: 'month' } };
const noCharge: Partial<Recipient> = { id: 'search', name: 'Search team' };
const agreement = (consequences: Consequence[], recipients: Partial<Recipient>[] = [eur, noCharge]) =>
  ({ parties: { recipients }, consequences }) as unknown as Pick<Sla, 'parties' | 'consequences'>;

describe('credits with charges and a cap', () => {
  it('two KPIs of one consequence breached in March: 25 % + 10 % = 35 %, capped at 30 % of €12,000 = €3,600.00', () => {
    const sla = agreement([{ kpis: ['api', 'web'], remedy: 'r', escalation: ['e'], credits: tiers, cap: 30 }]);
    const { credits, creditTotals } = creditsOf(sla, [res('api', '2026-03', 99.2), res('web', '2026-03', 99.7)]);
    expect(credits).toEqual([
      { recipient: 'checkout', recipientName: 'Checkout team', period: '2026-03', periodKind: 'month', start: '2026-03-01', end: '2026-03-31', percent: 30, capped: true, uncappedPercent: 35, kpis: ['api', 'web'], amount: 3600, currency: 'EUR', charge: 12000, chargeBasis: 'the monthly charge' },
      { recipient: 'search', recipientName: 'Search team', period: '2026-03', periodKind: 'month', start: '2026-03-01', end: '2026-03-31', percent: 30, capped: true, uncappedPercent: 35, kpis: ['api', 'web'] },
    ]);
    expect(creditTotals).toEqual([{ recipient: 'checkout', recipientName: 'Checkout team', currency: 'EUR', amount: 3600 }]);
    expect(money(creditTotals[0]!.amount, 'EUR')).toBe('€3,600.00');
  });

  it('a cap holds one consequence, not another: 30 % capped + 10 % uncapped in one month is 40 % of that month', () => {
    const sla = agreement([
      { kpis: ['api'], remedy: 'r', escalation: ['e'], credits: tiers, cap: 30 },
      { kpis: ['latency'], remedy: 'r', escalation: ['e'], credits: [{ above: 300, credit: 10 }] },
    ], [eur]);
    const latency = { ...res('latency', '2026-03', 394), op: '<=' as const, target: 300 };
    const { credits, creditTotals } = creditsOf(sla, [res('api', '2026-03', 98.0), latency]);
    expect(credits).toMatchObject([{ period: '2026-03', percent: 40, capped: true, uncappedPercent: 60, kpis: ['api', 'latency'], amount: 4800 }]);
    expect(creditTotals).toMatchObject([{ amount: 4800 }]);
  });

  it('a tier below the cap is not capped; a breach that crosses no tier credits nothing', () => {
    const sla = agreement([{ kpis: ['api'], remedy: 'r', escalation: ['e'], credits: [{ below: 99.5, credit: 25 }], cap: 30 }], [eur]);
    expect(creditsOf(sla, [res('api', '2026-03', 99.2)]).credits).toMatchObject([{ percent: 25, amount: 3000 }]);
    expect(creditsOf(sla, [res('api', '2026-03', 99.2)]).credits[0]).not.toHaveProperty('capped');
    expect(creditsOf(sla, [res('api', '2026-03', 99.7)])).toEqual({ credits: [], creditTotals: [] });
    expect(creditsOf(sla, [res('api', '2026-03', 99.2, 'met')])).toEqual({ credits: [], creditTotals: [] });
  });
});

describe('two periods are never added as percentages', () => {
  const sla = agreement([{ kpis: ['api'], remedy: 'r', escalation: ['e'], credits: tiers }]);
  const { credits, creditTotals } = creditsOf(sla, [res('api', '2026-05', 99.7), res('api', '2026-03', 99.2), res('api', '2026-04', 99.95, 'met')]);

  it('March 25 % and May 10 % are two lines per recipient, in date order', () => {
    expect(credits.map((c) => [c.recipient, c.period, c.percent, c.amount ?? null])).toEqual([
      ['checkout', '2026-03', 25, 3000],
      ['checkout', '2026-05', 10, 1200],
      ['search', '2026-03', 25, null],
      ['search', '2026-05', 10, null],
    ]);
  });

  it('the total is money (€3,000 + €1,200 = €4,200.00), only for the recipient with a charge', () => {
    expect(creditTotals).toEqual([{ recipient: 'checkout', recipientName: 'Checkout team', currency: 'EUR', amount: 4200 }]);
  });

  it('no output adds the percentages: no "35", no "percentage points"', () => {
    const result: CheckResult = { sla: 'x', status: 'breached', draft: false, term: { start: '2026-01-01', end: '2026-12-31' }, from: '2026-03-01', to: '2026-05-31', outside: { before: 0, after: 0 }, results: [], skipped: [], credits, creditTotals };
    const options = { color: new Chalk({ level: 0 }), allowMissing: false, title: 'T', slaFile: 'sla.yaml', csvFile: 'm.csv' };
    for (const [name, format] of Object.entries(checkFormatters)) {
      const out = format(result, options);
      expect(out, name).not.toMatch(/\b35\b|percentage points/);
      if (name !== 'json') expect(out, name).toContain('€4,200.00');
    }
    const table = checkFormatters.table!(result, options);
    expect(table).toContain([
      'Service credits (per recipient and period, each a share of its own period\'s charge; percentages of different periods are never added)',
      '  Checkout team',
      '    2026-03  25 % of the monthly charge, €12,000.00 = €3,000.00 (api)',
      '    2026-05  10 % of the monthly charge, €12,000.00 = €1,200.00 (api)',
      '    Total €4,200.00',
      '  Search team',
      "    2026-03  25 % of the period's charge (api)",
      "    2026-05  10 % of the period's charge (api)",
      '    no charge stated: no total (percentages of different periods do not add up)',
    ].join('\n'));
    const json = JSON.parse(checkFormatters.json!(result, options));
    expect(json.credits[0]).toEqual({ recipient: 'checkout', period: '2026-03', periodKind: 'month', start: '2026-03-01', end: '2026-03-31', percent: 25, amount: 3000, currency: 'EUR', charge: 12000, chargeBasis: 'the monthly charge', kpis: ['api'] });
    expect(json.credits[2]).toEqual({ recipient: 'search', period: '2026-03', periodKind: 'month', start: '2026-03-01', end: '2026-03-31', percent: 25, kpis: ['api'] });
    expect(json.creditTotals).toEqual([{ recipient: 'checkout', currency: 'EUR', amount: 4200 }]);
  });
});

describe('a charge per another period than the KPI', () => {
  it('a quarterly KPI on a monthly charge: 15 % of the quarter\'s three charges, 3 × €12,000 = €36,000 → €5,400.00', () => {
    const sla = agreement([{ kpis: ['sev1'], remedy: 'r', escalation: ['e'], credits: [{ below: 99, credit: 15 }] }], [eur]);
    const { credits, creditTotals } = creditsOf(sla, [res('sev1', '2026-Q2', 50)]);
    expect(credits).toMatchObject([{ period: '2026-Q2', periodKind: 'quarter', start: '2026-04-01', end: '2026-06-30', percent: 15, charge: 36000, chargeBasis: '3 monthly charges', amount: 5400 }]);
    expect(creditTotals).toMatchObject([{ amount: 5400 }]);
  });

  it('a monthly KPI on a quarterly charge: a third of €36,000 is €12,000, 10 % → €1,200.00; on a yearly, a twelfth', () => {
    const quarterly = agreement([{ kpis: ['api'], remedy: 'r', escalation: ['e'], credits: tiers }], [{ ...eur, charge: { amount: 36000, currency: 'EUR', per: 'quarter' } }]);
    expect(creditsOf(quarterly, [res('api', '2026-02', 99.7)]).credits).toMatchObject([{ charge: 12000, chargeBasis: '1/3 of the quarterly charge', amount: 1200 }]);
    const yearly = agreement([{ kpis: ['api'], remedy: 'r', escalation: ['e'], credits: tiers }], [{ ...eur, charge: { amount: 100000, currency: 'EUR', per: 'year' } }]);
    // 100,000 / 12 = 8,333.333…; 10 % = 833.33 (rounded once, on the amount)
    expect(creditsOf(yearly, [res('api', '2026-02', 99.7)]).credits).toMatchObject([{ charge: 8333.33, chargeBasis: '1/12 of the yearly charge', amount: 833.33 }]);
  });

  it('a week across two months is pro rata by day: 2/31 of March and 5/30 of April', () => {
    // 3,100 a month: 100 a day in March, 103.33 a day in April: 200 + 516.67 = 716.67; 10 % = 71.67
    const share = chargeShare('month', 'week', '2026-03-30', '2026-04-05')!;
    expect(share.basis).toBe('7 days of the monthly charge, pro rata by day');
    expect(3100 * share.factor).toBeCloseTo(716.6667, 3);
    const sla = agreement([{ kpis: ['api'], remedy: 'r', escalation: ['e'], credits: tiers }], [{ ...eur, charge: { amount: 3100, currency: 'EUR', per: 'month' } }]);
    const week = { ...res('api', '2026-03', 99.7), period: '2026-W14', periodKind: 'week' as const, start: '2026-03-30', end: '2026-04-05' };
    expect(creditsOf(sla, [week]).credits).toMatchObject([{ charge: 716.67, amount: 71.67 }]);
  });

  it('amounts round to the currency\'s minor unit: yen have none', () => {
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    const sla = agreement([{ kpis: ['api'], remedy: 'r', escalation: ['e'], credits: [{ below: 99.9, credit: 12.5 }] }], [{ ...eur, charge: { amount: 99999, currency: 'JPY', per: 'month' } }]);
    const { credits, creditTotals } = creditsOf(sla, [res('api', '2026-03', 99.7)]);
    expect(credits[0]!.amount).toBe(12500); // 12,499.875 → 12,500
    expect(money(creditTotals[0]!.amount, 'JPY')).toBe('¥12,500');
  });
});

describe('the engine adds credits to every check result', () => {
  it('from the CSV: March breached on two KPIs of a capped consequence, per recipient', async () => {
    const sla = makeSla(
      [kpi('api', { aggregate: 'mean' }, { op: '>=', target: 99.9 }, { unit: 'percent', measure: { aggregate: 'mean', metric: 'api' } }),
       kpi('web', { aggregate: 'mean' }, { op: '>=', target: 99.9 }, { unit: 'percent', measure: { aggregate: 'mean', metric: 'web' } })],
      [{ kpis: ['api', 'web'], remedy: 'r', escalation: ['e'], credits: tiers, cap: 30 }],
      'Europe/Berlin',
      [eur, noCharge],
    );
    const csv = 'timestamp,metric,value\n2026-02-10,api,99.95\n2026-02-10,web,99.95\n2026-03-10,api,99.2\n2026-03-10,web,99.7\n';
    const r = await check(sla, csv);
    expect(r.results.find((x) => x.kpi === 'api' && x.period === '2026-03')!.consequences).toEqual([{ remedy: 'r', escalation: 'e', credit: 25, cap: 30 }]);
    expect(r.credits.map((c) => [c.recipient, c.period, c.percent, c.uncappedPercent, c.amount ?? null])).toEqual([['checkout', '2026-03', 30, 35, 3600], ['search', '2026-03', 30, 35, null]]);
    expect(r.creditTotals).toEqual([{ recipient: 'checkout', recipientName: 'Checkout team', currency: 'EUR', amount: 3600 }]);
  });
});
