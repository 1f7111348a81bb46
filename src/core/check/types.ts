import type { Comparison } from '../model.js';
import type { PeriodKind } from './time.js';

/** insufficient-data: fewer samples than the KPI's minSamples; it counts like no data. */
export type Status = 'met' | 'breached' | 'no-data' | 'insufficient-data';

export interface TriggeredConsequence {
  remedy: string;
  /** The escalation path, in order, joined with " → ". */
  escalation: string;
  /** The credit tier that applies, as a percentage of the period's charge; null when the consequence has no credits. */
  credit: number | null;
  /** The consequence's cap on what it credits in one period (percent of the charge); absent without one. */
  cap?: number;
}

export interface KpiResult {
  kpi: string;
  name: string;
  /** 2026-01-31, 2026-W05, 2026-01, 2026-Q1 or all. */
  period: string;
  /** What the period is, so no reader has to parse `period`. */
  periodKind: PeriodKind;
  /**
   * The first and last local day measured (YYYY-MM-DD, inclusive, in the SLA's time zone): the
   * period's calendar span cut to the agreement's term and --from/--to. For 'all' the first and last
   * day of the data window (--from/--to or the data, inside the term); null only when there is no
   * window at all (no dated row in the term and no --from/--to).
   */
  start: string | null;
  end: string | null;
  /** The term or --from/--to cut the period: it was measured over start–end only, not its whole calendar span. */
  partial: boolean;
  status: Status;
  actual: number | null;
  target: number;
  op: Comparison;
  unit: string;
  /** Rows that counted. */
  samples: number;
  /** The KPI's minSamples (fewer samples: insufficient-data), null when it states none. */
  minSamples: number | null;
  /** Rows still open at the end of the data (no end timestamp) and not yet over their target: not counted in samples. */
  open: number;
  /** actual − target: positive is above the target, negative below. */
  margin: number | null;
  /** Percentage KPIs with a >= or > target: the share of the error budget (100 − target) used. */
  budgetUsed: number | null;
  consequences: TriggeredConsequence[];
  /**
   * The credit tiers' bounds the actual value is judged by besides the target, when there are any:
   * outputs print the actual with enough digits to tell it from each (not in the JSON output).
   */
  bounds?: number[];
}

/** The fields of a result that say which period it is for. */
export type ResultPeriod = Pick<KpiResult, 'period' | 'periodKind' | 'start' | 'end'> & Partial<Pick<KpiResult, 'partial'>>;

export interface SkippedRow {
  row: number;
  column: string;
  reason: string;
}

/**
 * What one recipient is owed for one period: a share of that period's charge, never added to the
 * share of another period. With the recipient's charge, also the money.
 */
export interface CreditLine {
  /** The recipient's party id, and its name. */
  recipient: string;
  recipientName: string;
  period: string;
  periodKind: PeriodKind;
  start: string | null;
  end: string | null;
  /** Percent of the period's charge, after caps: the tiers reached by the period's breached KPIs. */
  percent: number;
  /** Set when a consequence's cap lowered the credit; `uncappedPercent` is what the tiers gave. */
  capped?: true;
  uncappedPercent?: number;
  /** The KPIs whose breaches earned it. */
  kpis: string[];
  /** With a charge: the money, rounded to the currency's minor unit, and what it is a share of. */
  amount?: number;
  currency?: string;
  /** The period's charge the percentage applies to, and how it follows from the recipient's charge. */
  charge?: number;
  chargeBasis?: string;
}

/** The money one recipient is owed over all periods: only ever a sum of money, in one currency. */
export interface CreditTotal {
  recipient: string;
  recipientName: string;
  currency: string;
  amount: number;
}

/** The JSON document `sla check --format json` prints, field for field. */
export interface CheckResult {
  sla: string;
  status: Status;
  /** The agreement is a draft (status: draft): checked all the same, and every output says so. */
  draft: boolean;
  /** The agreement's term: its effective date and last day (expires, or the end of term; null when open-ended). */
  term: { start: string; end: string | null };
  from: string | null;
  to: string | null;
  /** Rows dated before the term starts or after it ends: not measured, only counted. */
  outside: { before: number; after: number };
  results: KpiResult[];
  skipped: SkippedRow[];
  /** Service credits per recipient and period (see credits.ts). */
  credits: CreditLine[];
  /** Money totals per recipient with a charge; never a total of percentages. */
  creditTotals: CreditTotal[];
}
