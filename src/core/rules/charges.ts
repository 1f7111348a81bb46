// Charges and caps: what can be checked before any data about the money credits turn into.
import type { Kpi } from '../model.js';
import type { Rule } from './rule.js';

let currencies: Set<string> | undefined;
/** ISO 4217 codes this runtime knows (Intl.supportedValuesOf('currency'), from its ICU data). */
const isCurrency = (code: string) => (currencies ??= new Set(Intl.supportedValuesOf('currency'))).has(code);

export const chargeCurrency: Rule = {
  id: 'charge-currency',
  severity: 'error',
  description: 'a charge whose currency is not an ISO 4217 code',
  docs: 'docs/rules.md#charge-currency',
  check(sla, _facts, report) {
    sla.parties.recipients.forEach((r, i) => {
      if (r.charge !== undefined && !isCurrency(r.charge.currency)) {
        report(['parties', 'recipients', i, 'charge', 'currency'], `"${r.charge.currency}" is not an ISO 4217 currency code (such as EUR, USD or GBP)`);
      }
    });
  },
};

const PER_WORD = { month: 'monthly', quarter: 'quarterly', year: 'yearly' } as const;
const MONTHS = { month: 1, quarter: 3, year: 12 } as const;

/** How a credit of `kind` is turned into money on a charge paid per `per` (see core/check/credits.ts). */
function choiceFor(kind: Kpi['period'], per: keyof typeof MONTHS): string {
  const word = PER_WORD[per];
  if (kind === 'month' || kind === 'quarter') {
    const months = kind === 'month' ? 1 : 3;
    const ratio = months / MONTHS[per];
    return ratio > 1
      ? `each ${kind}'s credit is a share of its ${ratio} ${word} charges`
      : `each ${kind}'s credit is a share of 1/${MONTHS[per] / months} of the ${word} charge, whether or not the ${kind} was measured in full`;
  }
  const span = kind === 'all' ? 'the data window' : `each ${kind}`;
  return `the credit of ${span} is a share of the ${word} charge pro rata by day (each day carries its ${per}'s charge divided by the ${per}'s days)`;
}

export const chargePeriod: Rule = {
  id: 'charge-period',
  severity: 'warning',
  description: "a charge paid per another period than a credited KPI is measured over; says how the credit is converted",
  docs: 'docs/rules.md#charge-period',
  check(sla, facts, report) {
    const credited = new Set(sla.consequences.filter((c) => (c.credits?.length ?? 0) > 0).flatMap((c) => c.kpis));
    sla.parties.recipients.forEach((r, i) => {
      if (r.charge === undefined) return;
      const per = r.charge.per;
      for (const id of credited) {
        const kpi = facts.kpisById.get(id);
        if (!kpi || kpi.period === per) continue;
        report(['parties', 'recipients', i, 'charge', 'per'], `"${r.id}" pays per ${per} but KPI "${id}" is measured per ${kpi.period === 'all' ? 'the whole data (all)' : kpi.period}: ${choiceFor(kpi.period, per)}`);
      }
    });
  },
};

export const creditCap: Rule = {
  id: 'credit-cap',
  severity: 'warning',
  description: 'a cap on a consequence that has no credit tiers to cap',
  docs: 'docs/rules.md#credit-cap',
  check(sla, _facts, report) {
    sla.consequences.forEach((c, i) => {
      if (c.cap !== undefined && (c.credits?.length ?? 0) === 0) report(['consequences', i, 'cap'], 'this consequence has no credit tiers, so its cap limits nothing: add "credits" or remove "cap"');
    });
  },
};
