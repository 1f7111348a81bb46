// `sla check --engine duckdb`: the query sla sql prints, run in embedded DuckDB over CSV, Parquet or
// JSON files (paths or globs), its per-period result evaluated like --aggregates. DuckDB streams the
// files and spills to a temporary folder, so the data need not fit in memory. @duckdb/node-api is an
// optional peer dependency (native, ~70 MB, so not installed with sla by default), loaded only here:
// validate and a plain check never load it.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { AggregatesChecker, AGGREGATE_COLUMNS } from '../core/check/aggregates.js';
import { CheckInputError, type PeriodKind } from '../core/check/index.js';
import { columnsOf } from '../core/check/engine.js';
import { sourceSql } from '../core/sql/compile.js';
import { UserError, type Io } from '../runtime/io.js';
import { checkOptions, type EvaluateOptions, type Evaluation } from './evaluate-metrics.js';
import { loadValidSla } from './load-sla.js';
import { loadHolidays } from './sla-files.js';
import { compileOrExplain } from './sql-query.js';

type DuckDb = typeof import('@duckdb/node-api');

async function loadDuckDb(): Promise<DuckDb> {
  try {
    return await import('@duckdb/node-api');
  } catch {
    throw new UserError('--engine duckdb needs the optional package @duckdb/node-api, which is not installed (or has no build for this platform): install it beside sla (npm install @duckdb/node-api), or check a CSV without --engine');
  }
}

const isGlob = (path: string) => /[*?[{]/.test(path);

/** DuckDB's memory limit under --engine duckdb: what it holds past this it spills to its temporary folder. */
export const DUCKDB_MEMORY_LIMIT = '512MB';

/** The limit, or SLA_DUCKDB_MEMORY_LIMIT's (a machine with memory to spare spills less). */
function memoryLimit(env: Record<string, string | undefined>): string {
  const given = env['SLA_DUCKDB_MEMORY_LIMIT'];
  if (given === undefined || given === '') return DUCKDB_MEMORY_LIMIT;
  if (!/^[1-9][0-9]{0,6}(MB|GB)$/.test(given)) throw new UserError(`SLA_DUCKDB_MEMORY_LIMIT: "${given.slice(0, 40)}" is not a memory size: give megabytes or gigabytes such as 512MB or 4GB, or unset it for ${DUCKDB_MEMORY_LIMIT}`);
  return given;
}

export async function evaluateWithDuckDb(slaPath: string, dataPath: string, options: EvaluateOptions, io: Io): Promise<Evaluation> {
  if (dataPath === '-') throw new UserError('--engine duckdb reads files, not standard input: give the metrics as a file or glob');
  checkOptions(slaPath, dataPath, options);
  if (options.delimiter !== undefined) throw new UserError('--delimiter does not apply to --engine duckdb, which detects the CSV dialect itself');
  if (options.skipInvalid) throw new UserError('--skip-invalid does not apply to --engine duckdb: a bad cell stops the query; check that file without --engine to find and skip its rows');
  const slaInput = await loadValidSla(slaPath, io, { stdinFilename: options.stdinFilename, color: options.color, asOf: options.asOf, severities: options.severities });
  const { sla, file, report } = slaInput;
  const absolute = resolve(io.cwd, dataPath);
  if (!isGlob(dataPath)) {
    let ok = false;
    try {
      ok = statSync(absolute).isFile();
    } catch (err) {
      throw new UserError(`${dataPath}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
    }
    if (!ok) throw new UserError(`${dataPath}: not a regular file; give a CSV, Parquet or JSON file or a glob such as 'metrics/*.parquet'`);
  }
  // What sla sql cannot compile (a duration KPI, an open-ended term) is refused before DuckDB loads.
  // The holiday calendar file, for business-hours clocks (as sla check reads it).
  const holidays = await loadHolidays(slaPath, file, sla, io, { allowOutside: options.allowOutside });
  const compile = (types?: Map<string, string>) => compileOrExplain(sla, { dialect: 'duckdb', source: { path: absolute }, types, period: options.period as PeriodKind | undefined, from: options.from, to: options.to, holidays }, file, report.locate);
  compile();
  const limit = memoryLimit(io.env);
  const duckdb = await loadDuckDb();
  // DuckDB spills what does not fit in memory to a folder of our own, removed afterwards (never the cwd).
  const spill = mkdtempSync(join(tmpdir(), 'sla-duckdb-'));
  // Its default limit is 80 % of RAM, so its working set grew with the data (the benchmark's 11 KPIs:
  // 450 MB at 1M rows, 2.7 GB at 10M); with a fixed limit it spills instead and memory stays flat.
  // The query orders its result itself, so insertion order need not be kept (less buffering).
  const instance = await duckdb.DuckDBInstance.create(':memory:', { temp_directory: spill, memory_limit: limit, preserve_insertion_order: 'false' });
  const connection = await instance.connect();
  const explain = (err: unknown): never => {
    const message = String((err as Error)?.message ?? err).split('\n')[0]!.replace(/\s+/g, ' ').trim();
    // Exact percentiles keep their values in memory DuckDB cannot spill: past the limit, say which knob.
    if (/^Out of Memory Error/i.test(message)) throw new UserError(`${dataPath}: DuckDB ran out of memory within its limit of ${limit} (${message}); set SLA_DUCKDB_MEMORY_LIMIT higher, such as 4GB, or check the file without --engine`);
    throw new UserError(`${dataPath}: DuckDB could not compute the KPIs: ${message}; check the file's format and columns`);
  };
  try {
    // The columns every KPI reads, checked first with check's own message, before any long scan.
    let names: string[] = [];
    const types = new Map<string, string>();
    try {
      const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${sourceSql({ path: absolute })}`);
      for (const r of described.getRowObjects()) types.set(String(r['column_name']), String(r['column_type']));
      names = [...types.keys()];
    } catch (err) {
      explain(err);
    }
    for (const kpi of sla.metrics) {
      for (const column of columnsOf(kpi)) {
        if (!names.includes(column)) throw new UserError(`${dataPath}: KPI "${kpi.id}" needs the column "${column}", which the data does not have (columns: ${names.slice(0, 12).join(', ') || 'none'})`);
      }
    }
    // Typed columns (Parquet, JSON) are read as such; a CSV's are all text, as sla check reads them.
    const query = compile(types);
    let rows: Record<string, unknown>[] = [];
    try {
      rows = (await connection.runAndReadAll(query)).getRowObjects() as Record<string, unknown>[];
    } catch (err) {
      explain(err);
    }
    const checker = new AggregatesChecker(sla, { period: options.period as PeriodKind | undefined, from: options.from, to: options.to, allowMissing: options.allowMissing });
    checker.header([...AGGREGATE_COLUMNS]);
    rows.forEach((r, i) => checker.row(AGGREGATE_COLUMNS.map((c) => (r[c] === null || r[c] === undefined ? '' : String(r[c]))), i + 2));
    return { slaFile: slaInput.file, csvFile: dataPath, csvPath: dataPath, sla, input: slaInput, result: checker.finish() };
  } catch (err) {
    if (err instanceof CheckInputError) throw new UserError(`${dataPath}: the query's result, row ${err.row}: ${err.message} (a bug in sla sql: please report it)`);
    throw err;
  } finally {
    connection.closeSync();
    instance.closeSync();
    rmSync(spill, { recursive: true, force: true });
  }
}
