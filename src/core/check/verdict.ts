// What fails a check, decided once: the engine's overall status, the exit code, the formatters and
// the report all ask here, so "breached, or no data unless --allow-missing" cannot drift apart.
import type { KpiResult, Status } from './types.js';

export interface VerdictOptions {
  /** No data does not fail (--allow-missing). */
  allowMissing: boolean;
}

/** No data, or too few samples (a KPI's minSamples): nothing to judge, and counted alike. */
export const isMissing = (status: Status): boolean => status === 'no-data' || status === 'insufficient-data';

/** A breach always fails; no data (or too few samples) fails unless missing data is allowed. */
export function isFailing(status: Status, { allowMissing }: VerdictOptions): boolean {
  return status === 'breached' || (isMissing(status) && !allowMissing);
}

/**
 * The status of a set of results: breached when any is; no data when all are without data or with
 * too few samples (also when there are none), or when some are and missing data is not allowed;
 * otherwise met.
 */
export function overallStatus(results: readonly Pick<KpiResult, 'status'>[], options: VerdictOptions): Status {
  if (results.some((r) => r.status === 'breached')) return 'breached';
  if (results.every((r) => isMissing(r.status))) return 'no-data';
  return results.some((r) => isFailing(r.status, options)) ? 'no-data' : 'met';
}
