// The evaluation `sla check` and `sla report` share: one code path from two files to a CheckResult.
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { checkSources, CheckInputError, CsvReadError, type CheckResult, type PeriodKind } from '../core/check/index.js';
import { AggregatesChecker } from '../core/check/aggregates.js';
import { readCsv } from '../core/check/csv.js';
import { compareDates, parseDay } from '../core/dates.js';
import type { Sla } from '../core/model.js';
import { describeFsError, openRegularFile } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';
import { decode } from './csv-decode.js';
import { checkInRanges, planRanges } from './parallel-check.js';
import { plural } from '../core/text.js';
import type { RuleSeverities } from '../core/rules/index.js';
import { loadValidSla, type SlaInput } from './load-sla.js';
import { loadHolidays } from './sla-files.js';
import { isPromql } from '../core/check/prometheus.js';
import type { PrometheusFlags, SampleSink } from './prometheus.js';
import { tell } from './tell.js';
import { refuseOutputIntoInput, writeFileAtomic } from './write-file.js';

/** .xlsx or .xlsm: the workbook reader (xlsx-source.ts, imported only then). */
const isWorkbookName = (path: string): boolean => /\.xls[xm]$/i.test(path);

export interface EvaluateOptions extends PrometheusFlags {
  /** Per-rule severities from the config file. */
  severities?: RuleSeverities | undefined;
  period?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  delimiter?: string | undefined;
  /** The sheet of a workbook (--sheet); only with an .xlsx. */
  sheet?: string | undefined;
  /** The ticket tool the CSV comes from (--source, check.source). */
  source?: string | undefined;
  allowMissing?: boolean | undefined;
  skipInvalid?: boolean | undefined;
  stdinFilename?: string | undefined;
  asOf?: string | undefined;
  color?: boolean | undefined;
  /** Files the SLA names (the holiday calendar) may lie outside its folder. */
  allowOutside?: boolean | undefined;
  /** A lower limit on results (KPIs × periods) than a check's, for a report that charts them all. */
  limit?: { results: number; by: string } | undefined;
  /** --prometheus-responses FILE: saved range-query responses (a .json metrics argument means the same). */
  prometheusResponses?: string | undefined;
}

export interface Evaluation {
  slaFile: string;
  csvFile: string;
  /** The data's path as given ('-' for standard input), so an output is never written over it. */
  csvPath: string;
  sla: Sla;
  input: SlaInput;
  result: CheckResult;
}

const PERIODS = ['day', 'week', 'month', 'quarter', 'all'];
const DELIMITER_NAMES: Record<string, string> = { ',': ',', comma: ',', ';': ';', semicolon: ';', '\t': '\t', '\\t': '\t', tab: '\t' };

/** A .json metrics argument is saved Prometheus responses, not a CSV. */
export const isJsonPath = (path: string | undefined): path is string => path !== undefined && path !== '-' && /\.json$/i.test(path);

/**
 * Loads the SLA (refusing an invalid one with validate's diagnostics), then streams the CSV through
 * it, after the samples of its PromQL KPIs from --prometheus or saved responses. Without a CSV the
 * KPIs that read one have no data; without a Prometheus source, the PromQL KPIs.
 */
