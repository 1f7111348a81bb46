import { tidy } from '../../core/numbers.js';
import { printableJson } from '../../core/printable.js';
import type { CheckFormatter } from './types.js';

/** A number as JSON carries it: SIGNIFICANT_DIGITS (12) significant digits, no binary noise. */
const exact = <T extends number | null>(x: T): T => (x === null ? x : (tidy(x) as T));

/** The result document as the issue defines it, one JSON document whatever happens. */
export const json: CheckFormatter = (result) =>
  printableJson({
    sla: result.sla,
    status: result.status,
    draft: result.draft,
    term: result.term,
    from: result.from,
    to: result.to,
    outside: { before: result.outside.before, after: result.outside.after },
    results: result.results.map((r) => ({
      kpi: r.kpi,
      name: r.name,
      period: r.period,
      periodKind: r.periodKind,
      start: r.start,
      end: r.end,
      partial: r.partial,
      status: r.status,
      actual: exact(r.actual),
      target: exact(r.target),
      op: r.op,
      unit: r.unit,
      samples: r.samples,
      minSamples: r.minSamples,
      open: r.open,
      margin: exact(r.margin),
      budgetUsed: exact(r.budgetUsed),
      consequences: r.consequences.map((c) => ({ remedy: c.remedy, escalation: c.escalation, credit: exact(c.credit), cap: c.cap ?? null })),
    })),
    skipped: result.skipped.map((s) => ({ row: s.row, column: s.column, reason: s.reason })),
    // Per recipient and period; money fields only with the recipient's charge; totals only in money.
    credits: result.credits.map((c) => ({
      recipient: c.recipient, period: c.period, periodKind: c.periodKind, start: c.start, end: c.end, percent: c.percent,
      ...(c.capped ? { capped: true, uncappedPercent: c.uncappedPercent } : {}),
      ...(c.amount !== undefined ? { amount: c.amount, currency: c.currency, charge: c.charge, chargeBasis: c.chargeBasis } : {}),
      kpis: c.kpis,
    })),
    creditTotals: result.creditTotals.map((t) => ({ recipient: t.recipient, currency: t.currency, amount: t.amount })),
  }) + '\n';
