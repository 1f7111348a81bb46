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
  /** The line of each KPI's definition in the SLA file, for annotations. */
  kpiLines?: Record<string, number>;
}

export type CheckFormatter = (result: CheckResult, options: CheckFormatOptions) => string;
export type { CheckResult };
