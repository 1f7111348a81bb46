import type { Sla } from '../model.js';
import { readCsv } from './csv.js';
import { Checker, type CheckOptions } from './engine.js';
import type { CheckResult } from './types.js';

export interface CheckCsvOptions extends CheckOptions {
  /** , ; or tab; detected from the header when absent. */
  delimiter?: string | undefined;
}

/** Streams a metrics CSV (string chunks, decoded by the caller) through the SLA's KPIs. Throws CheckInputError on bad input. */
export async function checkCsv(sla: Sla, input: AsyncIterable<string | Buffer>, options: CheckCsvOptions = {}): Promise<CheckResult> {
  const checker = new Checker(sla, options);
  await readCsv(input, { delimiter: options.delimiter }, {
    header: (names) => checker.header(names),
    row: (fields, row) => checker.row(fields, row),
    malformed: (row, reason) => checker.malformed(row, reason),
  });
  return checker.finish();
}

/**
 * The same, with the samples of PromQL KPIs (from Prometheus or saved responses) fed first through
 * `samples`; without a CSV, KPIs that read one have no data.
 */
export async function checkSources(sla: Sla, input: AsyncIterable<string | Buffer> | undefined, options: CheckCsvOptions, samples?: (sink: (kpi: string, times: readonly number[], values: readonly number[]) => void) => Promise<void>): Promise<CheckResult> {
  const checker = new Checker(sla, options);
  if (samples !== undefined) await samples((kpi, times, values) => checker.sample(kpi, times, values));
  if (input !== undefined) {
    await readCsv(input, { delimiter: options.delimiter }, {
      header: (names) => checker.header(names),
      row: (fields, row) => checker.row(fields, row),
      malformed: (row, reason) => checker.malformed(row, reason),
    });
  }
  return checker.finish();
}

export { Checker, CheckInputError, type CheckOptions } from './engine.js';
export { CsvReadError, MAX_RECORD_CHARS } from './csv.js';
export type { CheckResult, CreditLine, CreditTotal, KpiResult, ResultPeriod, SkippedRow, Status, TriggeredConsequence } from './types.js';
export type { PeriodKind } from './time.js';
export { isFailing, isMissing, overallStatus, type VerdictOptions } from './verdict.js';
export { chargeShare, creditsOf, currencyDigits, periodCredits } from './credits.js';
