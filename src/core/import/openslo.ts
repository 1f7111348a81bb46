// `sla import openslo`: KPIs from OpenSLO v1 SLOs (the reverse of core/export), and an agreement
// around them whose other sections are the placeholders and teaching comments `sla init` writes.
import { isMap, isScalar, LineCounter, parseAllDocuments, visit, type Document } from 'yaml';
import { MAX_SLA_NUMBER, structureMarks } from '../load/yaml-source.js';
import type { Kpi } from '../model.js';
import { ANNOTATION_PREFIX, CSV_SOURCE_TYPE } from '../export/openslo.js';
import { DEFAULT_STEP, dnsLabel, fractionToPercent, PERCENTILE_TARGETS, type PercentileAggregate } from '../export/plan.js';
import { addMonths, firstOfNextMonth, isTimeZone } from '../dates.js';
import { slugify } from '../init/answers.js';
import { banner, header, list, parties, reviewBlock, scalar, type PresetContext } from '../init/common.js';
import { PLATFORM_API_TEACHING } from '../init/platform-api.js';

export interface ImportSource {
  file: string;
  text: string;
}

/** A located message: an error stops the import, a notice says what was guessed or left out. */
export interface ImportMessage {
  file: string;
  line: number;
  column: number;
  message: string;
}

export interface ImportedAgreement {
  id: string;
  title: string;
  timezone: string;
  provider?: string;
  recipients: string[];
  kpis: Kpi[];
}

export interface ImportResult {
  agreement?: ImportedAgreement;
  errors: ImportMessage[];
  notices: ImportMessage[];
}

interface Found {
  file: string;
  doc: Document;
  lines: LineCounter;
  data: Record<string, unknown>;
}

const OPS = { lte: '<=', lt: '<', gte: '>=', gt: '>' } as const;
const UNITS = ['percent', 'milliseconds', 'seconds', 'minutes', 'hours', 'days', 'count', 'score'] as const;
const STEP = /^[1-9][0-9]{0,5}(s|m|h|d)$/;
/** Windows an agreement period says exactly; any other window is imported as the nearest period, with a notice. */
const EXACT_WINDOWS: Record<string, Kpi['period']> = { '1d': 'day', '1w': 'week', '7d': 'week', '1M': 'month', '1Q': 'quarter', '3M': 'quarter' };
const NEAREST_WINDOWS: Record<string, Kpi['period']> = { '24h': 'day', '4w': 'month', '28d': 'month', '30d': 'month', '31d': 'month', '13w': 'quarter', '90d': 'quarter', '91d': 'quarter', '92d': 'quarter' };

/** All files of one import together: a few thousand SLOs, parsed in seconds (the yaml library's cost is per node). */
export const MAX_OPENSLO_NODES = 100_000;

function duplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key === undefined) continue;
        if (seen.has(key)) {
          found = { key, offset: (pair.key as { range?: [number, number, number] }).range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);

export function importOpenslo(sources: readonly ImportSource[]): ImportResult {
  const errors: ImportMessage[] = [];
  const notices: ImportMessage[] = [];
  const found: Found[] = [];
  let budget = MAX_OPENSLO_NODES;
  for (const { file, text } of sources) {
    const lines = new LineCounter();
    // The yaml library spends tens of microseconds a node: bound the nodes of all files before parsing.
    const { marks, past } = structureMarks(text, budget);
    if (past >= 0) {
      const before = text.slice(0, past);
      const line = before.split('\n').length;
      errors.push({ file, line, column: past - before.lastIndexOf('\n'), message: `the OpenSLO files hold more than ${MAX_OPENSLO_NODES.toLocaleString('en')} YAML nodes (about ${Math.round(MAX_OPENSLO_NODES / 40).toLocaleString('en')} SLOs); import them in smaller sets and merge the metrics` });
      break;
    }
    budget -= marks;
    // Duplicate keys are found below in one pass; the library's own check is quadratic in a mapping's size.
    const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
    const list = Array.isArray(docs) ? docs : [];
    if (!Array.isArray(docs)) {
      errors.push({ file, line: 1, column: 1, message: 'not a YAML document stream' });
      continue;
    }
    for (const doc of list) {
      const err = doc.errors[0];
      if (err) {
        const pos = lines.linePos(err.pos[0]);
        errors.push({ file, ...pos, line: pos.line, column: pos.col, message: `not valid YAML: ${err.message.split('\n')[0]}` });
        continue;
      }
      if (doc.contents === null) continue; // an empty document between two `---`
      const duplicate = duplicateKey(doc);
      if (duplicate !== undefined) {
        const pos = lines.linePos(duplicate.offset);
        errors.push({ file, line: pos.line, column: pos.col, message: `duplicate key "${duplicate.key}": give each key once` });
        continue;
      }
      const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
      const at = locator(file, doc, lines);
      if (!isObject(data)) {
        errors.push({ ...at([]), message: 'an OpenSLO document is a mapping with apiVersion, kind, metadata and spec' });
        continue;
      }
      if (data.apiVersion !== 'openslo/v1') {
        errors.push({ ...at(['apiVersion']), message: `apiVersion is ${JSON.stringify(data.apiVersion ?? null)}; sla imports openslo/v1 documents (write them as v1 first)` });
        continue;
      }
      found.push({ file, doc, lines, data });
    }
  }
  if (errors.length > 0) return { errors, notices };

  const slis = new Map<string, Found>();
  for (const f of found) if (f.data.kind === 'SLI' && isObject(f.data.metadata) && str(f.data.metadata.name)) slis.set(f.data.metadata.name as string, f);
  const slos = found.filter((f) => f.data.kind === 'SLO');
  const service = found.find((f) => f.data.kind === 'Service');
  if (slos.length === 0) {
    const first = sources[0]!;
    return { errors: [{ file: first.file, line: 1, column: 1, message: `no SLO document in ${sources.map((s) => s.file).join(', ')}; sla import openslo needs at least one kind: SLO` }], notices };
  }

  const kpis: Kpi[] = [];
  const ids = new Set<string>();
  const suffixes = new Map<string, number>();
  let timezone: string | undefined;
  for (const slo of slos) {
    const at = locator(slo.file, slo.doc, slo.lines);
    const fail = (path: (string | number)[], message: string) => errors.push({ ...at(path), message });
    const note = (path: (string | number)[], message: string) => notices.push({ ...at(path), message });
    const meta = isObject(slo.data.metadata) ? slo.data.metadata : {};
    const spec = isObject(slo.data.spec) ? slo.data.spec : undefined;
    const name = str(meta.name);
    if (name === undefined) fail(['metadata'], 'an SLO needs metadata.name');
    if (spec === undefined) fail([], 'an SLO needs a spec');
    if (name === undefined || spec === undefined) continue;
    const ann = isObject(meta.annotations) ? (meta.annotations as Record<string, unknown>) : {};
    const hint = (key: string) => str(ann[`${ANNOTATION_PREFIX}${key}`]);

    // The indicator: inline, or an SLI document by name.
    let sliSpec: Record<string, unknown> | undefined;
    let sliPath: (string | number)[] = ['spec', 'indicator', 'spec'];
    let sliAt = at;
    if (isObject(spec.indicator)) sliSpec = isObject(spec.indicator.spec) ? spec.indicator.spec : undefined;
    else if (str(spec.indicatorRef)) {
      const sli = slis.get(spec.indicatorRef as string);
      if (sli === undefined) {
        fail(['spec', 'indicatorRef'], `indicatorRef "${spec.indicatorRef}" names no SLI document in the files given; add the file that holds it`);
        continue;
      }
      sliSpec = isObject(sli.data.spec) ? sli.data.spec : undefined;
      sliPath = ['spec'];
      sliAt = locator(sli.file, sli.doc, sli.lines);
    }
    if (sliSpec === undefined) {
      fail(['spec'], 'an SLO needs an indicator (inline) or an indicatorRef');
      continue;
    }

    const period = periodOf(spec.timeWindow, (m) => note(['spec', 'timeWindow'], m));
    const tz = Array.isArray(spec.timeWindow) && isObject(spec.timeWindow[0]) && isObject(spec.timeWindow[0].calendar) ? str(spec.timeWindow[0].calendar.timeZone) : undefined;
    if (tz !== undefined && !isTimeZone(tz)) note(['spec', 'timeWindow', 0, 'calendar', 'timeZone'], `"${tz}" is not an IANA time zone; the agreement uses ${timezone ?? 'UTC'}`);
    else timezone ??= tz;
    const objectives = Array.isArray(spec.objectives) ? spec.objectives : [];
    if (objectives.length === 0) {
      fail(['spec', 'objectives'], 'an SLO needs at least one objective');
      continue;
    }
    const hinted = hint('kpi');
    const baseId = hinted !== undefined && /^[a-z0-9][a-z0-9-]*$/.test(hinted) ? hinted : slugify(name) || dnsLabel(name);
    objectives.forEach((o, index) => {
      const oPath = ['spec', 'objectives', index];
      if (!isObject(o)) return fail(oPath, 'an objective is a mapping with target or targetPercent');
      const fraction = typeof o.target === 'number' ? o.target : typeof o.targetPercent === 'number' ? o.targetPercent / 100 : undefined;
      if (fraction === undefined || !(fraction >= 0 && fraction < 1)) return fail(oPath, 'an objective needs target (a fraction in [0, 1)) or targetPercent (in [0, 100))');
      let id = objectives.length > 1 && index > 0 ? `${baseId}-${index + 1}` : baseId;
      // Two SLOs of one name get -2, -3...: a counter per name, so thousands of them stay linear.
      while (ids.has(id)) {
        const n = (suffixes.get(baseId) ?? 1) + 1;
        suffixes.set(baseId, n);
        id = `${baseId}-${n}`;
      }
      ids.add(id);
      const kpi = kpiFrom(
        { id, name: str(o.displayName) ?? str(meta.displayName) ?? name, description: str(spec.description) ?? str(sliSpec!.description), period, fraction, objective: o, sliSpec: sliSpec!, hint },
        (path, m) => errors.push({ ...sliAt([...sliPath, ...path]), message: m }),
        (path, m) => notices.push({ ...sliAt([...sliPath, ...path]), message: m }),
        (path, m) => errors.push({ ...at([...oPath, ...path]), message: m }),
      );
      if (kpi !== undefined) kpis.push(kpi);
    });
  }
  if (errors.length > 0) return { errors, notices };

  const serviceMeta = service && isObject(service.data.metadata) ? service.data.metadata : {};
  const firstMeta = isObject(slos[0]!.data.metadata) ? slos[0]!.data.metadata : {};
  const labels = { ...(isObject(serviceMeta.labels) ? serviceMeta.labels : {}), ...(isObject(firstMeta.labels) ? firstMeta.labels : {}) };
  const serviceAnn = isObject(serviceMeta.annotations) ? serviceMeta.annotations : {};
  const id = str(serviceAnn[`${ANNOTATION_PREFIX}agreement`]) ?? str(labels['sla-agreement']) ?? (str(serviceMeta.name) ? slugify(serviceMeta.name as string) : undefined) ?? 'service-level-agreement';
  const recipients = Array.isArray(labels.recipients) ? labels.recipients.filter((r): r is string => typeof r === 'string' && r.trim() !== '') : str(labels.recipients) ? [labels.recipients as string] : [];
  return {
    agreement: {
      id: slugify(id) || 'service-level-agreement',
      title: str(serviceMeta.displayName) ?? `${str(serviceMeta.name) ?? id} Service Level Agreement`,
      timezone: timezone ?? 'UTC',
      ...(str(labels.provider) ? { provider: labels.provider as string } : {}),
      recipients,
      kpis,
    },
    errors,
    notices,
  };
}

type Report = (path: (string | number)[], message: string) => void;

interface KpiInput {
  id: string;
  name: string;
  description: string | undefined;
  period: Kpi['period'];
  fraction: number;
  objective: Record<string, unknown>;
  sliSpec: Record<string, unknown>;
  hint: (key: string) => string | undefined;
}

function kpiFrom(k: KpiInput, fail: Report, note: Report, failObjective: Report): Kpi | undefined {
  const base = { id: k.id, name: k.name, ...(k.description === undefined ? {} : { description: k.description }) };
  const minSamples = Number(k.hint('min-samples'));
  const extra = Number.isInteger(minSamples) && minSamples >= 1 ? { minSamples } : {};
  const step = stepOf(k.objective.timeSliceWindow);
  const percent = fractionToPercent(k.fraction);
  const s = k.sliSpec;
  if (isObject(s.ratioMetric)) {
    const r = s.ratioMetric;
    if (isObject(r.raw)) {
      const q = source(r.raw, ['ratioMetric', 'raw'], fail, note, k.id);
      if (q === undefined) return undefined;
      if (q.kind !== 'promql') return fail(['ratioMetric', 'raw'], 'a raw ratio is read from Prometheus (metricSource type Prometheus with spec.query); sla has no other source of precomputed ratios'), undefined;
      const failure = r.rawType === 'failure';
      // sla export wrote `(query) / 100` for a KPI it marks as a mean: give back the agreement's query.
      const ours = k.hint('aggregate') === 'mean' ? /^\(([\s\S]*)\) \/ 100$/.exec(q.query)?.[1] : undefined;
      const promql = failure ? `100 * (1 - (${q.query}))` : (ours ?? `100 * (${q.query})`);
      return { ...base, unit: 'percent', objective: { op: '>=', target: percent }, period: k.period, ...extra, measure: { aggregate: 'mean', promql, ...step } } as Kpi;
    }
    const numer = isObject(r.good) ? 'good' : isObject(r.bad) ? 'bad' : undefined;
    if (numer === undefined || !isObject(r.total)) return fail(['ratioMetric'], 'a ratioMetric needs good (or bad) and total, or raw with rawType'), undefined;
    const n = source(r[numer] as Record<string, unknown>, ['ratioMetric', numer], fail, note, k.id);
    const t = source(r.total, ['ratioMetric', 'total'], fail, note, k.id);
    if (n === undefined || t === undefined) return undefined;
    if (n.kind === 'promql' && t.kind === 'promql') {
      const ratio = `(${n.query}) / (${t.query})`;
      return { ...base, unit: 'percent', objective: { op: '>=', target: percent }, period: k.period, ...extra, measure: { aggregate: 'mean', promql: numer === 'good' ? `100 * ${ratio}` : `100 * (1 - ${ratio})`, ...step } } as Kpi;
    }
    if (n.kind === 'csv' && t.kind === 'csv' && numer === 'good') {
      if (JSON.stringify({ ...n.selector, column: undefined }) !== JSON.stringify({ ...t.selector, column: undefined })) note(['ratioMetric', 'total'], `total reads other rows than good; the agreement's ratio sums two columns of the same rows (those of good): check KPI ${k.id}'s measure`);
      const { column, ...rows } = n.selector;
      return { ...base, unit: 'percent', objective: { op: '>=', target: percent }, period: k.period, ...extra, measure: { aggregate: 'ratio', ...rows, column: column ?? 'value', denominator: t.selector.column ?? 'value' } } as Kpi;
    }
    return fail(['ratioMetric'], 'good (or bad) and total must both be Prometheus queries, or both metrics CSV columns (bad over total only from Prometheus)'), undefined;
  }
  if (isObject(s.thresholdMetric)) {
    const src = source(s.thresholdMetric, ['thresholdMetric'], fail, note, k.id);
    if (src === undefined) return undefined;
    const op = OPS[k.objective.op as keyof typeof OPS];
    if (op === undefined) return failObjective(['op'], `a threshold objective needs op: lte, lt, gte or gt (got ${JSON.stringify(k.objective.op ?? null)})`), undefined;
    if (typeof k.objective.value !== 'number' || !Number.isFinite(k.objective.value)) return failObjective(['value'], 'a threshold objective needs a number as value'), undefined;
    if (Math.abs(k.objective.value) > MAX_SLA_NUMBER) return failObjective(['value'], `value ${k.objective.value} is beyond the numbers an agreement holds (at most 10^15)`), undefined;
    const value = k.objective.value;
    const measureSource = src.kind === 'promql' ? { promql: src.query, ...step } : src.selector;
    const aggregate = k.hint('aggregate') as PercentileAggregate | undefined;
    const unitHint = k.hint('unit');
    // A percentile KPI exported as "this share of values within the bound" comes back as that percentile.
    if (aggregate !== undefined && PERCENTILE_TARGETS[aggregate] === k.fraction && unitHint !== undefined && (UNITS as readonly string[]).includes(unitHint)) {
      return { ...base, unit: unitHint, objective: { op, target: value }, period: k.period, ...extra, measure: { aggregate, ...measureSource } } as Kpi;
    }
    return { ...base, unit: 'percent', objective: { op: '>=', target: percent }, period: k.period, ...extra, measure: { aggregate: 'attainment', ...measureSource, threshold: { op, value } } } as Kpi;
  }
  return fail([], 'an SLI needs ratioMetric or thresholdMetric'), undefined;
}

type Source = { kind: 'promql'; query: string } | { kind: 'csv'; selector: { metric?: string; column?: string; where?: Record<string, string | number | boolean>; timestamp?: string } };

function source(holder: Record<string, unknown>, path: (string | number)[], fail: Report, note: Report, kpiId: string): Source | undefined {
  const ms = holder.metricSource;
  if (!isObject(ms)) return fail(path, 'needs a metricSource'), undefined;
  const spec = isObject(ms.spec) ? ms.spec : {};
  const type = str(ms.type) ?? '';
  if (type.toLowerCase() === 'prometheus') {
    const query = str(spec.query) ?? str(spec.promql);
    if (query === undefined) return fail([...path, 'metricSource', 'spec'], 'a Prometheus metric source needs spec.query'), undefined;
    return { kind: 'promql', query };
  }
  if (type === CSV_SOURCE_TYPE) {
    const selector: Extract<Source, { kind: 'csv' }>['selector'] = {};
    for (const key of ['metric', 'column', 'timestamp'] as const) {
      if (spec[key] === undefined) continue;
      if (!str(spec[key])) return fail([...path, 'metricSource', 'spec', key], `${key} must be a non-empty string`), undefined;
      selector[key] = spec[key] as string;
    }
    if (spec.where !== undefined) {
      if (!isObject(spec.where) || !Object.values(spec.where).every((v) => ['string', 'number', 'boolean'].includes(typeof v))) return fail([...path, 'metricSource', 'spec', 'where'], 'where maps column names to values (text, numbers or true/false)'), undefined;
      selector.where = spec.where as Record<string, string | number | boolean>;
    }
    return { kind: 'csv', selector };
  }
  note([...path, 'metricSource'], `metric source ${type === '' ? '(no type)' : type}: sla reads it from a metrics CSV, as rows whose metric is ${kpiId}; export them from ${type === '' ? 'the source' : type} (or write a promql query)`);
  return { kind: 'csv', selector: { metric: kpiId } };
}

function stepOf(window: unknown): { step?: string } {
  // A bare number is minutes (the spec); sla export writes one only for a step in seconds.
  const seconds = typeof window === 'number' ? Number((window * 60).toPrecision(12)) : undefined;
  const text = seconds !== undefined && Number.isInteger(seconds) && seconds > 0 ? `${seconds}s` : typeof window === 'string' ? window : undefined;
  return text !== undefined && STEP.test(text) && text !== DEFAULT_STEP ? { step: text } : {};
}

function periodOf(timeWindow: unknown, note: (message: string) => void): Kpi['period'] {
  const w = Array.isArray(timeWindow) && isObject(timeWindow[0]) ? timeWindow[0] : undefined;
  const duration = w ? str(w.duration) : undefined;
  if (w === undefined || duration === undefined) {
    note('no timeWindow: imported with period month; choose the period both sides agree');
    return 'month';
  }
  const rolling = w.isRolling === true || (w.isRolling === undefined && w.calendar === undefined);
  const exact = EXACT_WINDOWS[duration];
  if (exact !== undefined && !rolling) return exact;
  const nearest = exact ?? NEAREST_WINDOWS[duration] ?? 'month';
  note(`${rolling ? 'rolling ' : ''}window ${duration} imported as period ${nearest}: an agreement measures calendar days, weeks, months or quarters in its time zone`);
  return nearest;
}

function locator(file: string, doc: Document, lines: LineCounter) {
  return (path: (string | number)[]): ImportMessage => {
    // The deepest node of the path that exists: a missing key points at its parent.
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined);
      const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
      if (range) {
        const pos = lines.linePos(range[0]);
        return { file, line: pos.line, column: pos.col, message: '' };
      }
    }
    return { file, line: 1, column: 1, message: '' };
  };
}

