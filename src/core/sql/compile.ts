// `sla sql`: one query that computes every KPI per period where the data lives, returning
// kpi, period, start, end, actual, samples, the shape `sla check --aggregates` evaluates. Pure: strings
// only. The semantics are the streaming engine's (core/check), reproduced rather than approximated:
// - the local day of a row comes from the zone's offsets computed here (calendar/zone.ts, the
//   engine's own) and written into the query as a CASE over the transition instants, so the engine's
//   time-zone rules never decide a period, and a timestamp without offset is read as local time;
// - the periods (their keys and first and last days) are listed here by core/check/time.ts and joined
//   as VALUES tables, so an ISO week or a quarter means what it means to `sla check`;
// - percentiles are check's exact definition (Hyndman & Fan type 7, aggregate.ts), computed with
//   row_number() over the ordered values and the same interpolation a + (h − lo)·(b − a) in doubles.
import { BusinessCalendar } from '../calendar/business-hours.js';
import { offsetsOf } from '../calendar/zone.js';
import { formatDay } from '../dates.js';
import { durationMinutes, parseDuration } from '../duration.js';
import type { Kpi, Sla } from '../model.js';
import { measuredWindow } from '../check/aggregates.js';
import { MAX_RESULTS, periodCount, periodsBetween, type PeriodKind } from '../check/time.js';
import { columnsOf, timestampColumnOf } from '../check/engine.js';

export type Dialect = 'duckdb' | 'postgres' | 'trino' | 'bigquery' | 'spark';
export const DIALECTS: readonly Dialect[] = ['duckdb', 'postgres', 'trino', 'bigquery', 'spark'];

export type SqlSource = { table: string } | { path: string };

export interface SqlOptions {
  dialect: Dialect;
  source: SqlSource;
  /**
   * The source's column types when known (--engine duckdb asks DuckDB first): typed timestamps and
   * numbers (Parquet, JSON) are read as such instead of through their text. Absent: every cell as text.
   */
  types?: ReadonlyMap<string, string> | undefined;
  period?: PeriodKind | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** Holidays beyond scope.coverage.holidays (the holiday calendar file), for business-hours clocks. */
  holidays?: readonly string[] | undefined;
}

/** Days after the measured range the business calendar table reaches: an end later than that stops the query. */
export const BUSINESS_DAYS_AFTER = 400;

/** What sla sql cannot compile, with the KPI it is about (the command names both). */
export class SqlCompileError extends Error {
  constructor(message: string, readonly kpi?: string) {
    super(message);
    this.name = 'SqlCompileError';
  }
}

const PERCENTILES: Partial<Record<Kpi['measure']['aggregate'], number>> = { median: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 };
const MS_PER_DAY = 86_400_000;

/** "a" → "a"; a"b → "a""b": every identifier quoted, whatever it holds (in the dialect being compiled). */
export const quoteIdent = (name: string): string => D.ident(name);
/** A string literal in the dialect being compiled (standard quotes doubled, or backslash escapes). */
export const quoteText = (text: string): string => D.text(text);
/** A double written so the engine reads exactly this IEEE value (never a DECIMAL literal). */
const dbl = (x: number): string => `CAST(${quoteText(String(x))} AS ${D.double})`;

/** Refuses NUL, which no engine takes in an identifier or literal and which would cut the text short. */
function plainText(text: string, what: string, kpi?: string): string {
  if (text.includes('\u0000')) throw new SqlCompileError(`${what} holds a NUL character, which SQL cannot carry`, kpi);
  return text;
}

/** What differs between the engines; everything else in the query is the SQL they share. */
interface DialectOps {
  name: Dialect;
  ident(name: string): string;
  text(text: string): string;
  double: string;
  varchar: string;
  bigint: string;
  materialized: string;
  /** Stops the query with a message (a string expression); typed as a double, where the engine asks. */
  fail(message: string): string;
  /** Whether a text matches a regular expression (the pattern holds no backslash and no quote). */
  matches(value: string, pattern: string): string;
  /** Epoch ms of a timestamp text with an offset (Z, +01:00). */
  instantMs(value: string): string;
  /** Epoch ms of a timestamp text without an offset, its wall clock read as UTC (the zone is applied after, by the CASEs). */
  localMs(value: string): string;
  /** A number, or NULL when the text is not one. */
  tryDouble(value: string): string;
  /** A CTE of constant rows with named columns (typed where the engine asks). */
  valuesCte(name: string, columns: [string, string][], rows: string[][]): string;
  /** The same rows as a table in a FROM clause, under an alias. */
  valuesTable(alias: string, columns: [string, string][], rows: string[][]): string;
  /** Each period's days from first to last (the periods CTE's columns), as kind, day, period. */
  days(first: string, last: string): string;
  /** A day number (days since 1970-01-01) as YYYY-MM-DD text. */
  dayText(day: string): string;
  /** Appended inside each derived table of the data scan: PostgreSQL's OFFSET 0 keeps it a subquery. */
  fence: string;
  /** list: DuckDB's sorted list; cont: percentile_cont; rank: row_number then interpolation. */
  percentile: 'list' | 'cont' | 'rank';
  /** Said in the query where it computes a percentile. */
  percentileNote?: string;
}

/** Standard SQL literals (quotes doubled, backslashes literal) and "identifiers". */
const standardText = (t: string) => `'${t.replace(/'/g, "''")}'`;
const standardIdent = (n: string) => `"${n.replace(/"/g, '""')}"`;
/** Literals where a backslash escapes (BigQuery, Spark): backslash, quote and line ends escaped. */
const escapedText = (t: string) => `'${t.replace(/[\\'\n\r\t]/g, (c) => ({ '\\': '\\\\', "'": "\\'", '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}'`;
const structs = (cols: [string, string][], rows: string[][]) => rows.map((r) => `STRUCT(${r.map((v, i) => `${v} AS ${cols[i]![0]}`).join(', ')})`);
const tableOfRows = (rows: string[][]) => rows.map((r) => `(${r.join(', ')})`).join(',\n  ');
/** A timestamp text without an offset made an ISO instant in UTC (a date alone gets midnight). */
const asUtc = (v: string) => `concat(CASE WHEN length(${v}) = 10 THEN concat(${v}, 'T00:00:00') ELSE ${v} END, 'Z')`;
const RANK_NOTE = (engine: string, approx: string) => `Percentiles are exact (sla check's definition, type 7): row_number() over the ordered values, then linear interpolation between the two ranks around (n - 1) * p; ${engine}'s ${approx} is approximate and is not used.`;

