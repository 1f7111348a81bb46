// The evaluation `sla check` and `sla report` share: one code path from two files to a CheckResult.
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { checkCsv, CheckInputError, CsvReadError, type CheckResult, type PeriodKind } from '../core/check/index.js';
import { AggregatesChecker } from '../core/check/aggregates.js';
import { readCsv } from '../core/check/csv.js';
import { compareDates, parseDay } from '../core/dates.js';
import type { Sla } from '../core/model.js';
import { describeFsError, openRegularFile } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';
import { otherEncoding } from './inputs.js';
import type { RuleSeverities } from '../core/rules/index.js';
import { loadValidSla, type SlaInput } from './load-sla.js';
import { loadHolidays } from './sla-files.js';

/** .xlsx or .xlsm: the workbook reader (xlsx-source.ts, imported only then). */
const isWorkbookName = (path: string): boolean => /\.xls[xm]$/i.test(path);

export interface EvaluateOptions {
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

/** Loads the SLA (refusing an invalid one with validate's diagnostics), then streams the CSV through it. */
export async function evaluateMetrics(slaPath: string, csvPath: string, options: EvaluateOptions, io: Io): Promise<Evaluation> {
  const delimiter = checkOptions(slaPath, csvPath, options);
  const slaInput = await loadValidSla(slaPath, io, { stdinFilename: options.stdinFilename, color: options.color, asOf: options.asOf, severities: options.severities });
  const holidays = await loadHolidays(slaPath, slaInput.file, slaInput.sla, io, { allowOutside: options.allowOutside });
  const csvFile = csvPath === '-' ? (options.stdinFilename && slaPath !== '-' ? options.stdinFilename : '<stdin>') : csvPath;
  const engineOptions = { period: options.period as PeriodKind | undefined, from: options.from, to: options.to, skipInvalid: options.skipInvalid, allowMissing: options.allowMissing, holidays, limit: options.limit, source: options.source };
  if (csvPath !== '-' && isWorkbookName(csvPath)) {
    if (delimiter !== undefined) throw new UserError(`--delimiter is for a CSV; ${csvFile} is a workbook`);
    // exceljs loads only when a workbook is checked.
    const { checkWorkbook } = await import('./xlsx-source.js');
    const result = await checkWorkbook(slaInput.sla, csvPath, io.cwd, csvFile, { ...engineOptions, sheet: options.sheet });
    return { slaFile: slaInput.file, csvFile, csvPath, sla: slaInput.sla, input: slaInput, result };
  }
  if (options.sheet !== undefined) throw new UserError(`--sheet is for an .xlsx workbook; ${csvFile} is read as a CSV`);
  const stream = await openCsv(csvPath, io, csvFile);
  try {
    const result = await checkCsv(slaInput.sla, stream, { ...engineOptions, delimiter });
    return { slaFile: slaInput.file, csvFile, csvPath, sla: slaInput.sla, input: slaInput, result };
  } catch (err) {
    if (err instanceof CheckInputError) throw new UserError(describeInputError(csvFile, err));
    if ((err as NodeJS.ErrnoException)?.code !== undefined) throw new UserError(describeFsError(csvFile, err));
    throw err;
  } finally {
    (stream as Readable).destroy?.();
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
export function checkOptions(slaPath: string, csvPath: string, options: EvaluateOptions): string | undefined {
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
  return Readable.from(decode(handle.createReadStream({ highWaterMark: 1 << 16 }), label));
}

/**
 * Decodes bytes as UTF-8 and refuses, on the first chunk, what is not a CSV at all (UTF-16 or UTF-32,
 * binary data), so a wrong file fails at once instead of being read to the end; bytes that are not
 * UTF-8 are refused in any chunk, NUL bytes past the first 4 KB by the CSV reader.
 */
async function* decode(stream: NodeJS.ReadableStream, label: string): AsyncGenerator<string> {
  // StringDecoder keeps a character split between chunks whole and is ~10 % faster over a large file
  // than a fatal TextDecoder; it turns a bad byte into U+FFFD, so more U+FFFD in the text than the
  // file spells out (EF BF BD) means the file is not UTF-8.
  const decoder = new StringDecoder('utf8');
  let offset = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    if (offset === 0) {
      // NULs further on are found by the CSV reader, with their row and column.
      // A zip is what a workbook is: named .csv or piped in, it gets a message that says so.
      if (bytes.length >= 4 && bytes.readUInt32LE(0) === 0x04034b50) throw new UserError(`${label}: is a zip archive, not a CSV; if it is an Excel workbook, give it as a file named .xlsx (a workbook is not read from standard input)`);
      if (bytes.length >= 4 && bytes.readUInt32BE(0) === 0xd0cf11e0) throw new UserError(`${label}: is an old Excel .xls workbook (or another Office file), not a CSV; save it as .xlsx or export the sheet as CSV`);
      const other = otherEncoding(bytes);
      if (other) throw new UserError(`${label}: the file is ${other} encoded; save it as UTF-8 CSV`);
      if (bytes.subarray(0, 4096).includes(0)) throw new UserError(`${label}: the file is not text (it holds NUL bytes); is it really a CSV?`);
    }
    let text = decoder.write(bytes);
    if (offset === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    if (text.includes('\uFFFD') && countOf(text, '\uFFFD') > countOf(bytes, REPLACEMENT)) {
      throw new UserError(`${label}: the file is not valid UTF-8 text (in bytes ${offset + 1}–${offset + bytes.length}); save it as UTF-8 CSV`);
    }
    offset += bytes.length;
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest.includes('\uFFFD')) throw new UserError(`${label}: the file ends inside a character; it is not valid UTF-8 text`);
  if (rest) yield rest;
}

const REPLACEMENT = Buffer.from('\uFFFD');

function countOf(haystack: string | Buffer, needle: string | Buffer): number {
  let n = 0;
  for (let i = haystack.indexOf(needle as never); i !== -1; i = haystack.indexOf(needle as never, i + 1)) n++;
  return n;
}