export interface AgreementTextOptions {
  fileName: string;
  schemaRef: string;
  today: string;
}

/**
 * The agreement as commented YAML: the header and parties of `sla init`, the imported KPIs, and
 * the other sections as placeholders under the same teaching comments, so the result validates and
 * says what is left to agree.
 */
export function agreementText(a: ImportedAgreement, o: AgreementTextOptions): string {
  const provider = { id: slugify(a.provider ?? '') || 'provider', name: a.provider ?? 'Provider team' };
  const recipients = (a.recipients.length > 0 ? a.recipients : ['Recipient team']).map((r, i) => ({ id: slugify(r) === provider.id ? `${slugify(r)}-recipient` : slugify(r) || `recipient-${i + 1}`, name: r }));
  const effective = firstOfNextMonth(o.today);
  const ctx: PresetContext = {
    answers: { preset: 'openslo', provider: provider.name, recipients: recipients.map((r) => r.name), service: a.title, timezone: a.timezone, effective },
    preset: 'openslo',
    origin: 'sla import openslo',
    id: a.id,
    title: a.title,
    serviceId: a.id,
    provider,
    recipients,
    reviewNext: addMonths(effective, 3),
    schemaRef: o.schemaRef,
    fileName: o.fileName.replace(/[\u0000-\u001f\u007f]/g, '?'),
    metricsFile: 'metrics.csv',
  };
  const todo = (what: string) => `TODO: ${what}`;
  const kpiIds = a.kpis.map((k) => k.id);
  return `${header(ctx)}

${parties(ctx)}

${banner(2, ...PLATFORM_API_TEACHING.scope)}
scope:
  summary: ${scalar(todo(`what ${a.title.replace(/ Service Level Agreement$/, '')} is for and who relies on it`))}
  services:
    - id: ${scalar(slugify(a.id) || 'service')}
      name: ${scalar(a.title.replace(/ Service Level Agreement$/, ''))}
  included:
    - ${scalar(todo('what the provider runs and answers for'))}
  excluded:
    - ${scalar(todo('what does not count against the targets (planned maintenance, dependencies)'))}
  coverage:
    days: [mon, tue, wed, thu, fri, sat, sun]
    from: "00:00"
    to: "24:00"              # SLOs are measured around the clock; narrow this for business-hours support

${banner(3, ...PLATFORM_API_TEACHING.expectations)}
expectations:
  provider:
    - ${scalar(todo('what the provider commits to do (paging, status updates, post-incident reviews)'))}
  recipient:
    - ${scalar(todo('what the recipients commit to do (documented use, forecasts, reporting incidents)'))}
  priorities:
${priorities(a.kpis)}

${banner(4, 'METRICS: the KPIs, imported from OpenSLO', [
  'Each SLO became a KPI: its target as a percentage, its time window as a calendar period in the',
  'agreement\'s time zone, its indicator as the measure (a promql query, or columns of a metrics CSV).',
  `Check them against data with: sla check ${ctx.fileName} metrics.csv`,
])}
metrics:
${a.kpis.map((k) => kpiYaml(k)).join('\n')}

${banner(5, ...PLATFORM_API_TEACHING.reporting)}
reporting:
  reports:
    - name: ${scalar(`Monthly ${a.title.replace(/ Service Level Agreement$/, '')} report`)}
      content:
        - The KPIs against their targets, with the error budget used
      frequency: monthly
      audience:
${list([...recipients.map((r) => r.name), provider.name], '        ')}
${reviewBlock(ctx, [provider.name, ...recipients.map((r) => r.name)])}

${banner(6, ...PLATFORM_API_TEACHING.consequences)}
consequences:
  - id: missed-objectives
    kpis: [${kpiIds.map((k) => flow(k)).join(", ")}]
    remedy: ${scalar(todo('what the provider does when a target is missed (a plan, a freeze, credits)'))}
    escalation:
${list([`On-call lead, ${provider.name}`, `Head of ${provider.name}`], '      ')}
`;
}

