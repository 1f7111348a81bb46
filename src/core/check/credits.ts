// Service credits: what each recipient is owed for each period, from the breached results. A credit
// is a share of ONE period's charge, so percentages are added only within a period (several KPIs or
// consequences crediting the same month) and never across periods; totals exist only in money, per
// recipient, when the recipient states its charge. Pure: no formatting beyond the currency's digits.
import { civilFromDays, compareDates, daysFromCivil, daysInMonth, parseDay } from '../dates.js';
import type { Charge, Consequence, Sla } from '../model.js';
import { creditFor } from './evaluate.js';
import type { PeriodKind } from './time.js';
import type { CreditLine, CreditTotal, KpiResult } from './types.js';

export type ChargePer = Charge['per'];

const MONTHS_PER: Record<ChargePer, number> = { month: 1, quarter: 3, year: 12 };
const PER_WORD: Record<ChargePer, string> = { month: 'monthly', quarter: 'quarterly', year: 'yearly' };

/** The digits after the decimal point the currency uses (2 for EUR and USD, 0 for JPY). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** 12 significant digits, then whole minor units: 0.1 × 3 lands on 0.30, not 0.30000000000000004. */
function toMinor(amount: number, digits: number): number {
  return Math.round(Number((amount * 10 ** digits).toPrecision(12)));
}

/**
 * The charge a credit of a KPI period is a share of, as a multiple of the recipient's charge, with
 * the basis in words. Months and quarters count whole calendar periods: a quarter on a monthly charge
 * is the quarter's three monthly charges, a month on a quarterly charge a third of it, a month on a
 * yearly charge a twelfth, whether or not the period was measured in full (pro rata for a partial
 * period is not applied). Days, weeks and `all` count days: each day carries its charge period's
 * charge divided by that period's days (a week from 30 March to 5 April on a monthly charge is
 * 2/31 of March's and 5/30 of April's).
 */
export function chargeShare(per: ChargePer, kind: PeriodKind, start: string | null, end: string | null): { factor: number; basis: string } | null {
  const word = PER_WORD[per];
  if (kind === 'month' || kind === 'quarter') {
    const months = kind === 'month' ? 1 : 3;
    const factor = months / MONTHS_PER[per];
    if (factor === 1) return { factor, basis: `the ${word} charge` };
    if (factor > 1) return { factor, basis: `${factor} ${word} charges` };
    return { factor, basis: `1/${MONTHS_PER[per] / months} of the ${word} charge` };
  }
  const first = start === null ? undefined : parseDay(start);
  const last = end === null ? undefined : parseDay(end);
  if (first === undefined || last === undefined || last < first) return null;
  let factor = 0;
  for (let day = first; day <= last; day++) factor += 1 / daysOfChargePeriod(per, day);
  const days = last - first + 1;
  return { factor: Number(factor.toPrecision(12)), basis: `${days} day${days === 1 ? '' : 's'} of the ${word} charge, pro rata by day` };
}

function daysOfChargePeriod(per: ChargePer, day: number): number {
  const { y, m } = civilFromDays(day);
  if (per === 'month') return daysInMonth(y, m);
  if (per === 'year') return daysFromCivil(y + 1, 1, 1) - daysFromCivil(y, 1, 1);
  const q = m - ((m - 1) % 3);
  return daysInMonth(y, q) + daysInMonth(y, q + 1) + daysInMonth(y, q + 2);
}

interface PeriodCredit {
  period: string;
  periodKind: PeriodKind;
  start: string | null;
  end: string | null;
  percent: number;
  uncapped: number;
  kpis: string[];
}

const tidy = (v: number) => Number(v.toPrecision(12));

/**
 * The credit of every period, before charges: per consequence and period, the tiers its breached
 * KPIs reached, added (they are shares of the same charge) and held to the consequence's cap; then the
 * consequences of one period added. Periods with no credit are left out.
 */
export function periodCredits(consequences: readonly Consequence[], results: readonly KpiResult[]): PeriodCredit[] {
  const byPeriod = new Map<string, PeriodCredit>();
  for (const c of consequences) {
    if (c.credits === undefined || c.credits.length === 0) continue;
    const mine = new Map<string, { result: KpiResult; percent: number; kpis: string[] }>();
    for (const r of results) {
      if (r.status !== 'breached' || r.actual === null || !c.kpis.includes(r.kpi)) continue;
      const credit = creditFor(c, r.actual) ?? 0;
      if (credit <= 0) continue;
      const entry = mine.get(r.period) ?? { result: r, percent: 0, kpis: [] };
      entry.percent = tidy(entry.percent + credit);
      entry.kpis.push(r.kpi);
      mine.set(r.period, entry);
    }
    for (const [period, { result, percent, kpis }] of mine) {
      const applied = c.cap !== undefined && percent > c.cap ? c.cap : percent;
      const line = byPeriod.get(period) ?? { period, periodKind: result.periodKind, start: result.start, end: result.end, percent: 0, uncapped: 0, kpis: [] };
      line.percent = tidy(line.percent + applied);
      line.uncapped = tidy(line.uncapped + percent);
      for (const k of kpis) if (!line.kpis.includes(k)) line.kpis.push(k);
      byPeriod.set(period, line);
    }
  }
  return [...byPeriod.values()].sort((a, b) => compareDates(a.start ?? '', b.start ?? '') || (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

/** Credits per recipient and period, and money totals per recipient that states a charge. */
export function creditsOf(sla: Pick<Sla, 'parties' | 'consequences'>, results: readonly KpiResult[]): { credits: CreditLine[]; creditTotals: CreditTotal[] } {
  const periods = periodCredits(sla.consequences, results);
  const credits: CreditLine[] = [];
  const creditTotals: CreditTotal[] = [];
  if (periods.length === 0) return { credits, creditTotals };
  for (const recipient of sla.parties.recipients) {
    const charge = recipient.charge;
    const digits = charge === undefined ? 0 : currencyDigits(charge.currency);
    let totalMinor = 0;
    let priced = 0;
    let unpriced = 0;
    for (const p of periods) {
      const line: CreditLine = { recipient: recipient.id, recipientName: recipient.name, period: p.period, periodKind: p.periodKind, start: p.start, end: p.end, percent: p.percent, kpis: [...p.kpis] };
      if (p.uncapped > p.percent) {
        line.capped = true;
        line.uncappedPercent = p.uncapped;
      }
      const share = charge === undefined ? null : chargeShare(charge.per, p.periodKind, p.start, p.end);
      if (charge !== undefined && share !== null) {
        const minor = toMinor((charge.amount * share.factor * p.percent) / 100, digits);
        line.amount = minor / 10 ** digits;
        line.currency = charge.currency;
        line.charge = toMinor(charge.amount * share.factor, digits) / 10 ** digits;
        line.chargeBasis = share.basis;
        totalMinor += minor;
        priced++;
      } else if (charge !== undefined) unpriced++;
      credits.push(line);
    }
    // A total that left out a line it could not price would understate what is owed: none then.
    if (charge !== undefined && priced > 0 && unpriced === 0) creditTotals.push({ recipient: recipient.id, recipientName: recipient.name, currency: charge.currency, amount: totalMinor / 10 ** digits });
  }
  return { credits, creditTotals };
}
