import type { KpiResult, Status, TriggeredConsequence } from '../../core/check/types.js';
import { isFailing } from '../../core/check/verdict.js';
import { groupedNumber as num, OP_SYMBOL as OPS, UNIT_SUFFIX as UNITS } from '../text.js';

const digitsFor = (unit: string) => (unit === 'percent' ? 3 : 2);

export function valueWithUnit(value: number | null, unit: string): string {
  return value === null ? '–' : num(value, digitsFor(unit)) + (UNITS[unit] ?? '');
}

export const targetText = (r: KpiResult) => `${OPS[r.op] ?? r.op} ${valueWithUnit(r.target, r.unit)}`;

export function marginText(r: KpiResult): string {
  if (r.margin === null) return '–';
  const text = num(Math.abs(r.margin), digitsFor(r.unit));
  return (r.margin > 0 ? '+' : r.margin < 0 ? '−' : '±') + text;
}

export const budgetText = (r: KpiResult) => (r.budgetUsed === null ? '' : `${num(r.budgetUsed, 1)} %`);

export const statusText = (s: Status) => (s === 'met' ? '✔ met' : s === 'breached' ? '✖ breached' : '? no data');

export function creditText(c: TriggeredConsequence): string {
  if (c.credit === null) return '';
  return c.cap !== undefined && c.credit > c.cap ? `${num(c.credit, 2)} % service credit, capped at ${num(c.cap, 2)} %` : `${num(c.credit, 2)} % service credit`;
}

/** The results that fail the check, given --allow-missing. */
export const failing = (r: KpiResult, allowMissing: boolean) => isFailing(r.status, { allowMissing });

export function summaryText(results: readonly KpiResult[], allowMissing: boolean): string {
  const breached = results.filter((r) => r.status === 'breached').length;
  const missing = results.filter((r) => r.status === 'no-data').length;
  const kpis = new Set(results.map((r) => r.kpi)).size;
  const met = results.length - breached - missing;
  const of = `of ${results.length} result${results.length === 1 ? '' : 's'}`;
  const parts = [breached > 0 ? `${breached} ${of} breached` : `${met} ${of} met`];
  if (missing > 0) parts.push(`${missing} without data${allowMissing ? ' (allowed)' : ''}`);
  parts.push(`${kpis} KPI${kpis === 1 ? '' : 's'}`);
  return parts.join(', ');
}

/** "response 2026-04 (1), resolution-p90 2026-04 (5)": rows still open at the end of the data, or '' when none. */
export function openText(results: readonly KpiResult[]): string {
  return results.filter((r) => r.open > 0).map((r) => `${r.kpi} ${r.period} (${r.open})`).join(', ');
}