export async function evaluateMetrics(slaPath: string, metricsPath: string | undefined, options: EvaluateOptions, io: Io): Promise<Evaluation> {
  const delimiter = checkOptions(slaPath, metricsPath, options);
  let csvPath = metricsPath;
  let responses = options.prometheusResponses;
  if (isJsonPath(csvPath)) {
    if (responses !== undefined) throw new UserError(`${csvPath} and --prometheus-responses ${responses}: give the saved responses once`);
    responses = csvPath;
    csvPath = undefined;
  }
  if (responses !== undefined && options.prometheus !== undefined) throw new UserError('give either --prometheus URL or saved responses, not both');
  if (options.kpi !== undefined && responses === undefined) throw new UserError('--kpi names the KPI of a saved Prometheus response: give the response file (sla check SLA result.json --kpi ID)');
  if (options.saveResponses !== undefined && options.prometheus === undefined) throw new UserError('--save-responses keeps what --prometheus answers: give --prometheus URL too');
  if (csvPath === undefined && responses === undefined && options.prometheus === undefined) throw new UserError('name the metrics CSV, a saved Prometheus response (.json), or --prometheus URL');
  // Credentials and the URL are checked before anything is read.
  const prometheus = options.prometheus !== undefined ? await import('./prometheus.js') : undefined;
  const target = prometheus !== undefined ? await prometheus.prometheusTarget(options, io) : undefined;

  // A large CSV file with nothing else to read is checked in ranges, one a core (parallel-check.ts):
  // planned first, so the workers start while the SLA loads (idle ones never hold the process).
  const csvOnly = csvPath !== undefined && csvPath !== '-' && !isWorkbookName(csvPath) && responses === undefined && target === undefined;
  const ranges = csvOnly ? await planRanges(resolve(io.cwd, csvPath!), io.env) : undefined;
  const slaInput = await loadValidSla(slaPath, io, { stdinFilename: options.stdinFilename, color: options.color, asOf: options.asOf, severities: options.severities });
  const holidays = await loadHolidays(slaPath, slaInput.file, slaInput.sla, io, { allowOutside: options.allowOutside });
  const sla = slaInput.sla;
  const csvFile = csvPath === undefined ? undefined : csvPath === '-' ? (options.stdinFilename && slaPath !== '-' ? options.stdinFilename : '<stdin>') : csvPath;
  const promqlKpis = sla.metrics.filter(isPromql);
  if (promqlKpis.length > 0 && target === undefined && responses === undefined) {
    tell(io, `${plural(promqlKpis.length, 'KPI')} (${promqlKpis.map((k) => k.id).join(', ')}) measure${promqlKpis.length === 1 ? 's' : ''} with promql and ha${promqlKpis.length === 1 ? 's' : 've'} no data without --prometheus URL or a saved response (docs/sources/prometheus.md)`);
  }
  const sources = [csvFile, target?.label ?? responses].filter((s): s is string => s !== undefined).join(' + ');
  const engineOptions = { period: options.period as PeriodKind | undefined, from: options.from, to: options.to, skipInvalid: options.skipInvalid, allowMissing: options.allowMissing, holidays, limit: options.limit, source: options.source };
  if (csvPath !== undefined && csvPath !== '-' && isWorkbookName(csvPath)) {
    if (delimiter !== undefined) throw new UserError(`--delimiter is for a CSV; ${csvFile} is a workbook`);
    if (target !== undefined || responses !== undefined) throw new UserError(`a workbook (${csvFile}) and Prometheus data cannot be checked together yet: save the sheet as CSV, or check them in two runs`);
    // exceljs loads only when a workbook is checked.
    const { checkWorkbook } = await import('./xlsx-source.js');
    const result = await checkWorkbook(sla, csvPath, io.cwd, csvFile!, { ...engineOptions, sheet: options.sheet });
    return { slaFile: slaInput.file, csvFile: csvFile!, csvPath, sla, input: slaInput, result };
  }
  if (options.sheet !== undefined) throw new UserError(`--sheet is for an .xlsx workbook; ${csvFile ?? 'the data'} is read as a CSV`);
  const stream = csvPath === undefined ? undefined : await openCsv(csvPath, io, csvFile!);
  const kept = options.saveResponses !== undefined ? new Map<string, string[]>() : undefined;
  if (options.saveResponses !== undefined) {
    const inputs = [slaPath, csvPath, options.prometheusCredentials].filter((p): p is string => p !== undefined && p !== '-').map((p) => resolve(io.cwd, p));
    refuseOutputIntoInput([resolve(io.cwd, options.saveResponses)], inputs, (p) => p);
  }
  // The Prometheus module is loaded only by a check that uses it (node:http, zlib).
  const samples = target !== undefined
    ? (sink: SampleSink) => prometheus!.fetchPromql(sla, target, prometheus!.windowFor(sla, options), sink, io, kept)
    : responses !== undefined
      ? async (sink: SampleSink) => (await import('./prometheus.js')).readSavedResponses(responses!, sla, options, io, sink)
      : undefined;
  try {
    // undefined when the ranges cannot stand for one read: then on one thread, as always.
    const inRanges = ranges === undefined ? undefined : await checkInRanges(sla, resolve(io.cwd, csvPath!), csvFile!, { ...engineOptions, delimiter }, ranges.splits, ranges.size, ranges.run);
    const result = inRanges ?? await checkSources(sla, stream, { ...engineOptions, delimiter }, samples);
    if (kept !== undefined) {
      // Written only once every answer was read and checked: a bundle on disk always checks.
      await writeFileAtomic(resolve(io.cwd, options.saveResponses!), prometheus!.bundleText(kept), { force: true });
      const n = [...kept.values()].reduce((a, l) => a + l.length, 0);
      tell(io, `wrote ${options.saveResponses}: ${plural(n, 'response')} for ${plural(kept.size, 'KPI')}; check it later with: sla check ${slaPath === '-' ? 'SLA' : slaPath} ${options.saveResponses}`);
    }
    return { slaFile: slaInput.file, csvFile: sources, csvPath: csvPath ?? responses ?? '', sla, input: slaInput, result };
  } catch (err) {
    if (err instanceof CheckInputError) throw new UserError(describeInputError(csvFile ?? sources, err));
    if ((err as NodeJS.ErrnoException)?.code !== undefined && csvFile !== undefined) throw new UserError(describeFsError(csvFile, err));
    throw err;
  } finally {
    ranges?.release();
    (stream as Readable | undefined)?.destroy?.();
  }
}

