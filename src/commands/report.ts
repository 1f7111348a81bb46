// `sla report`: the periodic performance report. The evaluation is `sla check`'s (evaluateMetrics),
// the documents go through `sla render`'s template environment and PDF printer.
import { lstatSync, realpathSync } from 'node:fs';
import { basename, dirname, extname, join, relative, resolve } from 'node:path';
import { cutList, plural } from '../core/text.js';
import { tidyMarkdown } from '../render/agreement.js';
import { browserTimeout, findBrowser } from '../render/browser.js';
import { launchPdfRenderer, type Paper } from '../render/pdf.js';
import { sourceDateEpoch } from '../render/pdf-info.js';
import { createTemplateEnvironment } from '../render/templates.js';
import { buildReportView, MAX_REPORT_RESULTS } from '../report/view-model.js';
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { tell } from '../services/tell.js';
import { printable } from '../core/printable.js';
import { evaluateAny, type SourceOptions } from '../services/evaluate-any.js';
import { announceWritten, existingOutputs, readStylesheet, resolveDocumentFormat, styleInputs } from '../services/document-output.js';
import { markGenerated } from '../render/generator-mark.js';
import { documentDefaults, loadConfig, metricsFor } from '../services/config-file.js';
import { resolveAsOf } from '../services/load-sla.js';
import { checkSlaReferences } from '../services/sla-files.js';
import { isContained } from '../runtime/files.js';
import { outputKind, refuseOutputIntoInput, writeFilesTogether } from '../services/write-file.js';

export interface ReportOptions extends SourceOptions {
  format?: string;
  output?: string;
  template?: string;
  css?: string;
  paper?: string;
  browser?: string;
  /** Seconds the browser may take to start (--browser-timeout). */
  browserTimeout?: string;
  force?: boolean;
  /** No "wrote" line on stderr. */
  quiet?: boolean;
  inlineImages?: boolean;
  /** --config FILE, --no-config (false), or undefined: the nearest sla.config.yaml. */
  config?: string | boolean;
}

export interface ReportInternals {
  systemBrowserPaths?: string[];
}