const OPS: Record<Dialect, DialectOps> = {
  duckdb: {
    name: 'duckdb', ident: standardIdent, text: standardText, double: 'DOUBLE', varchar: 'VARCHAR', bigint: 'BIGINT', materialized: 'MATERIALIZED ',
    fail: (m) => `error(${m})`,
    matches: (v, p) => `regexp_matches(${v}, '${p}')`,
    instantMs: (v) => `epoch_ms(CAST(${v} AS TIMESTAMPTZ))`,
    localMs: (v) => `epoch_ms(CAST(${v} AS TIMESTAMP))`,
    tryDouble: (v) => `TRY_CAST(${v} AS DOUBLE)`,
    valuesCte: (name, cols, rows) => `${name} (${cols.map((c) => c[0]).join(', ')}) AS (VALUES\n  ${tableOfRows(rows)})`,
    valuesTable: (alias, cols, rows) => `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${alias}(${cols.map((c) => c[0]).join(', ')})`,
    days: (first, last) => `SELECT kind, CAST(unnest(range(${first}, ${last} + 1)) AS BIGINT) AS day, period FROM periods`,
    dayText: (day) => `CAST(CAST(DATE '1970-01-01' + CAST(${day} AS INTEGER) AS DATE) AS VARCHAR)`,
    percentile: 'list',
    fence: '',
  },
  postgres: {
    name: 'postgres', ident: standardIdent, text: standardText, double: 'DOUBLE PRECISION', varchar: 'VARCHAR', bigint: 'BIGINT', materialized: 'MATERIALIZED ',
    // PostgreSQL has no error function in plain SQL: a failing cast carries the message. random() keeps
    // the planner from folding the constant (and failing) before any row needs it.
    fail: (m) => `CAST((${m}) || substr(CAST(random() AS VARCHAR), 1, 0) AS DOUBLE PRECISION)`,
    matches: (v, p) => `(${v} ~ '${p}')`,
    instantMs: (v) => `CAST(extract(epoch FROM CAST(${v} AS TIMESTAMPTZ)) * 1000 AS BIGINT)`,
    localMs: (v) => `CAST(extract(epoch FROM CAST(${v} AS TIMESTAMP)) * 1000 AS BIGINT)`,
    // No TRY_CAST: the decimal forms sla check reads, cast only when the text is one.
    tryDouble: (v) => `CASE WHEN ${v} ~ '^[+-]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][+-]?[0-9]+)?$' THEN CAST(${v} AS DOUBLE PRECISION) END`,
    valuesCte: (name, cols, rows) => `${name} (${cols.map((c) => c[0]).join(', ')}) AS (VALUES\n  ${tableOfRows(rows)})`,
    valuesTable: (alias, cols, rows) => `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${alias}(${cols.map((c) => c[0]).join(', ')})`,
    days: (first, last) => `SELECT kind, CAST(generate_series(${first}, ${last}) AS BIGINT) AS day, period FROM periods`,
    dayText: (day) => `to_char(DATE '1970-01-01' + CAST(${day} AS INTEGER), 'YYYY-MM-DD')`,
    percentile: 'cont',
    // Without the fence the planner flattens the nested selects and pastes each offset CASE into every
    // use of its column: the expression grows exponentially and a 100-row query runs for minutes.
    fence: ' OFFSET 0',
  },
  trino: {
    name: 'trino', ident: standardIdent, text: standardText, double: 'DOUBLE', varchar: 'VARCHAR', bigint: 'BIGINT', materialized: '',
    fail: (m) => `CAST(fail(${m}) AS DOUBLE)`,
    matches: (v, p) => `regexp_like(${v}, '${p}')`,
    instantMs: (v) => `CAST(round(to_unixtime(from_iso8601_timestamp(${v})) * 1000) AS BIGINT)`,
    localMs: (v) => `CAST(round(to_unixtime(from_iso8601_timestamp(${asUtc(v)})) * 1000) AS BIGINT)`,
    tryDouble: (v) => `TRY_CAST(${v} AS DOUBLE)`,
    valuesCte: (name, cols, rows) => `${name} AS (SELECT * FROM (VALUES\n  ${tableOfRows(rows)}) AS v(${cols.map((c) => c[0]).join(', ')}))`,
    valuesTable: (alias, cols, rows) => `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${alias}(${cols.map((c) => c[0]).join(', ')})`,
    days: (first, last) => `SELECT p.kind, CAST(d.day AS BIGINT) AS day, p.period FROM periods AS p CROSS JOIN UNNEST(sequence(${first.replace('ps', 'p.ps')}, ${last.replace('pe', 'p.pe')})) AS d(day)`,
    dayText: (day) => `CAST(date_add('day', CAST(${day} AS BIGINT), DATE '1970-01-01') AS VARCHAR)`,
    percentile: 'rank',
    percentileNote: RANK_NOTE('Trino', 'approx_percentile'),
    fence: '',
  },
  bigquery: {
    name: 'bigquery',
    ident: (n) => `\`${n.replace(/[\\`]/g, (c) => `\\${c}`)}\``,
    text: escapedText, double: 'FLOAT64', varchar: 'STRING', bigint: 'INT64', materialized: '',
    fail: (m) => `ERROR(${m})`,
    matches: (v, p) => `REGEXP_CONTAINS(${v}, '${p}')`,
    instantMs: (v) => `UNIX_MILLIS(TIMESTAMP(${v}))`,
    localMs: (v) => `UNIX_MILLIS(TIMESTAMP(${v}, 'UTC'))`,
    tryDouble: (v) => `SAFE_CAST(${v} AS FLOAT64)`,
    // No VALUES in BigQuery: an array of structs, unnested (each element names its fields).
    valuesCte: (name, cols, rows) => `${name} AS (SELECT * FROM UNNEST([\n  ${structs(cols, rows).join(',\n  ')}]))`,
    valuesTable: (alias, cols, rows) => `(SELECT * FROM UNNEST([${structs(cols, rows).join(', ')}])) AS ${alias}`,
    days: (first, last) => `SELECT p.kind, day, p.period FROM periods AS p CROSS JOIN UNNEST(GENERATE_ARRAY(${first.replace('ps', 'p.ps')}, ${last.replace('pe', 'p.pe')})) AS day`,
    dayText: (day) => `CAST(DATE_FROM_UNIX_DATE(CAST(${day} AS INT64)) AS STRING)`,
    percentile: 'rank',
    percentileNote: RANK_NOTE('BigQuery', 'APPROX_QUANTILES'),
    fence: '',
  },
  spark: {
    name: 'spark',
    ident: (n) => `\`${n.replace(/`/g, '``')}\``,
    text: escapedText, double: 'DOUBLE', varchar: 'STRING', bigint: 'BIGINT', materialized: '',
    fail: (m) => `CAST(raise_error(${m}) AS DOUBLE)`,
    matches: (v, p) => `(${v} RLIKE '${p}')`,
    instantMs: (v) => `unix_millis(CAST(${v} AS TIMESTAMP))`,
    localMs: (v) => `unix_millis(CAST(${asUtc(v)} AS TIMESTAMP))`,
    tryDouble: (v) => `TRY_CAST(${v} AS DOUBLE)`,
    valuesCte: (name, cols, rows) => `${name} AS (SELECT * FROM (VALUES\n  ${tableOfRows(rows)}) AS v(${cols.map((c) => c[0]).join(', ')}))`,
    valuesTable: (alias, cols, rows) => `(VALUES ${rows.map((r) => `(${r.join(', ')})`).join(', ')}) AS ${alias}(${cols.map((c) => c[0]).join(', ')})`,
    days: (first, last) => `SELECT kind, explode(sequence(CAST(${first} AS BIGINT), CAST(${last} AS BIGINT))) AS day, period FROM periods`,
    dayText: (day) => `CAST(date_add(DATE '1970-01-01', CAST(${day} AS INT)) AS STRING)`,
    percentile: 'rank',
    // Spark's percentile() is exact too, but computes (1 − f)·a + f·b, not check's a + f·(b − a).
    percentileNote: RANK_NOTE('Spark', 'percentile_approx'),
    fence: '',
  },
};

