// Commander wiring only. Every command imports its module when it runs, so `sla validate` never
// loads Handlebars or puppeteer and start-up stays close to a bare Node process.
import { Command, CommanderError, Option } from 'commander';
import { CHECK_FORMATS } from './formatters/check/names.js';
import { DIFF_FORMATS } from './formatters/diff/names.js';
import { VALIDATION_FORMATS } from './formatters/validation/names.js';
import { EXIT_USAGE, UserError, processIo, type Io } from './runtime/io.js';
import { reportCrash, reportError as reportFailure, wantsJson } from './services/cli-errors.js';
import { VERSION } from './core/product.js';
import { printable, printableJson } from './core/printable.js';
import type { LaunchPdf } from './render/pdf.js';

/** Seams for tests, passed to the commands that take them; a user's run gives none. */
export interface CliInternals {
  /** How render and report start their browser: the PDF tests share one between commands. */
  launchPdf?: LaunchPdf;
}

const formatOption = <T extends string>(choices: readonly T[], fallback: T) =>
  new Option('-f, --format <format>', 'output format').choices(choices).default(fallback);

// Options more than one command takes (check and report read metrics the same way), built afresh
// for each command. Where the commands mean something different by an option, each gives its own help.
const sharedOption = {
  period: () => new Option('--period <period>', 'evaluate every KPI per this period instead of its own').choices(['day', 'week', 'month', 'quarter', 'all']),
  from: () => new Option('--from <date>', 'ignore rows before this day (YYYY-MM-DD, in the SLA time zone)'),
  to: () => new Option('--to <date>', 'ignore rows after this day (YYYY-MM-DD, inclusive)'),
  delimiter: () => new Option('--delimiter <char>', 'the CSV delimiter: , ; or tab (default: detected from the header)'),
  sheet: () => new Option('--sheet <name>', 'the sheet of an .xlsx workbook to read (default: the first)'),
  allowMissing: (help: string) => new Option('--allow-missing', help),
  skipInvalid: (help: string) => new Option('--skip-invalid', help),
  source: () => new Option('--source <tool>', "the ticket tool the CSV is exported from: its timestamp format, columns, priority names and duration text (the SLA's data section overrides each; default: check.source in sla.config.yaml)").choices(['jira', 'servicenow', 'zendesk', 'freshservice']),
  allowOutside: () => new Option('--allow-outside', 'let the SLA name files (its holiday calendar) outside its own folder, and --template files be links out of theirs'),
  stdinFilename: () => new Option('--stdin-filename <name>', 'the file name to report for standard input'),
  config: () => new Option('--config <file>', 'read settings from this file instead of the nearest sla.config.yaml upward (docs/config.md)'),
  noConfig: () => new Option('--no-config', 'ignore sla.config.yaml files'),
  aggregates: () => new Option('--aggregates <file>', 'a per-period result an engine computed (kpi,period,start,end,actual,samples, e.g. from the query sla sql prints) instead of the metrics'),
  engine: () => new Option('--engine <engine>', 'aggregate the metrics (CSV, Parquet or JSON files, or a glob) in embedded DuckDB (needs the optional package @duckdb/node-api installed beside sla)').choices(['duckdb']),
  prometheus: () => new Option('--prometheus <url>', 'evaluate the KPIs whose measure has promql by range queries to this Prometheus (credentials: SLA_PROMETHEUS_TOKEN, or docs/sources/prometheus.md)'),
  prometheusResponses: () => new Option('--prometheus-responses <file>', 'read the promql KPIs from saved range-query responses (JSON) beside the CSV; a .json metrics argument does the same'),
  prometheusCredentials: () => new Option('--prometheus-credentials <file>', 'a file holding the bearer token (or, with --prometheus-user, the password) for --prometheus'),
  prometheusUser: () => new Option('--prometheus-user <name>', 'basic authentication: the user name; the password is in --prometheus-credentials'),
  prometheusTimeout: () => new Option('--prometheus-timeout <seconds>', 'how long one request to Prometheus may take (default 60); failed requests are tried 3 times'),
  insecure: () => new Option('--insecure', 'do not verify the TLS certificate of --prometheus'),
  saveResponses: () => new Option('--save-responses <file>', "with --prometheus: also write Prometheus's answers to this JSON file, which a later check reads instead (sla check SLA FILE)"),
  kpi: () => new Option('--kpi <id>', 'the KPI a single saved Prometheus response is for'),
  ignore: () => new Option('--ignore <glob>', 'skip files in folders and globs matching this gitignore-style pattern (repeatable)').argParser((value: string, previous: string[] = []) => [...previous, value]),
};

