// The credits part of every check format: per recipient and period, a share of that period's charge
// (and the money, when the recipient states a charge); totals only in money, per recipient.
import type { CheckResult, CreditLine } from '../../core/check/types.js';
import { money } from '../money.js';
import { formatNumber as num } from '../text.js';

export const percentText = (p: number) => `${num(p, 2)} %`;

/** "30 % (capped; the tiers reached 35 %)" or "25 %". */
export function creditPercentText(c: CreditLine): string {
  return c.capped ? `${percentText(c.percent)} (capped; the tiers reached ${percentText(c.uncappedPercent ?? c.percent)})` : percentText(c.percent);
}

/** "the monthly charge, $12,000.00", or null when the recipient states no charge. */
export function chargeBasisText(c: CreditLine): string | null {
  return c.amount !== undefined && c.currency !== undefined && c.charge !== undefined ? `${c.chargeBasis ?? 'the charge'}, ${money(c.charge, c.currency)}` : null;
}

/** "of the monthly charge, $12,000.00" or "of the period's charge" when the recipient states none. */
export const chargeText = (c: CreditLine) => `of ${chargeBasisText(c) ?? "the period's charge"}`;

export const amountText = (c: CreditLine) => (c.amount !== undefined && c.currency !== undefined ? money(c.amount, c.currency) : '');

/** "25 % of the monthly charge, $12,000.00 = $3,000.00 (availability)": one line, one period. */
export function creditLineText(c: CreditLine): string {
  const amount = amountText(c);
  return `${creditPercentText(c)} ${chargeText(c)}${amount ? ` = ${amount}` : ''} (${c.kpis.join(', ')})`;
}

export interface RecipientCredits {
  recipient: string;
  name: string;
  lines: CreditLine[];
  /** The money total, or null when the recipient states no charge (percentages are never added). */
  total: string | null;
}

/** Credit lines grouped by recipient, in the agreement's order, with each recipient's money total. */
export function creditsByRecipient(result: Pick<CheckResult, 'credits' | 'creditTotals'>): RecipientCredits[] {
  const out: RecipientCredits[] = [];
  for (const c of result.credits) {
    let group = out.find((g) => g.recipient === c.recipient);
    if (!group) {
      const total = result.creditTotals.find((t) => t.recipient === c.recipient);
      out.push((group = { recipient: c.recipient, name: c.recipientName, lines: [], total: total ? money(total.amount, total.currency) : null }));
    }
    group.lines.push(c);
  }
  return out;
}

/** The section's heading note: credits are shares of each period's own charge. */
export const CREDITS_NOTE = "each a share of its own period's charge; percentages of different periods are never added";
