// `sla export openslo|prometheus|sloth FILE`: the agreement's SLOs in the SRE tools' languages.
// The documents go to standard output (or -o); which KPIs were exported and which were not, and
// why, go to standard error (or, with --format json, as one JSON report on standard output).
import { join, relative, resolve } from 'node:path';
import { opensloDocuments, yamlStream, type OpensloDocument } from '../core/export/openslo.js';
import { planAgreement, type Plans } from '../core/export/plan.js';
import { isPromql, prometheusRules, rulesYaml } from '../core/export/prometheus.js';
import { slothSpec, slothYaml } from '../core/export/sloth.js';
import type { Sla } from '../core/model.js';
import { printableJson } from '../core/printable.js';
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { loadValidSla } from '../services/load-sla.js';
import { tell } from '../services/tell.js';
import { refuseOutputIntoInput, writeFileAtomic, writeFilesTogether } from '../services/write-file.js';

export const EXPORT_TARGETS = ['openslo', 'prometheus', 'sloth'] as const;
export type ExportTarget = (typeof EXPORT_TARGETS)[number];

export interface ExportOptions {
  output?: string;
  force?: boolean;
  format?: string;
  quiet?: boolean;
  stdinFilename?: string;
  color?: boolean;
}

interface Entry {
  kpi: string;
  line?: number;
  column?: number;
  reason?: string;
}

export async function exportCommand(target: string, path: string, options: ExportOptions, io: Io): Promise<number> {
  if (!(EXPORT_TARGETS as readonly string[]).includes(target)) throw new UserError(`unknown export "${target}"; choose one of ${EXPORT_TARGETS.join(', ')} (sla export openslo sla.yaml)`);
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UserError(`--format must be one of text, json (got "${format}")`);
  if (format === 'json' && options.output === undefined) throw new UserError('--format json prints the report on standard output, where the documents would go: give -o for the documents too');
  const { file, sla, report } = await loadValidSla(path, io, { stdinFilename: options.stdinFilename, color: options.color ?? true });
  const plans = planAgreement(sla);
  const indexOf = new Map(sla.metrics.map((k, i) => [k.id, i]));
  const where = (kpiId: string) => report.locate?.(`/metrics/${indexOf.get(kpiId)}`);

  // Prometheus and Sloth read live queries only: a KPI measured from a CSV is skipped for them too.
  const exported: Entry[] = [];
  const skipped: Entry[] = plans.skipped.map((s) => ({ kpi: s.kpi.id, ...where(s.kpi.id), reason: s.reason }));
  for (const p of plans.plans) {
    if (target !== 'openslo' && !isPromql(p)) skipped.push({ kpi: p.kpi.id, ...where(p.kpi.id), reason: `it is measured from a metrics CSV, not from a promql query; ${target === 'sloth' ? 'Sloth' : 'Prometheus rules'} need a query Prometheus can run` });
    else exported.push({ kpi: p.kpi.id, ...where(p.kpi.id) });
  }
  skipped.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));

  const written = await write(target as ExportTarget, sla, plans, options, io, path);

  if (format === 'json') {
    io.stdout.write(printableJson({ file, target, exported, skipped, written }) + '\n');
  } else if (!options.quiet) {
    for (const s of skipped) tell(io, `${file}:${s.line ?? 1}:${s.column ?? 1}: KPI ${s.kpi} not exported to ${target}: ${s.reason}`);
    const n = exported.length;
    tell(io, `${n} of ${sla.metrics.length} KPI${sla.metrics.length === 1 ? '' : 's'} exported to ${target}${n > 0 ? ` (${exported.map((e) => e.kpi).join(', ')})` : ''}${written.length > 0 ? `; wrote ${written.join(', ')}` : ''}`);
  }
  return EXIT_OK;
}

async function write(target: ExportTarget, sla: Sla, plans: Plans, options: ExportOptions, io: Io, input: string): Promise<string[]> {
  const shown = (p: string) => relative(io.cwd, p) || p;
  const inputs = input === '-' ? [] : [resolve(io.cwd, input)];
  if (target === 'openslo') {
    const docs = opensloDocuments(sla, plans);
    if (options.output === undefined) {
      io.stdout.write(yamlStream(docs));
      return [];
    }
    // One file a document, named by kind and name, written together or not at all.
    const dir = resolve(io.cwd, options.output);
    const files = docs.map((d: OpensloDocument) => ({ path: join(dir, `${d.kind.toLowerCase()}-${d.metadata.name}.yaml`), data: yamlStream([d]) }));
    // The agreement itself is never replaced, even with --force.
    refuseOutputIntoInput(files.map((f) => f.path), inputs, shown);
    await writeFilesTogether(files, { force: options.force === true, folderHint: 'give -o a folder that does not hold a file of that name' });
    return files.map((f) => join(options.output!, relative(dir, f.path)));
  }
  const text = target === 'prometheus' ? rulesYaml(prometheusRules(sla, plans)) : slothYaml(slothSpec(sla, plans));
  if (options.output === undefined) {
    io.stdout.write(text);
    return [];
  }
  const out = resolve(io.cwd, options.output);
  refuseOutputIntoInput([out], inputs, shown);
  await writeFileAtomic(out, text, { force: options.force === true });
  return [options.output];
}