/**
 * `--aggregates RESULT.csv`: per-period values an engine computed (kpi, period, start, end, actual,
 * samples) get the verdicts, consequences and credits of the same evaluation. Bad rows stop it with
 * their row and column (--skip-invalid does not apply: a result with a wrong row is a wrong query).
 */
export async function evaluateAggregates(slaPath: string, csvPath: string, options: EvaluateOptions, io: Io): Promise<Evaluation> {
  const delimiter = checkOptions(slaPath, csvPath, options);
  const slaInput = await loadValidSla(slaPath, io, { stdinFilename: options.stdinFilename, color: options.color, asOf: options.asOf, severities: options.severities });
  const csvFile = csvPath === '-' ? (options.stdinFilename && slaPath !== '-' ? options.stdinFilename : '<stdin>') : csvPath;
  const stream = await openCsv(csvPath, io, csvFile);
  try {
    const checker = new AggregatesChecker(slaInput.sla, { period: options.period as PeriodKind | undefined, from: options.from, to: options.to, allowMissing: options.allowMissing });
    await readCsv(stream, { delimiter }, { header: (names) => checker.header(names), row: (fields, row) => checker.row(fields, row), malformed: (row, reason) => checker.malformed(row, reason) });
    return { slaFile: slaInput.file, csvFile, csvPath, sla: slaInput.sla, input: slaInput, result: checker.finish() };
  } catch (err) {
    if (err instanceof CheckInputError) throw new UserError(describeAggregateError(csvFile, err));
    if ((err as NodeJS.ErrnoException)?.code !== undefined) throw new UserError(describeFsError(csvFile, err));
    throw err;
  } finally {
    (stream as Readable).destroy?.();
  }
}

function describeAggregateError(file: string, err: CheckInputError): string {
  if (err.row === undefined) return `${file}: ${err.message}`;
  const where = err.column ? `row ${err.row}, column "${err.column}"` : `row ${err.row}`;
  return `${file}: ${where}: ${err.message}; correct the query that produced the result (sla sql prints one)`;
}

/** Checks the flags check, report and the aggregates share; returns the delimiter. */
export function checkOptions(slaPath: string, csvPath: string | undefined, options: EvaluateOptions): string | undefined {
  if (options.period !== undefined && !PERIODS.includes(options.period)) throw new UserError(`--period must be one of ${PERIODS.join(', ')} (got "${options.period}")`);
  for (const [flag, value] of [['--from', options.from], ['--to', options.to]] as const) {
    if (value !== undefined && parseDay(value) === undefined) throw new UserError(`${flag} must be a date written YYYY-MM-DD (got "${value}")`);
  }
  if (options.from !== undefined && options.to !== undefined && compareDates(options.from, options.to) > 0) throw new UserError(`--from ${options.from} is after --to ${options.to}`);
  let delimiter: string | undefined;
  if (options.delimiter !== undefined) {
    delimiter = DELIMITER_NAMES[options.delimiter];
    if (delimiter === undefined) throw new UserError(`--delimiter must be , ; or tab (got "${options.delimiter}")`);
  }
  if (slaPath === '-' && csvPath === '-') throw new UserError('only one input can be standard input: give the SLA or the CSV as a file');
  return delimiter;
}

function describeInputError(file: string, err: CheckInputError): string {
  if (err.kpi !== undefined || err.row === undefined) return `${file}: ${err.message}`;
  // A record over the limit or binary content stops the read: --skip-invalid cannot skip it.
  if (err instanceof CsvReadError) return `${file}: row ${err.row}, ${err.column ? `column "${err.column}"` : `field ${err.field}`}: ${err.message}`;
  const where = err.column ? `row ${err.row}, column "${err.column}"` : `row ${err.row}`;
  return `${file}: ${where}: ${err.message}; fix the row, or run with --skip-invalid to skip and list such rows`;
}

/** The CSV as a stream of strings, decoded strictly as UTF-8 (a character split between chunks stays whole). */
async function openCsv(path: string, io: Io, label: string): Promise<NodeJS.ReadableStream> {
  if (path === '-') return Readable.from(decode(io.stdin, label));
  // Only a regular file: a FIFO or a device would block or never end (stdin is "-").
  const handle = await openRegularFile(resolve(io.cwd, path), path, { stdin: true });
  const stream = Readable.from(decode(handle.createReadStream({ highWaterMark: 1 << 16 }), label));
  // Closed with the stream even when never read (a check in ranges reads the file by itself).
  stream.once('close', () => void handle.close().catch(() => undefined));
  return stream;
}
