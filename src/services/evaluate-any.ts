// Which evaluation a check or report runs: the metrics CSV through the streaming engine, an engine's
// per-period result (--aggregates), or the data aggregated by embedded DuckDB (--engine duckdb).
import { UserError, type Io } from '../runtime/io.js';
import { evaluateAggregates, evaluateMetrics, type EvaluateOptions, type Evaluation } from './evaluate-metrics.js';

export interface SourceOptions extends EvaluateOptions {
  /** --aggregates RESULT.csv: per-period values an engine computed, instead of the metrics. */
  aggregates?: string | undefined;
  /** --engine duckdb: the metrics (CSV, Parquet or JSON files, or globs) aggregated by embedded DuckDB. */
  engine?: string | undefined;
}

/** The metrics CSV through the streaming engine, an engine's aggregates (--aggregates), or the data through DuckDB (--engine). */
export async function evaluateAny(slaPath: string, csvArg: string | undefined, options: SourceOptions, io: Io, metrics: () => string): Promise<Evaluation> {
  if (options.aggregates !== undefined || options.engine !== undefined) {
    const flag = options.aggregates !== undefined ? '--aggregates' : '--engine';
    if (options.sheet !== undefined) throw new UserError(`--sheet is for an .xlsx workbook read by the streaming engine, not with ${flag}`);
    if (options.source !== undefined) throw new UserError(`--source (a ticket tool's export formats) is read by the streaming engine only, not with ${flag}: run sla check on the export without ${flag}`);
  }
  if (options.aggregates !== undefined) {
    if (csvArg !== undefined) throw new UserError(`give either the metrics (${csvArg}) or --aggregates ${options.aggregates}, not both`);
    if (options.engine !== undefined) throw new UserError('--aggregates and --engine do not go together: --aggregates takes a result an engine already computed');
    return evaluateAggregates(slaPath, options.aggregates, options, io);
  }
  if (options.engine !== undefined) {
    if (options.engine !== 'duckdb') throw new UserError(`--engine must be duckdb (got "${options.engine}"); for other engines print the query with sla sql and give its result to --aggregates`);
    const { evaluateWithDuckDb } = await import('./duckdb-engine.js');
    return evaluateWithDuckDb(slaPath, metrics(), options, io);
  }
  return evaluateMetrics(slaPath, metrics(), options, io);
}
