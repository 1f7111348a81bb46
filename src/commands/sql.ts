// `sla sql`: prints the query that computes every KPI per period where the data lives (core/sql).
import { DIALECTS, type Dialect, type SqlSource } from '../core/sql/compile.js';
import { compileOrExplain } from '../services/sql-query.js';
import type { PeriodKind } from '../core/check/index.js';
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { loadConfig } from '../services/config-file.js';
import { checkOptions } from '../services/evaluate-metrics.js';
import { loadValidSla } from '../services/load-sla.js';
import { loadHolidays } from '../services/sla-files.js';

export interface SqlCommandOptions {
  dialect?: string;
  table?: string;
  source?: string;
  period?: string;
  from?: string;
  to?: string;
  stdinFilename?: string;
  color?: boolean;
  config?: string | boolean;
}

export async function sqlCommand(slaPath: string, given: SqlCommandOptions, io: Io): Promise<number> {
  const dialect = (given.dialect ?? 'duckdb') as Dialect;
  if (!DIALECTS.includes(dialect)) throw new UserError(`--dialect must be one of ${DIALECTS.join(', ')} (got "${given.dialect}")`);
  if ((given.table === undefined) === (given.source === undefined)) throw new UserError('give the data as --table NAME (a table or view) or --source PATH (a CSV, Parquet or JSON file or glob), one of them');
  if (given.table !== undefined && given.table.trim() === '') throw new UserError('--table is empty: give the table name, such as metrics or analytics.metrics');
  checkOptions(slaPath, '', given);
  const config = await loadConfig(io, given.config);
  const { sla, file, report } = await loadValidSla(slaPath, io, { stdinFilename: given.stdinFilename, color: given.color, severities: config?.config.rules });
  const source: SqlSource = given.table !== undefined ? { table: given.table } : { path: given.source! };
  // The holiday calendar file, for business-hours clocks (as sla check reads it).
  const holidays = await loadHolidays(slaPath, file, sla, io, {});
  io.stdout.write(compileOrExplain(sla, { dialect, source, period: given.period as PeriodKind | undefined, from: given.from, to: given.to, holidays }, file, report.locate));
  return EXIT_OK;
}

