// What fails a check, decided once: the engine's overall status, the exit code, the formatters and
// the report all ask here, so "breached, or no data unless --allow-missing" cannot drift apart.
import type { KpiResult, Status } from './types.js';

export interface VerdictOptions {
  /** No data does not fail (--allow-missing). */
  allowMissing: boolean;
}

/** A breach always fails; no data fails unless missing data is allowed. */
export function isFailing(status: Status, { allowMissing }: VerdictOptions): boolean {
  return status === 'breached' || (status === 'no-data' && !allowMissing);
}

/**
 * The status of a set of results: breached when any is; no data when all are (also when there are
 * none), or when some are and missing data is not allowed; otherwise met.
 */
export function overallStatus(results: readonly Pick<KpiResult, 'status'>[], options: VerdictOptions): Status {
  if (results.some((r) => r.status === 'breached')) return 'breached';
  if (results.every((r) => r.status === 'no-data')) return 'no-data';
  return results.some((r) => isFailing(r.status, options)) ? 'no-data' : 'met';
}