/** The dialect of the query being compiled (compileSql sets it; DuckDB outside a call). */
let D: DialectOps = OPS.duckdb;

/** The table a query reads: --table (schema-qualified with dots) or --source (a file or glob, DuckDB). */
export function sourceSql(source: SqlSource): string {
  if ('table' in source) return source.table.split('.').map((p) => quoteIdent(plainText(p, 'the table name'))).join('.');
  // Only DuckDB reads files by path with a header row and every cell as text: elsewhere a table or view.
  if (D.name !== 'duckdb') throw new SqlCompileError(`--source reads a file through DuckDB only; for --dialect ${D.name} load the data into a table or view (every column as text, or typed) and give its name as --table NAME`);
  const path = plainText(source.path, 'the source path');
  const lower = path.toLowerCase();
  // Every cell as text, as sla check reads a CSV: the same number parsing and where comparisons.
  if (/\.(csv|tsv|txt)(\.gz|\.zst)?$/.test(lower)) return `read_csv(${quoteText(path)}, header = true, all_varchar = true)`;
  if (/\.parquet$/.test(lower)) return `read_parquet(${quoteText(path)})`;
  if (/\.(json|jsonl|ndjson)(\.gz)?$/.test(lower)) return `read_json_auto(${quoteText(path)})`;
  throw new SqlCompileError(`the source ${path} has no extension sla sql knows: name a .csv, .tsv, .parquet, .json or .jsonl file (or glob), or use --table`);
}

/** The zone's offset changes between two instants (UTC ms), found with the engine's own offsets: per UTC day, and to the quarter hour on the days it changes. */
function transitions(zone: string, from: number, to: number): { first: number; changes: { at: number; offset: number }[] } {
  const z = offsetsOf(zone);
  const changes: { at: number; offset: number }[] = [];
  let current = z.at(from);
  for (let t = from + MS_PER_DAY; t <= to; t += MS_PER_DAY) {
    const next = z.at(t);
    if (next === current) continue;
    // The change happened during the day before t: find its quarter hour.
    let at = t - MS_PER_DAY;
    while (z.at(at) === current) at += 15 * 60_000;
    changes.push({ at, offset: z.at(at) });
    current = next;
  }
  return { first: z.at(from), changes };
}

/**
 * The zone's offset at an instant (UTC ms) as a CASE over its transitions within the range, found
 * with the engine's own offsets: per UTC day, and to the quarter hour on the days it changes.
 */
export function offsetCase(zone: string, lo: number, hi: number, instant: string): string {
  const { first, changes } = transitions(zone, (lo - 2) * MS_PER_DAY, (hi + 3) * MS_PER_DAY);
  if (changes.length === 0) return String(first);
  let sql = `CASE`;
  let before = first;
  for (const c of changes) {
    sql += ` WHEN ${instant} < ${c.at} THEN ${before}`;
    before = c.offset;
  }
  return `${sql} ELSE ${before} END`;
}

/** The instants a duration may take, as sla check bounds them (clock.ts: the years 1900 to 2199). */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(2200, 0, 1);
const zoneTrees = new Map<string, { first: number; changes: { at: number; offset: number }[] }>();

/**
 * The zone's offset at any instant from 1900 to 2199 as a balanced tree of CASEs (a few hundred
 * changes in a zone with daylight saving, so about nine comparisons a row): a duration's end may lie
 * anywhere after its start, not only in the measured range. `instant` must be a plain column name.
 */
function offsetTree(zone: string, instant: string): string {
  let t = zoneTrees.get(zone);
  if (t === undefined) zoneTrees.set(zone, (t = transitions(zone, EARLIEST - MS_PER_DAY, LATEST + MS_PER_DAY)));
  const { first, changes } = t;
  // Offsets of the spans: before changes[0], then from each change on.
  const offsets = [first, ...changes.map((c) => c.offset)];
  const tree = (a: number, b: number): string => {
    // The spans a..b; span k starts at changes[k - 1].at.
    if (a === b) return String(offsets[a]);
    const mid = (a + b + 1) >> 1;
    return `CASE WHEN ${instant} < ${changes[mid - 1]!.at} THEN ${tree(a, mid - 1)} ELSE ${tree(mid, b)} END`;
  };
  return tree(0, offsets.length - 1);
}

