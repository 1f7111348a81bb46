import type { CheckFormatter } from './types.js';

/** The result document as the issue defines it, one JSON document whatever happens. */
export const json: CheckFormatter = (result) =>
  JSON.stringify({
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
      actual: r.actual,
      target: r.target,
      op: r.op,
      unit: r.unit,
      samples: r.samples,
      minSamples: r.minSamples,
      open: r.open,
      margin: r.margin,
      budgetUsed: r.budgetUsed,
      consequences: r.consequences.map((c) => ({ remedy: c.remedy, escalation: c.escalation, credit: c.credit })),
    })),
    skipped: result.skipped.map((s) => ({ row: s.row, column: s.column, reason: s.reason })),
  }, null, 2) + '\n';
