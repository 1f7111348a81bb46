// `sla export prometheus`: recording rules for the SLIs of KPIs measured from PromQL and the
// multi-window, multi-burn-rate alerts of the Google SRE workbook (chapter "Alerting on SLOs").
import { stringify } from 'yaml';
import type { Sla } from '../model.js';
import { consequencesOf, type Plans, type SloPlan } from './plan.js';

/**
 * The workbook's pairs: alert when both the long and the short window burn the error budget this
 * many times faster than the objective allows (14.4x for an hour spends 2 % of a 30-day budget).
 * The short window makes the alert stop soon after the burn does.
 */
export const BURN_WINDOWS = [
  { long: '1h', short: '5m', factor: 14.4, severity: 'page' },
  { long: '6h', short: '30m', factor: 6, severity: 'page' },
  { long: '1d', short: '2h', factor: 3, severity: 'ticket' },
  { long: '3d', short: '6h', factor: 1, severity: 'ticket' },
] as const;

const WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;

export const GOOD_RECORD = 'sla:sli_good:ratio';
export const errorRecord = (window: string) => `sla:sli_error:ratio_avg${window}`;
export const ALERT_NAME = 'SLAErrorBudgetBurn';

/** A number written without binary noise (0.0144, not 0.014400000000000001). */
const num = (n: number): string => String(Number(n.toPrecision(12)));

/** Alert annotations are Go templates: text from the agreement must not be run as one. */
const literal = (text: string): string => text.replace(/\{\{|\}\}/g, (m) => `{{ "${m}" }}`);

/** Whether a plan reads a live PromQL query (only those get rules: a CSV is not scraped). */
export const isPromql = (plan: SloPlan): boolean => plan.indicator.kind === 'raw-ratio' || (plan.indicator.kind === 'threshold' && plan.indicator.promql !== undefined);

/** The PromQL whose value is the good fraction at each evaluation: the percentage over 100, or 1/0 per threshold. */
export function goodExpression(plan: SloPlan): string {
  const i = plan.indicator;
  // The query gives the KPI's value in its unit, as sla check reads it: a percentage, 100 when all is good.
  if (i.kind === 'raw-ratio') return `(${i.promql}) / 100`;
  if (i.kind === 'threshold' && i.promql !== undefined) {
    const ops = { lte: '<=', lt: '<', gte: '>=', gt: '>' } as const;
    return `(${i.promql}) ${ops[i.op]} bool ${num(i.value)}`;
  }
  throw new Error(`KPI ${plan.kpi.id} is not measured from PromQL`);
}

export interface RuleFile {
  groups: { name: string; rules: Record<string, unknown>[] }[];
}

export function prometheusRules(sla: Sla, { plans }: Plans): RuleFile {
  const records: Record<string, unknown>[] = [];
  const alerts: Record<string, unknown>[] = [];
  for (const plan of plans.filter(isPromql)) {
    const labels = { sla_agreement: sla.id, sla_kpi: plan.kpi.id };
    const selector = `{sla_agreement="${sla.id}",sla_kpi="${plan.kpi.id}"}`;
    const budget = 1 - plan.target;
    records.push({ record: GOOD_RECORD, expr: goodExpression(plan), labels });
    for (const w of WINDOWS) records.push({ record: errorRecord(w), expr: `1 - avg_over_time(${GOOD_RECORD}${selector}[${w}])`, labels });
    records.push({ record: 'sla:objective:ratio', expr: `vector(${num(plan.target)})`, labels });
    const consequences = consequencesOf(sla, plan.kpi.id);
    const remedy = consequences.map((c) => c.remedy.trim()).join(' ');
    const escalation = consequences.flatMap((c) => c.escalation).filter((e, i, all) => all.indexOf(e) === i);
    for (const b of BURN_WINDOWS) {
      const limit = num(b.factor * budget);
      alerts.push({
        alert: ALERT_NAME,
        expr: `${errorRecord(b.long)}${selector} > ${limit} and ${errorRecord(b.short)}${selector} > ${limit}`,
        labels: { ...labels, severity: b.severity, burn_window: b.long },
        annotations: {
          summary: literal(`${plan.kpi.name}: the error budget burns ${b.factor}x faster than ${sla.title} allows`),
          description: literal(
            `Over the last ${b.long} and ${b.short}, more than ${num(b.factor * budget * 100)} % of events were bad, against the ${num(budget * 100)} % the objective (${num(plan.target * 100)} % a ${plan.period}) allows. ` +
              `Agreement ${sla.id} version ${sla.version}, KPI ${plan.kpi.id}.`,
          ),
          ...(remedy === '' ? {} : { remedy: literal(remedy) }),
          ...(escalation.length === 0 ? {} : { escalation: literal(escalation.join(' -> ')) }),
        },
      });
    }
  }
  const group = (suffix: string, rules: Record<string, unknown>[]) => ({ name: `sla-${sla.id}-${suffix}`, rules });
  return { groups: records.length === 0 ? [] : [group('sli', records), group('burn-rate-alerts', alerts)] };
}

export function rulesYaml(rules: RuleFile): string {
  return stringify(rules, { lineWidth: 0, aliasDuplicateObjects: false });
}
