// Charges and caps in the agreement: the schema and the rules charge-currency, charge-period and credit-cap.
import { describe, expect, it } from 'vitest';
import { load, mutate, positionOf } from './fixture.js';

const withCharge = (charge: string, text?: string) => mutate('      representative: Rory Recipient\n', `      representative: Rory Recipient\n      charge: ${charge}\n`, text);
const withCredits = (extra = '', text?: string) => mutate('    escalation: [Head of provider]\n', `    escalation: [Head of provider]\n    credits: [{ below: 99.5, credit: 10 }]\n${extra}`, text);
const problems = (text: string) => load(text).problems.map((p) => ({ rule: p.rule, severity: p.severity, path: p.path, line: p.line, column: p.column, message: p.message }));

describe('charges and caps', () => {
  it('a monthly charge in EUR on a monthly KPI, with a cap, is valid without a finding', () => {
    const text = withCredits('    cap: 30\n', withCharge('{ amount: 12000, currency: EUR, per: month }'));
    expect(problems(text)).toEqual([]);
  });

  it('the schema rejects a currency that is not three capital letters, at its file:line:column', () => {
    const text = withCharge('{ amount: 12000, currency: euro, per: month }');
    const [p, ...rest] = problems(text);
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ rule: 'schema/pattern', severity: 'error', path: '/parties/recipients/0/charge/currency', ...positionOf(text, 'euro') });
    expect(p!.message).toContain('ISO 4217');
  });

  it('rule/charge-currency rejects three letters that are no ISO 4217 currency, at its position', () => {
    const text = withCharge('{ amount: 12000, currency: XYZ, per: month }');
    expect(problems(text)).toEqual([{ rule: 'rule/charge-currency', severity: 'error', path: '/parties/recipients/0/charge/currency', ...positionOf(text, 'XYZ'), message: '"XYZ" is not an ISO 4217 currency code (such as EUR, USD or GBP)' }]);
  });

  it('the schema rejects a cap outside 0–100, a charge without its currency, a zero amount and an unknown key', () => {
    const over = withCredits('    cap: 130\n');
    expect(problems(over)).toEqual([expect.objectContaining({ rule: 'schema/maximum', path: '/consequences/0/cap', ...positionOf(over, '130') })]);
    expect(problems(withCredits('    cap: -1\n'))).toEqual([expect.objectContaining({ rule: 'schema/minimum', path: '/consequences/0/cap' })]);
    expect(problems(withCharge('{ amount: 12000, per: month }'))).toEqual([expect.objectContaining({ rule: 'schema/required', path: '/parties/recipients/0/charge/currency' })]);
    expect(problems(withCharge('{ amount: 0, currency: EUR, per: month }'))).toEqual([expect.objectContaining({ path: '/parties/recipients/0/charge/amount' })]);
    expect(problems(withCharge('{ amount: 1, currency: EUR, per: month, vat: 20 }'))).toEqual([expect.objectContaining({ rule: 'schema/additionalProperties' })]);
    expect(problems(withCharge('{ amount: 1, currency: EUR, per: week }'))).toEqual([expect.objectContaining({ path: '/parties/recipients/0/charge/per' })]);
  });

  it('rule/charge-period warns when a credited KPI is measured over another period, and says what is chosen', () => {
    const quarterly = mutate('    period: month\n', '    period: quarter\n', withCredits('', withCharge('{ amount: 12000, currency: EUR, per: month }')));
    expect(problems(quarterly)).toEqual([expect.objectContaining({ rule: 'rule/charge-period', severity: 'warning', path: '/parties/recipients/0/charge/per', message: '"recipient" pays per month but KPI "uptime" is measured per quarter: each quarter\'s credit is a share of its 3 monthly charges' })]);
    const monthly = withCredits('', withCharge('{ amount: 36000, currency: EUR, per: quarter }'));
    expect(problems(monthly)[0]!.message).toBe('"recipient" pays per quarter but KPI "uptime" is measured per month: each month\'s credit is a share of 1/3 of the quarterly charge, whether or not the month was measured in full');
    const weekly = mutate('    period: month\n', '    period: week\n', withCredits('', withCharge('{ amount: 12000, currency: EUR, per: month }')));
    expect(problems(weekly)[0]!.message).toContain('pro rata by day');
  });

  it('no warning for a KPI without credits, or a recipient without a charge', () => {
    expect(problems(mutate('    period: month\n', '    period: quarter\n', withCharge('{ amount: 12000, currency: EUR, per: month }')))).toEqual([]);
    expect(problems(mutate('    period: month\n', '    period: quarter\n', withCredits()))).toEqual([]);
  });

  it('rule/credit-cap warns about a cap with no tiers to cap', () => {
    const text = mutate('    escalation: [Head of provider]\n', '    escalation: [Head of provider]\n    cap: 30\n');
    expect(problems(text)).toEqual([expect.objectContaining({ rule: 'rule/credit-cap', severity: 'warning', path: '/consequences/0/cap', ...positionOf(text, '30', 'cap:') })]);
  });
});
