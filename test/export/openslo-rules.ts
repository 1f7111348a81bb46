// Our own reading of the OpenSLO v1 specification (github.com/OpenSLO/OpenSLO, README "Specification"),
// written as checks rather than a copied schema: each message names the rule of the spec it tests.
export type Doc = Record<string, any>;

const KINDS = ['DataSource', 'SLO', 'SLI', 'AlertPolicy', 'AlertCondition', 'AlertNotificationTarget', 'Service'];
/** RFC 1123 label: at most 63 characters, lower-case alphanumerics or '-', alphanumeric at both ends. */
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
/** A positive integer and one case-sensitive postfix: m h d w M Q Y. No spaces. */
export const DURATION = /^[1-9][0-9]*[mhdwMQY]$/;
/** Label keys: at most 63, alphanumeric at both ends, dashes, underscores, dots between. */
const LABEL_KEY = /^[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
/** Annotation keys: an optional DNS-subdomain prefix and '/', then a name like a label key. */
const ANNOTATION_KEY = /^(?:([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)\/)?[a-zA-Z0-9]([-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;
const OPS = ['lte', 'gte', 'lt', 'gt'];
const BUDGETING = ['Occurrences', 'Timeslices', 'RatioTimeslices'];
const isObj = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);
const desc = (v: unknown) => v === undefined || (typeof v === 'string' && v.length <= 1050);

export function checkDocument(d: Doc): string[] {
  const p: string[] = [];
  const need = (ok: boolean, message: string) => ok || p.push(`${d?.kind ?? '?'} ${d?.metadata?.name ?? '?'}: ${message}`);
  need(d.apiVersion === 'openslo/v1', 'apiVersion must be openslo/v1');
  need(KINDS.includes(d.kind), `kind must be one of ${KINDS.join(', ')}`);
  need(isObj(d.metadata) && typeof d.metadata.name === 'string' && NAME.test(d.metadata.name), 'metadata.name must be an RFC 1123 label');
  const labels = d.metadata?.labels;
  if (labels !== undefined) for (const [k, v] of Object.entries(labels)) {
    need(LABEL_KEY.test(k), `label key ${k} is not allowed`);
    need(typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')), `label ${k} must be a string or a list of strings`);
  }
  const annotations = d.metadata?.annotations;
  if (annotations !== undefined) for (const [k, v] of Object.entries(annotations)) {
    need(ANNOTATION_KEY.test(k) && k.split('/')[0]!.length <= 253, `annotation key ${k} is not allowed`);
    need(typeof v === 'string', `annotation ${k} must be a string`);
    need(!k.startsWith('openslo.com/'), 'the openslo.com/ prefix is reserved');
  }
  need(isObj(d.spec), 'spec is required');
  if (!isObj(d.spec)) return p;
  const s = d.spec;
  need(desc(s.description), 'description is a string of at most 1050 characters');
  if (d.kind === 'SLO') {
    need((s.indicator !== undefined) !== (s.indicatorRef !== undefined), 'exactly one of indicator and indicatorRef');
    if (s.indicator !== undefined) p.push(...checkSliSpec(s.indicator.spec, d));
    need(Array.isArray(s.timeWindow) && s.timeWindow.length === 1, 'timeWindow holds exactly one item');
    const w = s.timeWindow?.[0];
    if (isObj(w)) {
      need(typeof w.duration === 'string' && DURATION.test(w.duration), `timeWindow duration ${w.duration} is not duration shorthand`);
      if (w.calendar !== undefined) {
        need(w.isRolling !== true, 'a calendar-aligned window is not rolling');
        need(typeof w.calendar.startTime === 'string' && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(w.calendar.startTime), 'calendar.startTime is a date and 24h time without a zone');
        need(typeof w.calendar.timeZone === 'string' && w.calendar.timeZone.length > 0, 'calendar.timeZone is an IANA name');
      } else need(w.isRolling === true, 'a window without a calendar is rolling');
    }
    need(BUDGETING.includes(s.budgetingMethod), 'budgetingMethod is Occurrences, Timeslices or RatioTimeslices');
    need(Array.isArray(s.objectives) && s.objectives.length > 0, 'objectives is required');
    for (const o of s.objectives ?? []) {
      need((o.target !== undefined) !== (o.targetPercent !== undefined), 'each objective has target or targetPercent, not both');
      if (o.target !== undefined) need(typeof o.target === 'number' && o.target >= 0 && o.target < 1, `target ${o.target} must be in [0, 1)`);
      if (o.targetPercent !== undefined) need(typeof o.targetPercent === 'number' && o.targetPercent >= 0 && o.targetPercent < 100, 'targetPercent must be in [0, 100)');
      if (o.op !== undefined) need(OPS.includes(o.op), `op ${o.op} must be lte, gte, lt or gt`);
      if (o.op !== undefined) need(typeof o.value === 'number', 'a threshold objective has a numeric value');
      if (s.budgetingMethod === 'Timeslices') need(typeof o.timeSliceTarget === 'number' && o.timeSliceTarget > 0 && o.timeSliceTarget <= 1, 'Timeslices needs timeSliceTarget in (0, 1]');
      if (s.budgetingMethod === 'Timeslices' || s.budgetingMethod === 'RatioTimeslices') need(typeof o.timeSliceWindow === 'number' || (typeof o.timeSliceWindow === 'string' && DURATION.test(o.timeSliceWindow)), 'time slices need timeSliceWindow');
    }
    if (s.indicator?.spec?.thresholdMetric !== undefined) need(s.objectives?.length === 1, 'a thresholdMetric SLO has one objective');
  }
  if (d.kind === 'SLI') p.push(...checkSliSpec(s, d));
  if (d.kind === 'AlertPolicy') {
    for (const k of ['alertWhenNoData', 'alertWhenResolved', 'alertWhenBreaching']) need(s[k] === undefined || typeof s[k] === 'boolean', `${k} is a boolean`);
    need(Array.isArray(s.conditions) && s.conditions.length === 1, 'conditions holds exactly one condition');
    for (const c of s.conditions ?? []) {
      if (c.conditionRef !== undefined) continue;
      need(c.kind === 'AlertCondition' && isObj(c.spec), 'an inline condition is an AlertCondition with a spec');
      need(typeof c.spec?.severity === 'string', 'an AlertCondition needs severity');
      const cond = c.spec?.condition ?? {};
      need((cond.kind ?? 'burnrate') === 'burnrate', 'condition.kind is burnrate');
      need(OPS.includes(cond.op) && typeof cond.threshold === 'number', 'a burnrate condition needs op and threshold');
      need(DURATION.test(cond.lookbackWindow ?? '') && DURATION.test(cond.alertAfter ?? ''), 'lookbackWindow and alertAfter are duration shorthand');
    }
    need(Array.isArray(s.notificationTargets) && s.notificationTargets.length > 0, 'notificationTargets is required');
    for (const t of s.notificationTargets ?? []) need(t.targetRef !== undefined || (t.kind === 'AlertNotificationTarget' && typeof t.spec?.target === 'string'), 'a notification target is a targetRef or an inline target');
  }
  return p;
}

function checkSliSpec(s: Doc, d: Doc): string[] {
  const p: string[] = [];
  const need = (ok: boolean, message: string) => ok || p.push(`${d.kind} ${d.metadata?.name}: ${message}`);
  need((s.thresholdMetric !== undefined) !== (s.ratioMetric !== undefined), 'exactly one of thresholdMetric and ratioMetric');
  const source = (m: Doc | undefined, what: string) => need(isObj(m?.metricSource) && isObj(m.metricSource.spec) && (typeof m.metricSource.type === 'string' || typeof m.metricSource.metricSourceRef === 'string'), `${what} needs a metricSource with a type (or a metricSourceRef) and a spec`);
  if (s.thresholdMetric !== undefined) source(s.thresholdMetric, 'thresholdMetric');
  const r = s.ratioMetric;
  if (r !== undefined) {
    if (r.raw !== undefined) {
      need(r.good === undefined && r.bad === undefined && r.total === undefined, 'raw cannot be used with good, bad or total');
      need(r.rawType === 'success' || r.rawType === 'failure', 'raw needs rawType success or failure');
      source(r.raw, 'raw');
    } else {
      need((r.good !== undefined) !== (r.bad !== undefined), 'exactly one of good and bad');
      need(r.total !== undefined, 'good or bad needs total');
      need(r.rawType === undefined, 'rawType only with raw');
      source(r.good ?? r.bad, 'the numerator');
      source(r.total, 'total');
    }
    need(r.counter === undefined || typeof r.counter === 'boolean', 'counter is a boolean');
  }
  return p;
}

/** Every name an SLO refers to exists in the same set of documents. */
export function checkReferences(docs: Doc[]): string[] {
  const names = (kind: string) => new Set(docs.filter((d) => d.kind === kind).map((d) => d.metadata.name));
  const p: string[] = [];
  for (const d of docs.filter((x) => x.kind === 'SLO')) {
    if (d.spec.indicatorRef !== undefined && !names('SLI').has(d.spec.indicatorRef)) p.push(`SLO ${d.metadata.name}: no SLI ${d.spec.indicatorRef}`);
    if (!names('Service').has(d.spec.service)) p.push(`SLO ${d.metadata.name}: no Service ${d.spec.service}`);
    for (const a of d.spec.alertPolicies ?? []) {
      if (a.kind === 'AlertPolicy') continue; // inline
      if (typeof a.alertPolicyRef !== 'string' || !names('AlertPolicy').has(a.alertPolicyRef)) p.push(`SLO ${d.metadata.name}: alertPolicies items are inline or { alertPolicyRef } naming an AlertPolicy (got ${JSON.stringify(a)})`);
    }
  }
  for (const kind of KINDS) {
    const all = docs.filter((d) => d.kind === kind).map((d) => d.metadata.name);
    if (new Set(all).size !== all.length) p.push(`two ${kind} documents share a name`);
  }
  return p;
}
