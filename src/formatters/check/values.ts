import type { CheckResult, KpiResult, Status, TriggeredConsequence } from '../../core/check/types.js';
import { isFailing } from '../../core/check/verdict.js';
import { civilFromDays, MONTHS, parseDay } from '../../core/dates.js';
import { plural } from '../../core/text.js';
import { actualNumber, budgetNumber, exactNumber, formatNumber as num, marginNumber, OP_SYMBOL as OPS, UNIT_SUFFIX as UNITS } from '../text.js';

/** A result's actual value with its unit, with as many digits as tell it from its target and credit bounds: "99.9986 %". */
export function actualText(r: KpiResult): string {
  return r.actual === null ? '–' : actualNumber(r) + (UNITS[r.unit] ?? '');
}

/** A value an agreement states, with its unit, exactly as written: "99.999 %". */
export function valueWithUnit(value: number | null, unit: string): string {
  return value === null ? '–' : exactNumber(value) + (UNITS[unit] ?? '');
}

export const targetText = (r: KpiResult) => `${OPS[r.op] ?? r.op} ${valueWithUnit(r.target, r.unit)}`;

/** actual − target; for a percentage in percentage points: "+0.075 pp". */
export function marginText(r: KpiResult): string {
  return r.margin === null ? '–' : marginNumber(r) + (r.unit === 'percent' ? ' pp' : '');
}

export const budgetText = (r: KpiResult) => (r.budgetUsed === null ? '' : `${budgetNumber(r.budgetUsed)} %`);

export const statusText = (s: Status) => (s === 'met' ? '✔ met' : s === 'breached' ? '✖ breached' : s === 'insufficient-data' ? '? too few samples' : '? no data');

/** "1–15 Mar", "25 Jan–5 Feb", "25 Dec 2025–5 Jan 2026": the days a partial period covers. */
export function spanText(start: string, end: string): string {
  const a = parseDay(start), b = parseDay(end);
  if (a === undefined || b === undefined) return `${start}–${end}`;
  const s = civilFromDays(a), e = civilFromDays(b);
  const mon = (m: number) => MONTHS[m - 1]!.slice(0, 3);
  if (s.y !== e.y) return `${s.d} ${mon(s.m)} ${s.y}–${e.d} ${mon(e.m)} ${e.y}`;
  if (s.m !== e.m) return `${s.d} ${mon(s.m)}–${e.d} ${mon(e.m)}`;
  return s.d === e.d ? `${s.d} ${mon(s.m)}` : `${s.d}–${e.d} ${mon(s.m)}`;
}

/** The period as the outputs show it: its key, and for a partial period the days measured, "2026-03 (1–15 Mar)". */
export const periodText = (r: Pick<KpiResult, 'period' | 'partial' | 'start' | 'end'>) =>
  r.partial && r.start !== null && r.end !== null ? `${r.period} (${spanText(r.start, r.end)})` : r.period;

/**
 * What a reader must know before the figures, once per output: a draft agreement, rows outside the
 * agreement's term (not measured), periods the term or --from/--to cut.
 */
export function noticeLines(result: Pick<CheckResult, 'draft' | 'term' | 'outside' | 'results'>): string[] {
  const out: string[] = [];
  if (result.draft) out.push('This agreement is a draft (status: draft): checked all the same, but nothing here is agreed yet.');
  const { before, after } = result.outside ?? { before: 0, after: 0 };
  if (before + after > 0) {
    const term = result.term.end === null ? `from ${result.term.start}` : `${result.term.start} to ${result.term.end}`;
    const where = [before > 0 ? `${before} before` : '', after > 0 ? `${after} after` : ''].filter(Boolean).join(', ');
    out.push(`${plural(before + after, 'row')} outside the agreement's term (${term}) not measured: ${where}.`);
  }
  const partial = [...new Set(result.results.filter((r) => r.partial).map(periodText))];
  if (partial.length > 0) out.push(`Partial ${partial.length === 1 ? 'period' : 'periods'}, measured only over the days in the term and --from/--to: ${partial.join(', ')}.`);
  return out;
}

export function creditText(c: TriggeredConsequence): string {
  if (c.credit === null) return '';
  return c.cap !== undefined && c.credit > c.cap ? `${num(c.credit, 2)} % service credit, capped at ${num(c.cap, 2)} %` : `${num(c.credit, 2)} % service credit`;
}

/** The results that fail the check, given --allow-missing. */
export const failing = (r: KpiResult, allowMissing: boolean) => isFailing(r.status, { allowMissing });

export function summaryText(results: readonly KpiResult[], allowMissing: boolean): string {
  const breached = results.filter((r) => r.status === 'breached').length;
  const missing = results.filter((r) => r.status === 'no-data').length;
  const few = results.filter((r) => r.status === 'insufficient-data').length;
  const kpis = new Set(results.map((r) => r.kpi)).size;
  const met = results.length - breached - missing - few;
  const of = `of ${results.length} result${results.length === 1 ? '' : 's'}`;
  const parts = [breached > 0 ? `${breached} ${of} breached` : `${met} ${of} met`];
  if (missing > 0) parts.push(`${missing} without data${allowMissing ? ' (allowed)' : ''}`);
  if (few > 0) parts.push(`${few} with too few samples${allowMissing ? ' (allowed)' : ''}`);
  parts.push(`${kpis} KPI${kpis === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** "response 2026-04 (1), resolution-p90 2026-04 (5)": rows still open at the end of the data, or '' when none. */
export function openText(results: readonly KpiResult[]): string {
  return results.filter((r) => r.open > 0).map((r) => `${r.kpi} ${periodText(r)} (${r.open})`).join(', ');
}