export async function reportCommand(slaPath: string, csvArg: string | undefined, given: ReportOptions, io: Io, internals: ReportInternals = {}): Promise<number> {
  // A flag beats the config file: the metrics argument, --source, --paper, --css, --template, --allow-missing.
  const config = await loadConfig(io, given.config);
  const options = { ...documentDefaults(given, config, io), source: given.source ?? config?.config.check?.source, allowMissing: given.allowMissing ?? config?.config.check?.['allow-missing'], severities: config?.config.rules };
  const hint = `give the report's file name, such as ${join(options.output ?? '', `report.${options.format ?? 'md'}`)}`;
  // A device or a pipe (-o /dev/null) has no extension to go by; a folder as -o is named as such first.
  const streamed = options.output !== undefined && outputKind(resolve(io.cwd, options.output), hint) === 'stream';
  const format = resolveDocumentFormat(options.format, streamed ? undefined : options.output);
  const paper = (options.paper ?? 'a4').toLowerCase();
  if (paper !== 'a4' && paper !== 'letter') throw new UserError(`--paper must be a4 or letter (got "${options.paper}")`);
  if (format === 'pdf' && options.output === undefined) throw new UserError('a PDF needs a file: add -o report.pdf');
  const epoch = sourceDateEpoch(io.env);
  // The production date is part of the document: SOURCE_DATE_EPOCH fixes it too, for reproducible reports.
  const asOf = options.asOf !== undefined ? resolveAsOf(options.asOf) : epoch ? epoch.toISOString().slice(0, 10) : resolveAsOf(undefined);
  const browserPath = format === 'pdf' ? findBrowser({ flag: options.browser !== undefined ? resolve(io.cwd, options.browser) : undefined, env: io.env, ...(internals.systemBrowserPaths ? { systemPaths: internals.systemBrowserPaths } : {}) }).path : undefined;
  const timeoutSeconds = format === 'pdf' ? browserTimeout(options.browserTimeout, io.env) : undefined;

  const { sla, slaFile, result, csvFile, csvPath } = await evaluateAny(slaPath, csvArg, { ...options, asOf, limit: { results: MAX_REPORT_RESULTS, by: 'a report charts and tabulates' } }, io, () => metricsFor(slaPath, csvArg, config, io));

  // Markdown shows charts as image files beside the report, or inline when asked (or when printed to stdout).
  const output = options.output !== undefined ? resolve(io.cwd, options.output) : undefined;
  const folderHint = `give the report's file name, such as ${join(options.output ?? '', 'report.' + format)}`;
  // A device or a pipe (-o /dev/stdout) has no folder to put chart files beside: inline them.
  const inline = options.inlineImages === true || output === undefined || outputKind(output, folderHint) === 'stream';
  const chartDir = output !== undefined ? `${basename(output, extname(output))}-charts` : '';
  const { buildReportCharts } = await import('../report/charts.js');
  const { charts, files } = buildReportCharts(sla, result, { format, inline, chartDir });
  const chartFiles = output !== undefined ? files.map((f) => ({ path: join(dirname(output), f.relativePath), svg: f.svg })) : [];

  const view = buildReportView({ sla, result, asOf, charts });
  const env = createTemplateEnvironment({ format: format === 'md' ? 'md' : 'html', overrideDir: options.template !== undefined ? resolve(io.cwd, options.template) : undefined, cwd: io.cwd, allowOutside: options.allowOutside });
  const stylesheet = format === 'md' ? '' : await readStylesheet(options.css, env, io, ['agreement.css', 'report.css']);
  const rendered = env.render('report', { ...view, stylesheet: stylesheet.replace(/<\/style/gi, '<\\/style') });
  const text = format === 'md' ? tidyMarkdown(rendered) : rendered;
  if (result.skipped.length > 0) tell(io, `skipped ${plural(result.skipped.length, 'invalid row')} of ${csvFile} (--skip-invalid); the report lists them`);

  if (output === undefined) {
    io.stdout.write(text);
    return EXIT_OK;
  }
  // Every file is refused before any is written, so a run never stops half-way.
  const targets = [output, ...chartFiles.map((c) => c.path)];
  const inputs = [slaPath, csvPath].filter((p) => p !== '-').map((p) => resolve(io.cwd, p));
  const referenced = checkSlaReferences(slaPath, slaFile, sla, io, { allowOutside: options.allowOutside });
  refuseOutputIntoInput(targets, [...inputs, ...referenced, ...styleInputs(options, io)], (p) => shown(p, io));
  // The chart folder is an output like the report: a link in its place must not send the charts
  // elsewhere (same containment as every file a folder refers to).
  if (chartFiles.length > 0) {
    const chartPath = join(dirname(output), chartDir);
    if (lstatSync(chartPath, { throwIfNoEntry: false }) !== undefined && !isContained(dirname(output), chartPath)) {
      let target = chartPath;
      try {
        target = realpathSync(chartPath);
      } catch {
        /* dangling: named as it is */
      }
      throw new UserError(`${shown(chartPath, io)} is a link to ${target}, outside the report's folder; remove the link (charts are written only beside the report), or use --inline-images`);
    }
  }
  const replaceable = await existingOutputs(targets, options.force, (p) => shown(p, io), folderHint);

  // A file carries the generator mark, so reporting again may replace it (a PDF's is in its properties).
  let data: string | Uint8Array = format === 'pdf' ? text : markGenerated(text, format);
  if (format === 'pdf') {
    const renderer = await launchPdfRenderer({ executablePath: browserPath!, timeoutSeconds, notice: (l) => io.stderr.write(printable(l) + '\n') });
    try {
      const recipients = sla.parties.recipients.map((r) => r.name).join(', ');
      const { pdf, blocked } = await renderer.render({
        html: text,
        paper: paper as Paper,
        date: epoch,
        headerNote: `Service report, ${view.span.text}`,
        info: { title: `Service report: ${sla.title}`, author: sla.parties.provider.name, subject: `SLA performance report for ${recipients}, ${view.span.text}`, keywords: `SLA, report, ${sla.id}` },
      });
      data = pdf;
      if (blocked.length > 0) tell(io, `the report page asked for ${plural(blocked.length, 'network resource')}, refused (rendering is offline): ${cutList(blocked, 5, '...').join(', ')}`);
    } finally {
      await renderer.close();
    }
  }
  // The report and its charts appear together or not at all (a full disk leaves neither).
  const replace = (path: string) => options.force === true || replaceable.has(path);
  await writeFilesTogether([...chartFiles.map((c) => ({ path: c.path, data: markGenerated(c.svg, 'svg'), force: replace(c.path) })), { path: output, data, force: replace(output) }], { folderHint });
  announceWritten(io, [output], options.quiet, (p) => shown(p, io), chartFiles.length > 0 ? ` and ${plural(chartFiles.length, 'chart')} in ${shown(join(dirname(output), chartDir), io)}` : '');
  return EXIT_OK;
}

const shown = (file: string, io: Io) => {
  const rel = relative(io.cwd, file);
  return rel.startsWith('..') || rel === '' ? file : rel;
};
