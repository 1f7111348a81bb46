import type { KpiResult, Status, TriggeredConsequence } from '../../core/check/types.js';
import { isFailing } from '../../core/check/verdict.js';
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

export const statusText = (s: Status) => (s === 'met' ? '✔ met' : s === 'breached' ? '✖ breached' : '? no data');

export function creditText(c: TriggeredConsequence): string {
  return c.credit === null ? '' : `${num(c.credit, 2)} % service credit`;
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
