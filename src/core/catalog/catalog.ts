// The catalog model behind `sla site`: pure, from loaded agreements (and their latest check results,
// when metrics are configured) to the index rows, the teams view and the graph's edges. Dates are
// judged against an explicit `asOf` day so a page (and a test) never depends on the clock.
import { endOfTerm, parseDay } from '../dates.js';
import type { Sla } from '../model.js';
import type { CheckResult } from '../check/types.js';

/** Ending within this many days is flagged on the index. */
export const ENDING_SOON_DAYS = 90;

export type LastVerdict =
  | { kind: 'met' }
  | { kind: 'breached'; count: number }
  | { kind: 'no-data' }
  | { kind: 'not-measured' };

export interface CatalogInput {
  sla: Sla;
  /** The agreement's file, as the site links it (relative, forward slashes). */
  file: string;
  /** The latest evaluation of its metrics; absent when no metrics file is configured for it. */
  check?: CheckResult;
}

export interface CatalogRow {
  id: string;
  title: string;
  file: string;
  provider: { id: string; name: string };
  recipients: { id: string; name: string }[];
  status: Sla['status'];
  term: { start: string; end: string | null };
  /** Days from asOf to the last day of the term (negative: ended); null when open-ended. */
  daysToEnd: number | null;
  /** The term ends within ENDING_SOON_DAYS days of asOf (and has not ended). */
  endingSoon: boolean;
  nextReview: string;
  /** Days the review is overdue (> 0), or 0 when it is not. */
  reviewOverdueDays: number;
  kpis: number;
  verdict: LastVerdict;
  /** Credits due per currency (money), and the percentage credits without a charge, as they stand. */
  credits: { currency: string; amount: number }[];
  creditPercentLines: number;
}

export interface TeamView {
  id: string;
  name: string;
  provides: string[];
  receives: string[];
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The agreements behind this edge (ids), sorted. */
  agreements: string[];
}

export interface Catalog {
  asOf: string;
  rows: CatalogRow[];
  teams: TeamView[];
  edges: GraphEdge[];
}

function daysBetween(from: string, to: string): number | null {
  const a = parseDay(from);
  const b = parseDay(to);
  return a === undefined || b === undefined ? null : b - a;
}

/**
 * The verdict of the last measured period: per KPI its latest result (results come in period order),
 * breached when any KPI breached there, no data when none had data, else met.
 */
export function lastVerdict(check: CheckResult | undefined): LastVerdict {
  if (!check) return { kind: 'not-measured' };
  const latest = new Map<string, CheckResult['results'][number]>();
  for (const r of check.results) {
    const seen = latest.get(r.kpi);
    if (!seen || (r.end ?? '') >= (seen.end ?? '')) latest.set(r.kpi, r);
  }
  const last = [...latest.values()];
  const breached = last.filter((r) => r.status === 'breached').length;
  if (breached > 0) return { kind: 'breached', count: breached };
  if (last.length === 0 || last.every((r) => r.status === 'no-data' || r.status === 'insufficient-data')) return { kind: 'no-data' };
  return { kind: 'met' };
}

export function catalogRow(input: CatalogInput, asOf: string): CatalogRow {
  const { sla, file, check } = input;
  const end = sla.expires ?? (sla.term ? endOfTerm(sla.effective, sla.term) ?? null : null);
  const daysToEnd = end === null ? null : daysBetween(asOf, end);
  const overdue = daysBetween(sla.reporting.review.next, asOf);
  return {
    id: sla.id,
    title: sla.title,
    file,
    provider: { id: sla.parties.provider.id, name: sla.parties.provider.name },
    recipients: sla.parties.recipients.map((r) => ({ id: r.id, name: r.name })),
    status: sla.status,
    term: { start: sla.effective, end },
    daysToEnd,
    endingSoon: daysToEnd !== null && daysToEnd >= 0 && daysToEnd <= ENDING_SOON_DAYS,
    nextReview: sla.reporting.review.next,
    reviewOverdueDays: overdue !== null && overdue > 0 && sla.status !== 'retired' ? overdue : 0,
    kpis: sla.metrics.length,
    verdict: lastVerdict(check),
    credits: (check?.creditTotals ?? []).map((t) => ({ currency: t.currency, amount: t.amount })),
    creditPercentLines: (check?.credits ?? []).filter((c) => c.amount === undefined && c.percent > 0).length,
  };
}

/** Rows sorted by title then id, so the index reads the same on every run. */
export function buildCatalog(inputs: readonly CatalogInput[], asOf: string): Catalog {
  const rows = inputs.map((i) => catalogRow(i, asOf)).sort((a, b) => a.title.localeCompare(b.title, 'en') || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const teams = new Map<string, TeamView>();
  const team = (id: string, name: string) => {
    let t = teams.get(id);
    if (!t) teams.set(id, (t = { id, name, provides: [], receives: [] }));
    return t;
  };
  const edges = new Map<string, GraphEdge>();
  for (const row of rows) {
    team(row.provider.id, row.provider.name).provides.push(row.id);
    for (const r of row.recipients) {
      team(r.id, r.name).receives.push(row.id);
      const key = JSON.stringify([row.provider.id, r.id]);
      let e = edges.get(key);
      if (!e) edges.set(key, (e = { from: row.provider.id, to: r.id, agreements: [] }));
      e.agreements.push(row.id);
    }
  }
  const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  for (const e of edges.values()) e.agreements.sort();
  return {
    asOf,
    rows,
    teams: [...teams.values()].sort(byId),
    edges: [...edges.values()].sort((a, b) => (a.from + '\0' + a.to < b.from + '\0' + b.to ? -1 : 1)),
  };
}
