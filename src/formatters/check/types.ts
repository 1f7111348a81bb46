import type { ChalkInstance } from 'chalk';
import type { CheckResult } from '../../core/check/types.js';

export interface CheckFormatOptions {
  color: ChalkInstance;
  /** No data does not fail the check (--allow-missing). */
  allowMissing: boolean;
  /** The agreement's title. */
  title: string;
  slaFile: string;
  csvFile: string;
  /** The line of a KPI's definition in the SLA file, for annotations; asked for only by formatters that print it (it may parse the file again with positions). */
  kpiLine?: (kpi: string) => number | undefined;
}

export type CheckFormatter = (result: CheckResult, options: CheckFormatOptions) => string;
export type { CheckResult };