/**
 * Placeholder priorities: the ones the KPIs filter on (where: { priority: ... }), with the KPI's
 * threshold as the response time so the priority table and the KPI agree until people decide, or
 * one sample priority when no KPI names one.
 */
function priorities(kpis: readonly Kpi[]): string {
  const named = new Map<string, number | undefined>();
  for (const k of kpis) {
    const p = k.measure.where?.priority;
    if (typeof p !== 'string' || p.trim() === '') continue;
    const t = k.measure.threshold;
    const minutes = t !== undefined && t.op === '<=' && typeof t.value === 'number' && Number.isInteger(t.value) && t.value > 0 ? t.value : undefined;
    if (!named.has(p) || named.get(p) === undefined) named.set(p, minutes);
  }
  if (named.size === 0) named.set('P1', undefined);
  return [...named].map(([id, minutes]) => `    - id: ${scalar(id)}
      name: ${scalar(id)}
      description: ${scalar(`TODO: when an incident is ${id}`)}
      response: ${minutes === undefined ? '15m' : `${minutes}m`}${' '.repeat(10)}# TODO: agree the response time${minutes === undefined ? '' : ' (this is the threshold of the imported SLO)'}
      resolution: ${minutes === undefined ? '4h' : `${Math.max(minutes * 4, 240)}m`}`).join('\n');
}

/** One KPI as a block-sequence item, through the yaml library so every value is quoted as it must be. */
function kpiYaml(k: Kpi): string {
  const line = (key: string, value: unknown) => `    ${key}: ${flow(value)}`;
  const parts = [`  - id: ${scalar(k.id)}`, `    name: ${scalar(k.name)}`];
  if (k.description !== undefined) parts.push(`    description: ${scalar(k.description)}`);
  parts.push(`    unit: ${k.unit}`, line('objective', k.objective), `    period: ${k.period}`);
  if (k.minSamples !== undefined) parts.push(`    minSamples: ${k.minSamples}`);
  parts.push(line('measure', k.measure));
  return parts.join('\n');
}

/** A flow mapping on one line: { op: ">=", target: 99.9 }. */
function flow(value: unknown): string {
  if (isObject(value)) return `{ ${Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => `${/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) ? k : JSON.stringify(k)}: ${flow(v)}`).join(', ')} }`;
  // A JSON string is a valid YAML flow scalar; plain words stay plain where YAML reads them back as text.
  if (typeof value === 'string') return /^[A-Za-z][A-Za-z0-9_-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(value) ? value : JSON.stringify(value);
  return String(value);
}
