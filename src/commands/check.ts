// `sla check`: argument handling and output around the shared evaluation (evaluate-metrics.ts).
import { colorFor } from '../runtime/color.js';
import { checkFormatters } from '../formatters/check/index.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { tell } from '../services/tell.js';
import { loadConfig, metricsOrPrometheus } from '../services/config-file.js';
import { evaluateAny } from '../services/evaluate-any.js';
import { isFailing } from '../core/check/index.js';
import type { PrometheusFlags } from '../services/prometheus.js';

export interface CheckCommandOptions extends PrometheusFlags {
  prometheusResponses?: string;
  format: string;
  period?: string;
  from?: string;
  to?: string;
  delimiter?: string;
  sheet?: string;
  source?: string;
  allowMissing?: boolean;
  skipInvalid?: boolean;
  stdinFilename?: string;
  color?: boolean;
  allowOutside?: boolean;
  /** --config FILE, --no-config (false), or undefined: the nearest sla.config.yaml. */
  config?: string | boolean;
  /** --aggregates RESULT.csv: per-period values an engine computed, instead of the metrics. */
  aggregates?: string;
  /** --engine duckdb: the metrics (CSV, Parquet, JSON files or globs) aggregated by embedded DuckDB. */
  engine?: string;
}

export async function checkCommand(slaPath: string, csvArg: string | undefined, given: CheckCommandOptions, io: Io): Promise<number> {
  const format = checkFormatters[given.format];
  if (!format) throw new UserError(`--format must be one of ${Object.keys(checkFormatters).join(', ')} (got "${given.format}")`);
  // A flag beats the config file: the metrics argument, --source, --allow-missing.
  const config = await loadConfig(io, given.config);
  const options = { ...given, source: given.source ?? config?.config.check?.source, allowMissing: given.allowMissing ?? config?.config.check?.['allow-missing'], severities: config?.config.rules };
  const { sla, slaFile, csvFile, result, input } = await evaluateAny(slaPath, csvArg, options, io, () => metricsOrPrometheus(slaPath, csvArg, given, config, io));
  const allowMissing = options.allowMissing === true;
  // Located on demand: finding a line parses the agreement again with positions, which only the formats that print lines pay.
  const kpiLine = (id: string) => {
    const i = sla.metrics.findIndex((m) => m.id === id);
    return i < 0 ? undefined : input.report.locate!(`/metrics/${i}`).line;
  };
  io.stdout.write(format(result, { color: colorFor(io, io.stdout, options.color ?? true), allowMissing, title: sla.title, slaFile, csvFile, kpiLine }));
  if (result.skipped.length > 0) tell(io, `skipped ${result.skipped.length} invalid row${result.skipped.length === 1 ? '' : 's'} of ${csvFile} (--skip-invalid); the output lists them`);
  return isFailing(result.status, { allowMissing }) ? EXIT_FINDINGS : EXIT_OK;
}

