// `sla init` as a pure function: answers in, file contents out. The command does the prompting,
// the checks against the file system and the writing.
import { firstOfNextMonth } from '../dates.js';
import { canonicalTimeZone, checkEffective, checkName, checkTimeZone, slugify, uniqueIds, type InitAnswers } from './answers.js';
import { reviewDate, type PresetContext } from './common.js';
import { dataPipelineCsv, dataPipelineDefaults, dataPipelineYaml } from './data-pipeline.js';
import { platformApiCsv, platformApiDefaults, platformApiYaml } from './platform-api.js';
import { serviceDeskCsv, serviceDeskDefaults, serviceDeskYaml } from './service-desk.js';
import { ciFile, type CiProvider } from './workflow.js';

export * from './answers.js';
export { CI_FILES, CI_PROVIDERS, CHECK_CRON, type CiProvider } from './workflow.js';

export interface Preset {
  name: string;
  summary: string;
  defaults: { provider: string; recipients: string[]; service: string };
  yaml(ctx: PresetContext): string;
  metrics(ctx: PresetContext): string;
}

export const PRESETS: readonly Preset[] = [
  { name: 'service-desk', summary: 'IT or support desk: P1-P4 response and resolution in business hours, satisfaction score', defaults: serviceDeskDefaults, yaml: serviceDeskYaml, metrics: serviceDeskCsv },
  { name: 'platform-api', summary: 'internal API or platform: monthly availability with credit tiers, p95 latency, incident response', defaults: platformApiDefaults, yaml: platformApiYaml, metrics: platformApiCsv },
  { name: 'data-pipeline', summary: 'scheduled data loads: freshness, completeness, recovery of failed runs', defaults: dataPipelineDefaults, yaml: dataPipelineYaml, metrics: dataPipelineCsv },
];

export const DEFAULT_PRESET = 'service-desk';

const oneLine = (text: string) => text.replace(/[\u0000-\u001f\u007f]/g, '?');

export function findPreset(name: string): Preset | undefined {
  return PRESETS.find((p) => p.name === name);
}

export function unknownPresetMessage(name: string): string {
  return `unknown preset "${name}"; choose one of ${PRESETS.map((p) => p.name).join(', ')} (sla init --list-presets describes them)`;
}

/** The answers a user gets by pressing Enter at every question, or by passing --yes. */
export function defaultAnswers(preset: string, env: { timezone: string; today: string }): InitAnswers {
  const p = findPreset(preset) ?? findPreset(DEFAULT_PRESET)!;
  return {
    preset: p.name,
    provider: p.defaults.provider,
    recipients: [...p.defaults.recipients],
    service: p.defaults.service,
    timezone: canonicalTimeZone(env.timezone) ?? 'UTC',
    effective: firstOfNextMonth(env.today),
  };
}

/** Every problem with a set of answers, as one-line messages (empty when they are fine). */
export function checkAnswers(a: InitAnswers): string[] {
  const problems: (string | undefined)[] = [
    findPreset(a.preset) ? undefined : unknownPresetMessage(a.preset),
    checkName('the provider', a.provider),
    a.recipients.length === 0 ? 'name at least one recipient' : undefined,
    ...a.recipients.map((r) => checkName('a recipient', r)),
    checkName('the service name', a.service),
    checkTimeZone(a.timezone),
    checkEffective(a.effective),
  ];
  return problems.filter((p): p is string => p !== undefined);
}

export interface InitPlan {
  /** The agreement's file name, for the hints inside it and for the workflow. */
  slaFile: string;
  /** Where the sample metrics go (or would go), for the hints. */
  metricsFile?: string;
  /** The path of the agreement as the CI workflow should name it (relative to the repository root, with /). */
  slaPathForCi?: string;
  metricsPathForCi?: string;
  withMetrics?: boolean;
  ci?: CiProvider;
  /** Also check the metrics (metricsPathForCi) every month in CI and keep the report. */
  ciCheck?: boolean;
  /** What the `$schema` comment points at. */
  schemaRef: string;
  /** Today's date, so the next review is never in the past. */
  today: string;
  /** The sla version, pinned in the workflow. */
  version: string;
}

export interface InitFile {
  kind: 'sla' | 'metrics' | 'workflow';
  content: string;
}

/** The files `sla init` writes, as strings. Throws on answers that `checkAnswers` refuses. */
export function planInit(input: InitAnswers, plan: InitPlan): InitFile[] {
  const problems = checkAnswers(input);
  if (problems.length > 0) throw new Error(problems.join('; '));
  const preset = findPreset(input.preset)!;
  const answers: InitAnswers = {
    ...input,
    provider: input.provider.trim(),
    recipients: input.recipients.map((r) => r.trim()),
    service: input.service.trim(),
    timezone: canonicalTimeZone(input.timezone)!,
  };
  const ids = uniqueIds([answers.provider, ...answers.recipients], ['provider', ...answers.recipients.map((_, i) => `recipient-${i + 1}`)]);
  const ctx: PresetContext = {
    answers,
    preset: preset.name,
    id: slugify(answers.service) || 'service-level-agreement',
    title: `${answers.service} Service Level Agreement`,
    serviceId: slugify(answers.service) || 'service',
    provider: { id: ids[0]!, name: answers.provider },
    recipients: answers.recipients.map((name, i) => ({ id: ids[i + 1]!, name })),
    reviewNext: reviewDate(answers.effective, plan.today),
    schemaRef: plan.schemaRef,
    // File names go into comments: a control character there would end the comment line.
    fileName: oneLine(plan.slaFile),
    metricsFile: oneLine(plan.metricsFile ?? 'metrics.csv'),
  };
  const files: InitFile[] = [{ kind: 'sla', content: preset.yaml(ctx) }];
  if (plan.withMetrics) files.push({ kind: 'metrics', content: preset.metrics(ctx) });
  if (plan.ci) {
    const metricsPath = plan.withMetrics || plan.ciCheck ? plan.metricsPathForCi : undefined;
    files.push({ kind: 'workflow', content: ciFile(plan.ci, { slaPath: plan.slaPathForCi ?? plan.slaFile, metricsPath, check: plan.ciCheck === true, version: plan.version }) });
  }
  return files;
}
