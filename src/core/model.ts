// The model is typed from the schema alone (src/core/generated/sla.ts is generated from it at build time).
import type { InternalServiceLevelAgreement, KPI, Consequence, CreditTier, Priority, Provider, Recipient, Charge, Measure } from './generated/sla.js';

export type Sla = InternalServiceLevelAgreement;
export type { KPI as Kpi, Consequence, CreditTier, Priority, Provider, Recipient, Charge, Measure };
/** Any party: the provider, or a recipient (which may also state its charge). */
export type Party = Provider | Recipient;
export type Comparison = KPI['objective']['op'];

export function compare(actual: number, op: Comparison, target: number): boolean {
  switch (op) {
    case '>=': return actual >= target;
    case '>': return actual > target;
    case '<=': return actual <= target;
    case '<': return actual < target;
    case '==': return actual === target;
  }
}

/** The last day the agreement covers: its expiry date, or the end of its term. */
export { endOfTerm } from './dates.js';
