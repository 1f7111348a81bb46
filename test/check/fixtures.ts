import { Readable } from 'node:stream';
import { checkCsv, type CheckResult } from '../../src/core/check/index.js';
import type { CheckCsvOptions } from '../../src/core/check/index.js';
import type { Consequence, Kpi, Recipient, Sla } from '../../src/core/model.js';

/** The parts of an SLA that `check` reads; the rest is irrelevant to these tests. */
export function makeSla(metrics: Kpi[], consequences: Consequence[] = [], timezone = 'Europe/London', recipients: Partial<Recipient>[] = [{ id: 'team', name: 'Team' }]): Sla {
  return { id: 'test-sla', title: 'Test agreement', timezone, metrics, consequences, parties: { recipients } } as unknown as Sla;
}

/** A KPI over a long-format metric "m", monthly, with sensible defaults. */
export function kpi(id: string, measure: Partial<Kpi['measure']>, objective: Kpi['objective'] = { op: '>=', target: 0 }, extra: Partial<Kpi> = {}): Kpi {
  return { id, name: id, unit: 'count', objective, period: 'month', measure: { aggregate: 'mean', metric: 'm', ...measure }, ...extra } as Kpi;
}

/** Runs the streaming check on CSV text, fed in chunks of `chunk` characters to exercise stitching. */
export function check(sla: Sla, csv: string, options: CheckCsvOptions = {}, chunk = 7): Promise<CheckResult> {
  const parts: string[] = [];
  for (let i = 0; i < csv.length; i += chunk) parts.push(csv.slice(i, i + chunk));
  return checkCsv(sla, Readable.from(parts), options);
}

export const result = (r: CheckResult, kpiId: string, period: string) => {
  const found = r.results.find((x) => x.kpi === kpiId && x.period === period);
  if (!found) throw new Error(`no result for ${kpiId} ${period}: ${r.results.map((x) => `${x.kpi} ${x.period}`).join(', ')}`);
  return found;
};
