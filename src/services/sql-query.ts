// The query sla sql prints and --engine duckdb runs, with a refusal (a duration KPI, an open-ended
// term without --to) turned into one line that names the SLA file and the KPI's line.
import { compileSql, SqlCompileError } from '../core/sql/compile.js';
import { UserError } from '../runtime/io.js';

/** The query, or the reason it cannot be written as one line naming the SLA file and the KPI's line. */
export function compileOrExplain(sla: Parameters<typeof compileSql>[0], options: Parameters<typeof compileSql>[1], file: string, locate?: (pointer: string) => { line: number; column?: number } | undefined): string {
  try {
    return compileSql(sla, options);
  } catch (err) {
    if (!(err instanceof SqlCompileError)) throw err;
    const at = err.kpi !== undefined ? locate?.(`/metrics/${sla.metrics.findIndex((k) => k.id === err.kpi)}`) : undefined;
    throw new UserError(`${file}${at ? `:${at.line}:${at.column ?? 1}` : ''}: ${err.message}`);
  }
}
