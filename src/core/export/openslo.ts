// `sla export openslo`: OpenSLO v1 documents (Service, SLI, SLO, AlertPolicy) from the plans.
// The agreement's id, version and parties travel as labels; what OpenSLO cannot say but an import
// needs to give back the same KPI (its id, unit, aggregate) travels as `sla-as-code/` annotations.
import { stringify } from 'yaml';
import type { Sla } from '../model.js';
import { BURN_WINDOWS } from './prometheus.js';
import { consequencesOf, dnsLabel, type CsvSelector, type Plans, type SloPlan } from './plan.js';

export const OPENSLO_API_VERSION = 'openslo/v1';
/** The metric source type of rows read from a metrics CSV by `sla check`. */
export const CSV_SOURCE_TYPE = 'sla-metrics-csv';
export const ANNOTATION_PREFIX = 'sla-as-code/';

export interface OpensloDocument {
  apiVersion: typeof OPENSLO_API_VERSION;
  kind: 'Service' | 'SLI' | 'SLO' | 'AlertPolicy';
  metadata: { name: string; displayName?: string; labels?: Record<string, string | string[]>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** OpenSLO's descriptions hold at most 1050 characters. */
const description = (text: string): string => (text.length <= 1050 ? text : `${text.slice(0, 1049)}…`);

function labels(sla: Sla): Record<string, string | string[]> {
  return {
    'sla-agreement': sla.id,
    'sla-version': String(sla.version),
    provider: sla.parties.provider.id,
    recipients: sla.parties.recipients.map((r) => r.id),
  };
}

function annotations(sla: Sla, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const out: Record<string, string> = { [`${ANNOTATION_PREFIX}agreement`]: sla.id, [`${ANNOTATION_PREFIX}version`]: String(sla.version) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[`${ANNOTATION_PREFIX}${k}`] = v;
  return out;
}

const csvSource = (s: CsvSelector) => ({ metricSource: { type: CSV_SOURCE_TYPE, spec: { ...s } } });
const promSource = (query: string) => ({ metricSource: { type: 'Prometheus', spec: { query } } });

function sliSpec(plan: SloPlan): Record<string, unknown> {
  const i = plan.indicator;
  if (i.kind === 'ratio') return { ratioMetric: { counter: false, good: csvSource(i.good), total: csvSource(i.total) } };
  // OpenSLO's raw ratio is a fraction (0.99 for 99 %); the agreement's query gives a percentage.
  if (i.kind === 'raw-ratio') return { ratioMetric: { counter: false, rawType: 'success', raw: promSource(`(${i.promql}) / 100`) } };
  return { thresholdMetric: i.promql !== undefined ? promSource(i.promql) : csvSource(i.csv!) };
}

/**
 * Rows of a CSV are events (Occurrences); PromQL samples are time slices: a good fraction averaged
 * over slices (RatioTimeslices), or a slice that passes the threshold or not (Timeslices).
 */
/**
 * A step as OpenSLO's timeSliceWindow: duration shorthand has no seconds, so a step in seconds is
 * written as the number of minutes the spec reads a bare number as (30s -> 0.5).
 */
export function sliceWindow(step: string): string | number {
  return step.endsWith('s') ? Number((Number(step.slice(0, -1)) / 60).toPrecision(12)) : step;
}

function budgeting(plan: SloPlan): { method: 'Occurrences' | 'Timeslices' | 'RatioTimeslices'; objective: Record<string, unknown> } {
  const i = plan.indicator;
  if (i.kind === 'raw-ratio') return { method: 'RatioTimeslices', objective: { timeSliceWindow: sliceWindow(i.step) } };
  if (i.kind === 'threshold' && i.promql !== undefined) return { method: 'Timeslices', objective: { timeSliceTarget: 1, timeSliceWindow: sliceWindow(i.step!) } };
  return { method: 'Occurrences', objective: {} };
}

export function sloName(plan: SloPlan): string {
  return dnsLabel(plan.kpi.id);
}

export function opensloDocuments(sla: Sla, { plans }: Plans): OpensloDocument[] {
  const service = dnsLabel(sla.id);
  const docs: OpensloDocument[] = [
    {
      apiVersion: OPENSLO_API_VERSION,
      kind: 'Service',
      metadata: { name: service, displayName: sla.title, labels: labels(sla), annotations: annotations(sla) },
      spec: { description: description(sla.scope.summary ?? sla.title) },
    },
  ];
  // KPI ids that differ only past 63 characters or in trailing dashes make one DNS label: number them.
  const used = new Set<string>();
  const unique = (name: string) => {
    let out = name;
    for (let n = 2; used.has(out); n++) out = `${name.slice(0, 63 - String(n).length - 1).replace(/-+$/, '')}-${n}`;
    used.add(out);
    return out;
  };
  for (const plan of plans) {
    const { kpi } = plan;
    const name = unique(sloName(plan));
    const sliName = unique(`${name.slice(0, 59).replace(/-+$/, '')}-sli`);
    const meta = annotations(sla, {
      kpi: kpi.id,
      unit: kpi.unit,
      aggregate: plan.aggregate,
      'min-samples': kpi.minSamples === undefined ? undefined : String(kpi.minSamples),
    });
    docs.push({
      apiVersion: OPENSLO_API_VERSION,
      kind: 'SLI',
      metadata: { name: sliName, displayName: kpi.name, labels: labels(sla), annotations: annotations(sla, { kpi: kpi.id }) },
      spec: { ...(kpi.description === undefined ? {} : { description: description(kpi.description) }), ...sliSpec(plan) },
    });
    const b = budgeting(plan);
    const objective: Record<string, unknown> = { displayName: kpi.name };
    if (plan.indicator.kind === 'threshold') Object.assign(objective, { op: plan.indicator.op, value: plan.indicator.value });
    Object.assign(objective, { target: plan.target }, b.objective);
    const consequences = consequencesOf(sla, kpi.id);
    const alert = alertPolicy(sla, plan, consequences, unique(`${name.slice(0, 50).replace(/-+$/, '')}-burn-rate`));
    docs.push({
      apiVersion: OPENSLO_API_VERSION,
      kind: 'SLO',
      metadata: { name, displayName: kpi.name, labels: labels(sla), annotations: meta },
      spec: {
        ...(kpi.description === undefined ? {} : { description: description(kpi.description) }),
        service,
        indicatorRef: sliName,
        timeWindow: [{ duration: plan.window, isRolling: false, calendar: { startTime: `${plan.windowStart} 00:00:00`, timeZone: sla.timezone } }],
        budgetingMethod: b.method,
        objectives: [objective],
        ...(alert === undefined ? {} : { alertPolicies: [{ alertPolicyRef: alert.metadata.name }] }),
      },
    });
    if (alert !== undefined) docs.push(alert);
  }
  return docs;
}

/**
 * A page on the fastest burn rate of the workbook, for KPIs read live from Prometheus whose
 * agreement says who is told: the first step of the escalation path is the notification target.
 * KPIs read from a CSV are batch data: nothing to page on.
 */
function alertPolicy(sla: Sla, plan: SloPlan, consequences: ReturnType<typeof consequencesOf>, name: string): OpensloDocument | undefined {
  const i = plan.indicator;
  const live = i.kind === 'raw-ratio' || (i.kind === 'threshold' && i.promql !== undefined);
  const first = consequences.find((c) => c.escalation.length > 0);
  if (!live || first === undefined) return undefined;
  const fast = BURN_WINDOWS[0]!;
  return {
    apiVersion: OPENSLO_API_VERSION,
    kind: 'AlertPolicy',
    metadata: { name, displayName: `${plan.kpi.name}: error budget burning`, labels: labels(sla), annotations: annotations(sla, { kpi: plan.kpi.id }) },
    spec: {
      description: description(`Remedy: ${first.remedy.trim()} Escalation: ${first.escalation.join(' -> ')}.`),
      alertWhenBreaching: true,
      alertWhenResolved: false,
      alertWhenNoData: false,
      conditions: [
        {
          kind: 'AlertCondition',
          metadata: { name: `${name.slice(0, 55)}-page` },
          spec: {
            description: `The error budget burns ${fast.factor} times faster than the objective allows, over ${fast.long} and ${fast.short}.`,
            severity: 'page',
            condition: { kind: 'burnrate', op: 'gte', threshold: fast.factor, lookbackWindow: fast.long, alertAfter: fast.short },
          },
        },
      ],
      notificationTargets: [
        {
          kind: 'AlertNotificationTarget',
          metadata: { name: `${name.slice(0, 55)}-notify` },
          spec: { target: first.escalation[0], description: description(`Escalation path: ${first.escalation.join(' -> ')}`) },
        },
      ],
    },
  };
}

/** A multi-document YAML stream, `---` before each document. */
export function yamlStream(docs: readonly object[]): string {
  return docs.map((d) => `---\n${stringify(d, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}
