// `sla export sloth`: Sloth's `prometheus/v1` spec, for teams whose rules Sloth already generates.
// Sloth reads Prometheus only, so it gets the KPIs measured from PromQL, as raw error ratios.
import { stringify } from 'yaml';
import type { Sla } from '../model.js';
import { goodExpression, isPromql } from './prometheus.js';
import { consequencesOf, fractionToPercent, type Plans } from './plan.js';

export const SLOTH_VERSION = 'prometheus/v1';

/** "sev1-response" -> "Sev1Response": Prometheus alert names are [a-zA-Z_:][a-zA-Z0-9_:]*. */
const camel = (id: string) => id.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
const literal = (text: string): string => text.replace(/\{\{|\}\}/g, (m) => `{{ "${m}" }}`);

export function slothSpec(sla: Sla, { plans }: Plans): Record<string, unknown> {
  return {
    version: SLOTH_VERSION,
    service: sla.id,
    labels: { sla_agreement: sla.id, sla_version: String(sla.version), sla_provider: sla.parties.provider.id },
    slos: plans.filter(isPromql).map((plan) => {
      const consequences = consequencesOf(sla, plan.kpi.id);
      const remedy = consequences.map((c) => c.remedy.trim()).join(' ');
      const escalation = consequences.flatMap((c) => c.escalation).filter((e, i, all) => all.indexOf(e) === i);
      return {
        name: plan.kpi.id,
        objective: fractionToPercent(plan.target),
        description: plan.kpi.name,
        labels: { sla_kpi: plan.kpi.id },
        sli: { raw: { error_ratio_query: `1 - (${goodExpression(plan)})` } },
        alerting: {
          name: `SLA${camel(plan.kpi.id)}BudgetBurn`,
          labels: { sla_agreement: sla.id, sla_kpi: plan.kpi.id },
          annotations: {
            summary: literal(`${plan.kpi.name}: the error budget of ${sla.title} burns too fast`),
            ...(remedy === '' ? {} : { remedy: literal(remedy) }),
            ...(escalation.length === 0 ? {} : { escalation: literal(escalation.join(' -> ')) }),
          },
          page_alert: { labels: { severity: 'page' } },
          ticket_alert: { labels: { severity: 'ticket' } },
        },
      };
    }),
  };
}

export function slothYaml(spec: Record<string, unknown>): string {
  return stringify(spec, { lineWidth: 0, aliasDuplicateObjects: false });
}