/** The data besides a metrics file that check and report both read: an engine's result, DuckDB, Prometheus. */
function withMetricsSources(command: Command): Command {
  for (const option of [sharedOption.aggregates(), sharedOption.engine(), sharedOption.prometheus(), sharedOption.prometheusResponses(), sharedOption.prometheusCredentials(), sharedOption.prometheusUser(), sharedOption.prometheusTimeout(), sharedOption.insecure(), sharedOption.kpi(), sharedOption.saveResponses()]) {
    command.addOption(option);
  }
  return command;
}

/** Runs the CLI and returns the exit code; it never calls process.exit, so piped output is not cut off. */
export async function main(argv: string[], io: Io = processIo(), internals: CliInternals = {}): Promise<number> {
  let exitCode = 0;
  const program = new Command('sla');
  const run = (fn: () => Promise<number>) => async () => {
    exitCode = await fn();
  };

  program
    .description('Internal service level agreements as code: scaffold, validate, render and check SLAs written in YAML.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option('--no-color', 'never colour the output (NO_COLOR is honoured too)')
    .option('--debug', 'show stack traces of internal errors')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Commander's message quotes the argument as typed: one line each, control characters escaped
      // (its own "(Did you mean ...?)" is the only second line).
      outputError: (s, write) => write(s.replace(/^error: /, 'sla: ').replace(/\n$/, '').split(/\n(?=\(Did you mean )/).map(printable).join('\n') + '\n'),
    });
  const color = () => program.opts().color !== false;

  program
    .command('validate')
    .description('check SLA files against the schema and the rules, with file:line:column problems')
    .argument('[paths...]', 'SLA files, directories (every agreement inside: sla.yaml, *.sla.yaml or a top-level sla: key) or globs; - reads standard input')
    .addOption(formatOption(VALIDATION_FORMATS, 'stylish'))
    .option('--strict', 'warnings fail validation too')
    .option('-q, --quiet', 'report errors only, not warnings (and no "wrote" line with -o)')
    .option('--max-warnings <n>', 'exit 1 when there are more than this many warnings')
    .option('-o, --output-file <file>', 'write the report to this file instead of standard output (for CI)')
    .option('--as-of <date>', "today's date for review and expiry rules (YYYY-MM-DD)")
    .addOption(sharedOption.ignore())
    .addOption(sharedOption.config())
    .addOption(sharedOption.noConfig())
    .addOption(sharedOption.stdinFilename())
    .action((paths: string[], opts) => run(async () => (await import('./commands/validate.js')).validateCommand(paths, { ...opts, color: color() }, io))());

  program
    .command('schema')
    .description('print the JSON Schema of the SLA file format')
    .action(() => run(async () => (await import('./commands/schema.js')).schemaCommand(io))());

  program
    .command('init')
    .description('write a commented, valid SLA to start from (asks questions on a terminal)')
    .argument('[path]', 'the file to write (default: sla.yaml)')
    .option('--preset <name>', 'service-desk, platform-api or data-pipeline (see --list-presets)')
    .option('--provider <name>', 'the team that provides the service')
    .option('--recipient <name>', 'a team that receives the service (repeat for several)', (value: string, previous: string[] = []) => [...previous, value])
    .option('--service <name>', 'the name of the service')
    .option('--timezone <zone>', "the IANA time zone (default: this machine's)")
    .option('--effective <date>', 'the first day the agreement applies, YYYY-MM-DD (default: the first of next month)')
    .option('-y, --yes', 'ask nothing: take the defaults for every answer not given as a flag')
    .option('--with-metrics', 'also write metrics.csv with sample data for the KPIs, beside the SLA')
    .addOption(new Option('--ci <provider>', 'also write a CI file that runs sla validate, at the root of the git repository holding the SLA').choices(['github', 'gitlab']))
    .option('--ci-check [metrics]', 'with --ci: also run sla check on the metrics CSV every month and keep the report (default: metrics.csv beside the SLA)')
    .option('--stdout', 'print the agreement instead of writing a file')
    .option('--force', 'overwrite files that already exist')
    .option('-q, --quiet', 'say nothing on standard error but errors (no "Created" lines, no next steps)')
    .option('--list-presets', 'list the presets and exit')
    .action((path: string | undefined, opts) => run(async () => (await import('./commands/init.js')).initCommand(path, { ...opts, color: color() }, io))());

  withMetricsSources(
  program
    .command('check')
    .description('measure a metrics CSV against the KPI targets, per period, with consequences and credits')
    .argument('<sla>', 'the SLA file; - reads standard input')
    .argument('[metrics]', 'the metrics CSV (long: timestamp,metric,value,...; or wide: a column per quantity), an .xlsx workbook, or saved Prometheus responses (.json); - reads standard input; default: the one sla.config.yaml maps the SLA to')
    .addOption(formatOption(CHECK_FORMATS, 'table'))
    .addOption(sharedOption.period())
    .addOption(sharedOption.from())
    .addOption(sharedOption.to())
    .addOption(sharedOption.delimiter())
    .addOption(sharedOption.sheet())
    .addOption(sharedOption.source())
    .addOption(sharedOption.allowMissing('a KPI without data in a period does not fail the check'))
    .addOption(sharedOption.skipInvalid('skip rows with bad values and list them, instead of stopping at the first')),
  )
    .addOption(sharedOption.allowOutside())
    .addOption(sharedOption.config())
    .addOption(sharedOption.noConfig())
    .addOption(sharedOption.stdinFilename())
    .action((sla: string, metrics: string | undefined, opts) => run(async () => (await import('./commands/check.js')).checkCommand(sla, metrics, { ...opts, color: color() }, io))());

  program
    .command('sql')
    .description('print the SQL query that computes every KPI per period where the data lives (kpi, period, start, end, actual, samples), for sla check --aggregates')
    .argument('<sla>', 'the SLA file; - reads standard input')
    .addOption(new Option('--dialect <dialect>', 'the SQL dialect').choices(['duckdb', 'postgres', 'trino', 'bigquery', 'spark']).default('duckdb'))
    .option('--table <name>', 'the table (or view) holding the metrics, optionally schema-qualified (a.b)')
    .option('--source <path>', '--dialect duckdb: a CSV, Parquet or JSON file or glob the query reads (read_csv, read_parquet, read_json); other dialects read --table')
    .addOption(sharedOption.period())
    .addOption(sharedOption.from())
    .addOption(sharedOption.to())
    .addOption(sharedOption.config())
    .addOption(sharedOption.noConfig())
    .addOption(sharedOption.stdinFilename())
    .action((sla: string, opts) => run(async () => (await import('./commands/sql.js')).sqlCommand(sla, { ...opts, color: color() }, io))());

  program
    .command('render')
    .description('write agreements as Markdown, HTML or PDF from the built-in (or your) templates')
    .argument('[paths...]', 'SLA files, directories or globs; - reads standard input')
    .addOption(new Option('-f, --format <format>', 'output format (default: from -o\'s extension, else md)').choices(['md', 'html', 'pdf']))
    .option('-o, --output <file>', 'write to this file (default: standard output; a PDF needs a file)')
    .option('--out-dir <dir>', 'write one file per input here, named after the inputs')
    .option('--template <dir>', 'a folder whose files replace the built-in templates of the same name')
    .option('--css <file>', 'a stylesheet that replaces the built-in one (HTML and PDF)')
    .addOption(new Option('--paper <size>', 'PDF paper size (default: a4)').choices(['a4', 'letter']))
    .option('--browser <path>', 'the Chrome or Chromium program for PDF (default: found; see sla doctor)')
    .option('--browser-timeout <seconds>', 'how long the browser may take to start, default 30 (env SLA_BROWSER_TIMEOUT); each later request gets twice that')
    .option('--watch', 'render again whenever an SLA, a template or the stylesheet changes')
    .option('--force', 'overwrite output files sla did not write (files it wrote are replaced anyway)')
    .option('-q, --quiet', 'say nothing on standard error but errors (no progress, no "wrote" line)')
    .addOption(sharedOption.ignore())
    .addOption(sharedOption.allowOutside())
    .addOption(sharedOption.config())
    .addOption(sharedOption.noConfig())
    .addOption(sharedOption.stdinFilename())
    .action((paths: string[], opts) => run(async () => (await import('./commands/render.js')).renderCommand(paths, { ...opts, color: color() }, io, internals))());

  program
    .command('doctor')
    .description('show which browser PDF rendering uses (path and version) and whether it starts')
    .addOption(formatOption(['text', 'json'], 'text'))
    .option('--browser <path>', 'check this Chrome or Chromium program instead of the one sla would find')
    .option('--browser-timeout <seconds>', 'how long the browser may take to start, default 30 (env SLA_BROWSER_TIMEOUT); each later request gets twice that')
    .option('--no-launch', 'only find the browser; do not start it')
    .action((opts) => run(async () => (await import('./commands/doctor.js')).doctorCommand({ ...opts, color: color() }, io))());

  withMetricsSources(
  program
    .command('report')
    .description('write the periodic SLA performance report, with a chart per KPI, as Markdown, HTML or PDF')
    .argument('<sla>', 'the SLA file; - reads standard input')
    .argument('[metrics]', 'the metrics CSV or .xlsx workbook, as for sla check; - reads standard input; default: the one sla.config.yaml maps the SLA to')
    .addOption(new Option('-f, --format <format>', "output format (default: from -o's extension, else md)").choices(['md', 'html', 'pdf']))
    .option('-o, --output <file>', 'write to this file (default: standard output; a PDF needs a file)')
    .addOption(sharedOption.period())
    .addOption(sharedOption.from())
    .addOption(sharedOption.to())
    .option('--as-of <date>', 'the date the report is produced and reviews are judged by (YYYY-MM-DD; default: today)')
    .addOption(sharedOption.delimiter())
    .addOption(sharedOption.sheet())
    .addOption(sharedOption.source())
    .addOption(sharedOption.skipInvalid('skip rows with bad values and list them in the report'))
    .addOption(sharedOption.allowMissing('accepted for symmetry with sla check; periods without data are shown as such')),
  )
    .option('--inline-images', 'Markdown: embed charts as data URIs instead of writing SVG files beside the report')
    .option('--template <dir>', 'a folder whose files replace the built-in templates of the same name')
    .option('--css <file>', 'a stylesheet that replaces the built-in ones (HTML and PDF)')
    .addOption(new Option('--paper <size>', 'PDF paper size (default: a4)').choices(['a4', 'letter']))
    .option('--browser <path>', 'the Chrome or Chromium program for PDF (default: found; see sla doctor)')
    .option('--browser-timeout <seconds>', 'how long the browser may take to start, default 30 (env SLA_BROWSER_TIMEOUT); each later request gets twice that')
    .option('--force', 'overwrite a report or chart file sla did not write (files it wrote are replaced anyway)')
    .option('-q, --quiet', 'say nothing on standard error but errors (no "wrote" line)')
    .addOption(sharedOption.allowOutside())
    .addOption(sharedOption.config())
    .addOption(sharedOption.noConfig())
    .addOption(sharedOption.stdinFilename())
    .action((sla: string, metrics: string | undefined, opts) => run(async () => (await import('./commands/report.js')).reportCommand(sla, metrics, { ...opts, color: color() }, io, internals))());

  program
    .command('diff')
    .description('say what changed between two versions of an agreement, each change material or editorial (exit 1 when one is material)')
    .usage('[options] OLD NEW | REV [REV2] -- FILE')
    .argument('<versions...>', 'two SLA files, or one or two git revisions followed by -- and the file')
    .addOption(formatOption(DIFF_FORMATS, 'text'))
    .action((versions: string[], opts) => {
      // Commander drops the `--`; where it stood tells revisions from files.
      const dashdash = argv.indexOf('--');
      const file = dashdash >= 0 ? argv[dashdash + 1] : undefined;
      if (dashdash >= 0 && argv.length - dashdash - 1 !== 1) throw new UserError('after -- name one file (options go before --): sla diff --format markdown main -- sla.yaml');
      const operands = dashdash >= 0 ? versions.slice(0, versions.length - (argv.length - dashdash - 1)) : versions;
      return run(async () => (await import('./commands/diff.js')).diffCommand(operands, file, { ...opts, color: color() }, io))();
    });

  program
    .command('fingerprint')
    .description("print the fingerprint of an agreement's material content, the text a signature agrees to")
    .argument('<sla>', 'the SLA file')
    .addOption(formatOption(['text', 'json'] as const, 'text'))
    .action((sla: string, opts) => run(async () => (await import('./commands/fingerprint.js')).fingerprintCommand(sla, { ...opts, color: color() }, io))());

  program
    .command('sign')
    .description("record a signatory's signature (date, version, fingerprint) in the SLA file, keeping its comments and layout")
    .argument('<sla>', 'the SLA file')
    .requiredOption('--as <name>', 'the signatory who signs, as named under parties.signatories')
    .option('--date <date>', 'the date of the signature, YYYY-MM-DD (default: today)')
    .action((sla: string, opts) => run(async () => (await import('./commands/sign.js')).signCommand(sla, { ...opts, color: color() }, io))());

  program
    .command('site')
    .description('build a static site of all agreements: an index, a teams page with a graph, a page (and the latest report) per agreement')
    .argument('[paths...]', 'SLA files, directories or globs (default: the working folder)')
    .option('-o, --output <dir>', 'the folder to write the site into (default: site.output in sla.config.yaml)')
    .option('--pdf', 'also print each agreement as PDF (one browser for all)')
    .option('--as-of <date>', 'the date terms and reviews are judged by (YYYY-MM-DD; default: today)')
    .option('--template <dir>', 'a folder whose files replace the built-in templates of the same name')
    .option('--css <file>', 'a stylesheet that replaces the built-in agreement one')
    .addOption(new Option('--paper <size>', 'PDF paper size (default: a4)').choices(['a4', 'letter']))
    .option('--browser <path>', 'the Chrome or Chromium program for PDF (default: found; see sla doctor)')
    .option('--browser-timeout <seconds>', 'how long the browser may take to start, default 30 (env SLA_BROWSER_TIMEOUT)')
    .option('--force', 'overwrite files in the folder sla did not write (pages it wrote are replaced anyway)')
    .option('-q, --quiet', 'say nothing on standard error but errors')
    .addOption(sharedOption.ignore())
    .addOption(sharedOption.allowOutside())
    .addOption(sharedOption.config())
    .addOption(sharedOption.noConfig())
    .action((paths: string[], opts) => run(async () => (await import('./commands/site.js')).siteCommand(paths, { ...opts, color: color() }, io))());

  program
    .command('export')
    .description("write the agreement's SLOs for the SRE tools: OpenSLO documents, Prometheus recording and burn-rate alerting rules, or a Sloth spec")
    .argument('<target>', 'openslo, prometheus or sloth')
    .argument('<sla>', 'the SLA file; - reads standard input')
    .option('-o, --output <path>', 'openslo: a folder to write one file per document into; prometheus, sloth: the file to write (default: standard output)')
    .addOption(new Option('-f, --format <format>', 'the report of exported and skipped KPIs: text on standard error, or json on standard output (needs -o)').choices(['text', 'json']).default('text'))
    .option('--force', 'overwrite files that already exist')
    .option('-q, --quiet', 'say nothing on standard error but errors (no list of skipped KPIs)')
    .addOption(sharedOption.stdinFilename())
    .action((target: string, sla: string, opts) => run(async () => (await import('./commands/export.js')).exportCommand(target, sla, { ...opts, color: color() }, io))());

  program
    .command('import')
    .description('start an agreement from existing OpenSLO SLOs: the metrics section filled, the other sections as commented placeholders')
    .argument('<source>', 'openslo')
    .argument('<files...>', 'OpenSLO v1 YAML files (SLO, SLI and Service documents); - reads standard input')
    .option('-o, --output <file>', 'the agreement to write (default: standard output)')
    .addOption(new Option('-f, --format <format>', 'the report of imported KPIs and notices: text on standard error, or json on standard output (needs -o)').choices(['text', 'json']).default('text'))
    .option('--force', 'overwrite the output file if it exists')
    .option('-q, --quiet', 'say nothing on standard error but errors')
    .addOption(sharedOption.stdinFilename())
    .action((source: string, files: string[], opts) => run(async () => (await import('./commands/import.js')).importCommand(source, files, opts, io))());

  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (err) {
    return reportError(err, argv, io);
  }
}

export { reportCrash };

function reportError(err: unknown, argv: string[], io: Io): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
    // Commander already printed its message on stderr; usage errors are exit 2 by our contract.
    if (wantsJson(argv)) io.stdout.write(printableJson({ error: { message: err.message.replace(/^error: /, ''), exitCode: EXIT_USAGE } }) + '\n');
    return EXIT_USAGE;
  }
  return reportFailure(err, argv, io);
}