/** A cell as text, trimmed: CSV cells come as text already; Parquet and JSON values are cast. */
const text = (column: string) => `trim(CAST(${quoteIdent(column)} AS ${D.varchar}))`;

const NUMERIC = /^(DOUBLE|FLOAT|REAL|DECIMAL(\(.*\))?|TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/;
const INSTANT = /^TIMESTAMP WITH TIME ZONE$/;
const LOCAL = /^(TIMESTAMP|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|DATETIME|DATE)$/;

/** A numeric cell: empty is missing (NULL), as in sla check; a count (ratio) must not be negative. */
function numberSql(column: string, count: boolean, types?: ReadonlyMap<string, string>): string {
  const v = NUMERIC.test(types?.get(column) ?? '') ? `CAST(${quoteIdent(column)} AS ${D.double})` : `CAST(NULLIF(${text(column)}, '') AS ${D.double})`;
  if (!count) return v;
  return `CASE WHEN ${v} < 0 THEN ${D.fail(quoteText(`the column "${column}" holds a negative value, but the KPI counts events in it: a count is 0 or more`))} ELSE ${v} END`;
}

/** The comparison a where filter makes: the text as written, or the same number (sla check's rule). */
function filterSql(column: string, value: unknown): string {
  const cell = `CAST(${quoteIdent(column)} AS ${D.varchar})`;
  const exact = `${cell} = ${quoteText(String(value))}`;
  if (typeof value !== 'number') return exact;
  return `(${exact} OR ${D.tryDouble(`NULLIF(trim(${cell}), '')`)} = ${dbl(value)})`;
}

interface KpiPlan {
  kpi: Kpi;
  index: number;
  kind: PeriodKind;
}

/** The query; throws SqlCompileError for what it cannot express, naming the KPI. */
export function compileSql(sla: Sla, options: SqlOptions): string {
  // The helpers below write the dialect of the query being compiled (set for this synchronous call).
  const outer = D;
  D = OPS[options.dialect];
  try {
    // Column types come from DuckDB's own description of a file (--engine duckdb) only.
    return compileIn(sla, options.dialect === 'duckdb' ? options : { ...options, types: undefined });
  } finally {
    D = outer;
  }
}

function compileIn(sla: Sla, options: SqlOptions): string {
  const { lo, hi } = measuredWindow(sla, options);
  if (hi === Infinity) throw new SqlCompileError(`the agreement has no end of term (no expires, no term): give --to YYYY-MM-DD, the last day the query measures, so it can list the periods`);
  const plans: KpiPlan[] = sla.metrics.map((kpi, index) => ({ kpi, index, kind: options.period ?? kpi.period }));
  // The data section (ticket-export timestamps, duration text, column names, priority names) is read
  // by the streaming engine only; a query that ignored it would measure other figures.
  if (sla.data !== undefined) throw new SqlCompileError(`the agreement has a data section (${Object.keys(sla.data).join(', ')}), which sla sql does not compile yet: check this data with sla check (docs/sources.md)`);
  const named = sla.expectations?.priorities?.find((p) => p.matches !== undefined && p.matches.length > 0);
  if (named) throw new SqlCompileError(`priority "${named.id}" lists the names the data uses for it (matches), which sla sql does not compile yet: check this data with sla check (docs/sources.md)`);
  for (const { kpi } of plans) refuseUnsupported(kpi);
  if (lo > hi) {
    // --from/--to outside the term: nothing to measure, and check says so with one "all" without data per KPI.
    return [
      `-- sla sql: --from/--to leave no day of ${sla.id}'s term to measure; every KPI is without data.`,
      plans.map((p) => `SELECT ${quoteText(p.kpi.id)} AS kpi, 'all' AS period, CAST(NULL AS ${D.varchar}) AS start, CAST(NULL AS ${D.varchar}) AS ${quoteIdent('end')}, CAST(NULL AS ${D.double}) AS actual, CAST(0 AS ${D.bigint}) AS samples`).join('\nUNION ALL\n') + ';',
      '',
    ].join('\n');
  }
  const kinds = [...new Set(plans.map((p) => p.kind).filter((k) => k !== 'all'))] as Exclude<PeriodKind, 'all'>[];
  // The periods VALUES table: at most as many rows as a check evaluates results (MAX_RESULTS).
  const listed = kinds.reduce((n, kind) => n + periodCount(kind, lo, hi), 0);
  if (listed > MAX_RESULTS) throw new SqlCompileError(`the measured range ${formatDay(lo)} to ${formatDay(hi)} holds ${listed.toLocaleString('en-US')} ${kinds.join(', ')} periods, more than the ${MAX_RESULTS.toLocaleString('en-US')} a check evaluates: limit it with --from/--to, or use a longer --period`);

  const src = sourceSql(options.source);
  const ctes: string[] = [];
  // The periods of each kind over the measured range, whole calendar spans (check's periodsBetween).
  const periodRows: string[][] = [];
  for (const kind of kinds) {
    for (const p of periodsBetween(kind, lo, hi)) periodRows.push([quoteText(kind), quoteText(p.key), String(p.start), String(p.end)]);
  }
  if (kinds.length > 0) {
    ctes.push(D.valuesCte('periods', [['kind', D.varchar], ['period', D.varchar], ['ps', D.bigint], ['pe', D.bigint]], periodRows));
    // Each measured day with its period, for an equality join (a row finds its period by its day).
    ctes.push(`days AS (${D.days(`greatest(ps, ${lo})`, `least(pe, ${hi})`)})`);
  }
  const offset = (u: string) => offsetCase(sla.timezone, lo, hi, u);
  // Business-hours clocks: check's calendar (coverage windows, holidays, the coverage's zone) as a
  // table of each day's window and the business ms before it, from two days before the range to
  // BUSINESS_DAYS_AFTER days after it; business time between two instants is a difference of totals.
  const calendar = plans.some((p) => measuresDuration(p.kpi) && p.kpi.measure.duration!.clock === 'business')
    ? new BusinessCalendar(sla.scope.coverage, sla.timezone, options.holidays ?? [])
    : undefined;
  if (calendar !== undefined) {
    const rowsBh: string[][] = [];
    let cum = 0;
    for (let day = lo - 2; day <= hi + BUSINESS_DAYS_AFTER; day++) {
      const w = calendar.window(day);
      const o = w ? w[0] : day * MS_PER_DAY, c = w ? w[1] : day * MS_PER_DAY;
      rowsBh.push([String(day), String(o), String(c), String(cum)]);
      cum += c - o;
    }
    ctes.push(D.valuesCte('bh', [['day', D.bigint], ['o', D.bigint], ['c', D.bigint], ['cum', D.bigint]], rowsBh));
  }
  // One scan of the data for all KPIs: the columns they read and the local day of each timestamp
  // column, computed once per row (materialized: each KPI reads it again, the files only once).
  const tsColumns = [...new Set(plans.map((p) => timestampColumnOf(p.kpi)))];
  // The timestamp columns of durations, read as instants (a local time through the zone's offsets).
  const durations = plans.filter((p) => measuresDuration(p.kpi));
  const instantColumns = [...new Set(durations.flatMap((p) => [p.kpi.measure.duration!.from, p.kpi.measure.duration!.to]))];
  const timeColumns = [...new Set([...tsColumns, ...instantColumns])];
  const used = [...new Set(plans.flatMap((p) => columnsOf(p.kpi)))];
  let rows = `SELECT ${used.map(quoteIdent).join(', ')} FROM ${src}`;
  timeColumns.forEach((column, j) => {
    const type = options.types?.get(column) ?? '';
    const isTs = tsColumns.includes(column);
    if (INSTANT.test(type) || LOCAL.test(type)) {
      // A typed column is its own instant (with time zone) or local time (without), with no text between.
      const u = INSTANT.test(type) ? `epoch_ms(${quoteIdent(column)})` : `epoch_ms(CAST(${quoteIdent(column)} AS TIMESTAMP))`;
      rows = `SELECT *, ${INSTANT.test(type)} AS __z${j}, ${u} AS __u${j} FROM (${rows}${D.fence}) AS s${j}a`;
    } else {
      // An empty end is an open row (NULL); an empty period column stays an error (the cast refuses '').
      const cell = isTs ? text(column) : `NULLIF(${text(column)}, '')`;
      rows = [
        `SELECT *, CASE WHEN __z${j} THEN ${D.instantMs(`__t${j}`)} ELSE ${D.localMs(`__t${j}`)} END AS __u${j} FROM (`,
        // An offset at the end of the text (Z, +01:00, +0100, +01) makes an instant; without one the
        // timestamp is a local time in the SLA's zone, its date the local date (as sla check reads it).
        `  SELECT *, (length(__t${j}) > 10 AND ${D.matches(`__t${j}`, '([zZ]|[+-][0-9]{2}(:?[0-9]{2})?)$')}) AS __z${j} FROM (`,
        `    SELECT *, ${cell} AS __t${j} FROM (${rows}${D.fence}) AS s${j}a${D.fence}) AS s${j}b${D.fence}) AS s${j}c`,
      ].join('\n');
    }
    if (isTs) {
      rows = `SELECT *, CAST(floor(CAST(CASE WHEN __z${j} THEN __u${j} + (${offset(`__u${j}`)}) ELSE __u${j} END AS ${D.double}) / ${MS_PER_DAY}) AS ${D.bigint}) AS __day${j} FROM (${rows}${D.fence}) AS s${j}d`;
    }
    if (instantColumns.includes(column)) {
      // check's toUtc: local − offset(local − offset(local)); a wall time a DST jump skips lands just after it.
      rows = `SELECT *, CASE WHEN __z${j} THEN __u${j} ELSE __u${j} - (${offsetTree(sla.timezone, `__a${j}`)}) END AS __i${j} FROM (SELECT *, __u${j} - (${offsetTree(sla.timezone, `__u${j}`)}) AS __a${j} FROM (${rows}${D.fence}) AS s${j}e${D.fence}) AS s${j}f`;
      // The instant's day in the coverage's zone, the business calendar's day.
      if (calendar !== undefined) rows = `SELECT *, CAST(floor(CAST(__i${j} + (${offsetTree(calendar.zone, `__i${j}`)}) AS ${D.double}) / ${MS_PER_DAY}) AS ${D.bigint}) AS __b${j} FROM (${rows}${D.fence}) AS s${j}g`;
    }
  });
  ctes.push(`data AS ${D.materialized}(\n${rows}\n)`);
  const dayOf = (p: KpiPlan) => `__day${timeColumns.indexOf(timestampColumnOf(p.kpi))}`;
  const instantOf = (column: string) => `__i${timeColumns.indexOf(column)}`;
  const businessOf = (column: string) => `__b${timeColumns.indexOf(column)}`;
  for (const p of durations) ctes.push(`d${p.index} AS (\n${durationRows(p, sla, dayOf(p), instantOf, businessOf, lo, hi, calendar, options.types)}\n)`);
  // The end of the data, for open rows: the latest instant any duration read (check's DataEnd).
  if (durations.length > 0) {
    const latest = `SELECT max(greatest(s, COALESCE(e, s))) AS latest FROM (${durations.map((p) => `SELECT s, e FROM d${p.index}`).join(' UNION ALL ')}) AS x`;
    // On a business clock, also its total at that instant (NULL beyond the calendar table).
    ctes.push(calendar === undefined
      ? `data_end AS (${latest})`
      : `data_end AS (SELECT l.latest, ${totalSql('l.latest', 'b')} AS tlatest FROM (SELECT latest, CAST(floor(CAST(latest + (${offsetTree(calendar.zone, 'latest')}) AS ${D.double}) / ${MS_PER_DAY}) AS ${D.bigint}) AS day FROM (${latest}) AS y) AS l LEFT JOIN bh AS b ON b.day = l.day)`);
  }
  for (const p of plans) ctes.push(`m${p.index} AS (\n${measuresDuration(p.kpi) ? durationValues(p, calendar) : measuredRows(p, dayOf(p), lo, hi, options.types)}\n)`);
  const fromGiven = options.from !== undefined, toGiven = options.to !== undefined;
  const allDays = plans.map((p) => `SELECT day FROM m${p.index}`).join(' UNION ALL ');
  // Exactly one row: scalar subqueries, so --from/--to constants do not repeat per measured row.
  ctes.push(`measured_days AS (${allDays})`);
  ctes.push(`bounds AS (SELECT ${fromGiven ? `CAST(${lo} AS ${D.bigint})` : '(SELECT min(day) FROM measured_days)'} AS first, ${toGiven ? `CAST(${hi} AS ${D.bigint})` : '(SELECT max(day) FROM measured_days)'} AS last)`);
  for (const p of plans) {
    ctes.push(`a${p.index} AS (\n${aggregateSql(p)}\n)`);
    ctes.push(`r${p.index} AS (\n${resultSql(p, lo, hi)}\n)`);
  }
  const union = plans.map((p) => `SELECT ${p.index} AS o, * FROM r${p.index}`).join('\nUNION ALL\n');
  const percentiles = plans.some((p) => PERCENTILES[p.kpi.measure.aggregate] !== undefined) && D.percentileNote !== undefined;
  return [
    `-- sla sql: every KPI of ${sla.id} per period, in ${sla.timezone}, from ${formatDay(lo)} to ${formatDay(hi)} (dialect ${options.dialect}).`,
    `-- Columns: kpi, period, start, end, actual, samples; give the result to: sla check SLA --aggregates RESULT.csv`,
    ...(percentiles ? [`-- ${D.percentileNote}`] : []),
    `WITH ${ctes.join(',\n')}`,
    `SELECT kpi, period, start, ${quoteIdent('end')}, actual, samples FROM (\n${union}\n) AS results\nORDER BY o, ps, period;`,
    '',
  ].join('\n');
}

/** A KPI whose rows are durations between two timestamp columns (count only counts rows). */
const measuresDuration = (kpi: Kpi): boolean => kpi.measure.duration !== undefined && kpi.measure.aggregate !== 'count';

function refuseUnsupported(kpi: Kpi): void {
  const m = kpi.measure;
  if (measuresDuration(kpi)) {
    const d = m.duration!;
    if (d.pauses !== undefined && d.pauses.length > 0) throw new SqlCompileError(`KPI "${kpi.id}" deducts pauses between pairs of columns (${d.pauses.map((p) => `${p.from} to ${p.to}`).join(', ')}); sla sql does not compile pause intervals yet (a paused minutes column it does): check it with sla check on a CSV export (docs/sql.md)`, kpi.id);
  }
  if (m.promql !== undefined) throw new SqlCompileError(`KPI "${kpi.id}" is measured by a PromQL query, not from a table`, kpi.id);
  plainText(JSON.stringify(m), `KPI "${kpi.id}"'s measure`, kpi.id);
}

/** The filters every KPI applies: the day inside the range, the metric, where. */
function conditionsOf(kpi: Kpi, day: string, lo: number, hi: number): string[] {
  const m = kpi.measure;
  const conditions: string[] = [`${day} BETWEEN ${lo} AND ${hi}`];
  if (m.metric !== undefined) conditions.push(`CAST(${quoteIdent('metric')} AS ${D.varchar}) = ${quoteText(m.metric)}`);
  for (const [column, value] of Object.entries(m.where ?? {})) conditions.push(filterSql(column, value));
  return conditions;
}

/** Minutes of a duration text on the calendar clock (check's minutesOf: a day is 8 hours of work). */
function minutesOf(kpi: Kpi, value: string, dayMinutes = 8 * 60): number {
  const d = parseDuration(value);
  if (!d) throw new SqlCompileError(`KPI "${kpi.id}": "${value}" is not a duration`, kpi.id);
  return durationMinutes(d, dayMinutes);
}

/** check's BusinessCalendar.totalAt: the business ms before the day, plus the part of its window before the instant. */
const totalSql = (instant: string, bh: string) => `${bh}.cum + CASE WHEN ${instant} <= ${bh}.o THEN 0 WHEN ${instant} >= ${bh}.c THEN ${bh}.c - ${bh}.o ELSE ${instant} - ${bh}.o END`;

/** The measured rows of a duration KPI: the day, start and end instants (ms, end NULL when open), paused minutes, the row's threshold. */
function durationRows({ kpi, index }: KpiPlan, sla: Sla, day: string, instantOf: (column: string) => string, businessOf: (column: string) => string, lo: number, hi: number, calendar: BusinessCalendar | undefined, types?: ReadonlyMap<string, string>): string {
  const m = kpi.measure;
  const d = m.duration!;
  const target = m.aggregate === 'attainment' ? m.threshold?.target : undefined;
  const paused = d.paused !== undefined ? `COALESCE(${numberSql(d.paused, false, types)}, ${dbl(0)})` : dbl(0);
  let from = 'data';
  const business = d.clock === 'business' ? calendar : undefined;
  const dayMinutes = business ? business.dayMinutes : 8 * 60;
  let thr = m.aggregate === 'attainment' && target === undefined ? dbl(thresholdOf(kpi, dayMinutes)) : dbl(0);
  if (target !== undefined) {
    // Each row's own priority's target, in minutes: a VALUES table joined on the priority column.
    const priorities = sla.expectations?.priorities ?? [];
    if (priorities.length === 0) throw new SqlCompileError(`KPI "${kpi.id}" compares each row with its priority's ${target} target, but the agreement lists no expectations.priorities`, kpi.id);
    const values = priorities.map((p) => [quoteText(plainText(p.id, 'a priority id', kpi.id)), dbl(minutesOf(kpi, String(p[target]), dayMinutes))]);
    from = `data LEFT JOIN ${D.valuesTable(`t${index}`, [['__id', D.varchar], ['__minutes', D.double]], values)} ON t${index}.__id = ${text(m.priorityColumn ?? 'priority')}`;
    thr = `t${index}.__minutes`;
  }
  const prio = target !== undefined ? `, ${text(m.priorityColumn ?? 'priority')} AS prio` : '';
  let totals = '';
  if (business) {
    // Each instant's business total (NULL when its day is outside the calendar table: an error later).
    from += ` LEFT JOIN bh AS bs${index} ON bs${index}.day = ${businessOf(d.from)} LEFT JOIN bh AS be${index} ON be${index}.day = ${businessOf(d.to)}`;
    totals = `, ${totalSql(instantOf(d.from), `bs${index}`)} AS ts, ${totalSql(instantOf(d.to), `be${index}`)} AS te, bs${index}.day IS NULL AS sout, (${instantOf(d.to)} IS NOT NULL AND be${index}.day IS NULL) AS eout`;
  }
  return [
    `  SELECT ${day} AS day, ${instantOf(d.from)} AS s, ${instantOf(d.to)} AS e, ${paused} AS p, ${thr} AS thr${prio}${totals} FROM ${from}`,
    `  WHERE ${conditionsOf(kpi, day, lo, hi).join('\n    AND ')}`,
  ].join('\n');
}

/** A KPI's unit per minute (check's unitFactor on the calendar clock). */
function unitFactor(unit: Kpi['unit'], dayMinutes = 1440): number {
  switch (unit) {
    case 'milliseconds': return 60_000;
    case 'seconds': return 60;
    case 'hours': return 1 / 60;
    case 'days': return 1 / dayMinutes;
    default: return 1;
  }
}

/**
 * The values of a duration KPI, with check's rules (clock.ts, engine.ts): minutes from start to end
 * less the paused minutes (a hair below zero is 0; more is an error); under attainment each row's
 * outcome against its threshold. An open row (no end) counts only under attainment with < or <=,
 * as failed, once the time it has run until the end of the data already misses its threshold; any
 * other open row is not counted.
 */
function durationValues({ kpi, index }: KpiPlan, calendar: BusinessCalendar | undefined): string {
  const m = kpi.measure;
  const d = m.duration!;
  const business = d.clock === 'business' ? calendar : undefined;
  const factor = unitFactor(kpi.unit, business ? business.dayMinutes : 1440);
  // Clock ms from start to end (closed rows) and from start to the end of the data (open rows).
  const spanClosed = business ? `CAST(te - ts AS ${D.double})` : `CAST(e - s AS ${D.double})`;
  const spanOpen = business ? `CAST(CASE WHEN x.latest > s THEN x.tlatest - ts ELSE 0 END AS ${D.double})` : `CAST(greatest(x.latest - s, 0) AS ${D.double})`;
  const op = m.threshold?.op ?? '<=';
  const attainment = m.aggregate === 'attainment';
  const fail = (message: string) => D.fail(quoteText(`KPI "${kpi.id}": ${message}`));
  const open = attainment && (op === '<' || op === '<=')
    ? `CASE WHEN ${spanOpen} / ${dbl(60_000)} - p ${op} thr THEN NULL ELSE ${dbl(0)} END`
    : `CAST(NULL AS ${D.double})`;
  const closed = attainment ? `CASE WHEN mc ${op} thr THEN ${dbl(1)} ELSE ${dbl(0)} END` : factor === 1 ? 'mc' : `mc * ${dbl(factor)}`;
  const noPriority = m.threshold?.target !== undefined
    ? `WHEN thr IS NULL THEN ${D.fail(`${quoteText(`KPI "${kpi.id}", column "${m.priorityColumn ?? 'priority'}": `)} || CASE WHEN prio IS NULL OR prio = '' THEN 'the priority is empty' ELSE ${quoteText('"')} || prio || ${quoteText('" is not a priority of the agreement')} END`)}`
    : '';
  return [
    `  SELECT day, v, ${dbl(0)} AS den FROM (`,
    `    SELECT day, CASE`,
    `      WHEN s IS NULL THEN ${fail(`the start timestamp in "${d.from}" is empty`)}`,
    `      WHEN s < ${EARLIEST} OR s >= ${LATEST} THEN ${fail(`a timestamp in "${d.from}" is not between the years 1900 and 2199`)}`,
    `      WHEN e < ${EARLIEST} OR e >= ${LATEST} THEN ${fail(`a timestamp in "${d.to}" is not between the years 1900 and 2199`)}`,
    `      WHEN e < s THEN ${fail(`an end in "${d.to}" is before its start in "${d.from}"`)}`,
    `      WHEN p < 0 THEN ${fail(`paused minutes in "${d.paused ?? ''}" cannot be negative`)}`,
    noPriority ? `      ${noPriority}` : '',
    business ? `      WHEN sout OR eout OR (e IS NULL AND x.tlatest IS NULL) THEN ${fail(`a timestamp in "${d.from}" or "${d.to}" (or the end of the data) is outside the business calendar the query holds, from 2 days before the measured range to ${BUSINESS_DAYS_AFTER} days after it: check this data with sla check`)}` : '',
    `      WHEN e IS NULL THEN ${open}`,
    `      WHEN m < -1e-9 THEN ${fail(`the paused minutes in "${d.paused ?? ''}" are longer than the time from start to end`)}`,
    `      ELSE ${closed} END AS v`,
    // m: minutes as check computes them, (end − start) / 60000 − paused; mc: a hair below zero is 0.
    `    FROM (SELECT *, CASE WHEN m < 0 THEN ${dbl(0)} ELSE m END AS mc FROM (SELECT *, ${spanClosed} / ${dbl(60_000)} - p AS m FROM d${index}) AS a) AS b, data_end AS x`,
    `  ) AS c WHERE v IS NOT NULL`,
  ].filter((l) => l !== '').join('\n');
}

/** The rows one KPI measures: the local day, the value and the denominator, inside the range. */
function measuredRows({ kpi }: KpiPlan, day: string, lo: number, hi: number, types?: ReadonlyMap<string, string>): string {
  const m = kpi.measure;
  const conditions = conditionsOf(kpi, day, lo, hi);
  const value = m.aggregate === 'count' ? dbl(1) : numberSql(m.column ?? 'value', m.aggregate === 'ratio', types);
  const den = m.aggregate === 'ratio' && m.denominator !== undefined ? numberSql(m.denominator, true, types) : dbl(0);
  return [
    `  SELECT day, v, den FROM (`,
    `    SELECT ${day} AS day, ${value} AS v, ${den} AS den FROM data`,
    `    WHERE ${conditions.join('\n      AND ')}`,
    `  ) AS c WHERE v IS NOT NULL AND den IS NOT NULL`,
  ].join('\n');
}

/** Threshold of an attainment over a value column: a number, or a duration text in minutes (check's minutesOf). */
function thresholdOf(kpi: Kpi, dayMinutes = 8 * 60): number {
  const t = kpi.measure.threshold;
  if (t === undefined) return 0;
  if (typeof t.value === 'number') return t.value;
  const d = typeof t.value === 'string' ? parseDuration(t.value) : undefined;
  if (!d) throw new SqlCompileError(`KPI "${kpi.id}": "${String(t.value)}" is not a duration`, kpi.id);
  return durationMinutes(d, dayMinutes);
}

/** One KPI's value and samples per period (or for 'all'). */
function aggregateSql({ kpi, index, kind }: KpiPlan): string {
  const m = kpi.measure;
  const joined = kind === 'all'
    ? `SELECT 'all' AS period, v, den FROM m${index}`
    : `SELECT d.period, x.v, x.den FROM m${index} AS x JOIN days AS d ON d.kind = ${quoteText(kind)} AND d.day = x.day`;
  const p = PERCENTILES[m.aggregate];
  if (p !== undefined && D.percentile === 'cont') {
    // PostgreSQL's percentile_cont is type 7 with the same interpolation, first + (second − first)·(h − lo).
    return `  SELECT period, percentile_cont(${dbl(p)}) WITHIN GROUP (ORDER BY v) AS actual, count(*) AS samples FROM (${joined}) AS j GROUP BY period`;
  }
  if (p !== undefined && D.percentile === 'rank') {
    // The exact two-pass form: each value's rank in its period (row_number over the ordered values),
    // then the values at ranks lo + 1 and lo + 2 and check's interpolation (no approximate percentile).
    const over = 'OVER (PARTITION BY period)';
    return [
      `  SELECT period, CASE WHEN b IS NULL OR h = lo THEN a ELSE a + (h - lo) * (b - a) END AS actual, n AS samples FROM (`,
      `    SELECT period, n, h, lo, max(CASE WHEN rn = lo + 1 THEN v END) AS a, max(CASE WHEN rn = lo + 2 THEN v END) AS b FROM (`,
      `      SELECT period, v, rn, n, h, floor(h) AS lo FROM (`,
      `        SELECT period, v, row_number() OVER (PARTITION BY period ORDER BY v) AS rn, count(*) ${over} AS n, CAST(count(*) ${over} - 1 AS ${D.double}) * ${dbl(p)} AS h`,
      `        FROM (${joined}) AS j) AS w) AS r GROUP BY period, n, h, lo) AS s`,
    ].join('\n');
  }
  if (p !== undefined) {
    // Type 7: h = (n − 1)·p, lo = floor(h); a, b the values at 1-based ranks lo + 1 and lo + 2 of the
    // sorted list (one sort per period, as check's selection; a list index past the end is NULL).
    return [
      `  SELECT period, CASE WHEN b IS NULL OR h = lo THEN a ELSE a + (h - lo) * (b - a) END AS actual, n AS samples FROM (`,
      `    SELECT period, n, h, lo, l[CAST(lo AS BIGINT) + 1] AS a, l[CAST(lo AS BIGINT) + 2] AS b FROM (`,
      `      SELECT period, n, h, floor(h) AS lo, l FROM (`,
      `        SELECT period, list(v ORDER BY v) AS l, count(*) AS n, CAST(count(*) - 1 AS DOUBLE) * ${dbl(p)} AS h`,
      `        FROM (${joined}) AS j GROUP BY period) AS g) AS r) AS s`,
    ].join('\n');
  }
  const n = `CAST(count(*) AS ${D.double})`;
  let actual: string;
  switch (m.aggregate) {
    case 'count': actual = n; break;
    case 'mean': actual = `sum(v) / ${n}`; break;
    case 'sum': actual = 'sum(v)'; break;
    case 'min': actual = 'min(v)'; break;
    case 'max': actual = 'max(v)'; break;
    case 'attainment': {
      // A duration's rows are outcomes already (1 met, 0 missed), each against its own threshold.
      if (measuresDuration(kpi)) {
        actual = `CAST(sum(v) AS ${D.double}) * ${dbl(100)} / ${n}`;
        break;
      }
      const op = m.threshold?.op ?? '<=';
      actual = `CAST(sum(CASE WHEN v ${op} ${dbl(thresholdOf(kpi))} THEN 1 ELSE 0 END) AS ${D.double}) * ${dbl(100)} / ${n}`;
      break;
    }
    case 'ratio': actual = `CASE WHEN sum(den) = 0 THEN NULL ELSE sum(v) * ${dbl(100)} / sum(den) END`; break;
    default: throw new SqlCompileError(`KPI "${kpi.id}": the aggregate ${m.aggregate} has no SQL form`, kpi.id);
  }
  return `  SELECT period, ${actual} AS actual, count(*) AS samples FROM (${joined}) AS j GROUP BY period`;
}

const dayText = (day: string) => D.dayText(day);

/** One KPI's rows: every period from the one holding the first day measured to the one holding the last. */
function resultSql({ kpi, index, kind }: KpiPlan, lo: number, hi: number): string {
  const id = quoteText(kpi.id);
  const actual = kpi.measure.aggregate === 'count' ? 'COALESCE(a.actual, 0)' : 'a.actual';
  const listed = kind === 'all'
    ? `SELECT 'all' AS period, b.first AS ps, b.first AS s, b.last AS e FROM bounds AS b WHERE b.first <= b.last`
    : `SELECT p.period, p.ps, greatest(p.ps, ${lo}) AS s, least(p.pe, ${hi}) AS e FROM periods AS p, bounds AS b WHERE p.kind = ${quoteText(kind)} AND p.pe >= b.first AND p.ps <= b.last`;
  return [
    `  SELECT ${id} AS kpi, l.period, ${dayText('l.s')} AS start, ${dayText('l.e')} AS ${quoteIdent('end')}, CAST(${actual} AS ${D.double}) AS actual, CAST(COALESCE(a.samples, 0) AS ${D.bigint}) AS samples, l.ps`,
    `  FROM (${listed}) AS l LEFT JOIN a${index} AS a ON a.period = l.period`,
    `  UNION ALL`,
    // No dated row at all and no --from/--to: one "all" without data, as sla check gives.
    `  SELECT ${id}, 'all', NULL, NULL, NULL, CAST(0 AS ${D.bigint}), NULL FROM bounds WHERE first IS NULL OR last IS NULL OR first > last`,
  ].join('\n');
}
