// `sla init`: asks (or takes from flags) who, what and when, then writes a commented agreement and,
// on request, sample metrics and a CI workflow. Nothing is written unless every file can be.
import { rmSync } from 'node:fs';
import { access, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import schema from '../../schemas/sla.schema.json' with { type: 'json' };
import { colorFor } from '../runtime/color.js';
import { todayIn } from '../core/dates.js';
import { PACKAGE_NAME, VERSION } from '../core/product.js';
import { canonicalTimeZone, CI_FILES, CI_PROVIDERS, checkAnswers, checkEffective, checkName, checkTimeZone, defaultAnswers, DEFAULT_PRESET, findPreset, planInit, PRESETS, unknownPresetMessage, type CiProvider, type InitAnswers, type InitFile } from '../core/init/index.js';
import { loadSla } from '../core/load/load.js';
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { printable } from '../core/printable.js';
import { askAnswers, type PromptStreams } from '../services/init-prompts.js';
import { wouldClobber, writeFilesTogether } from '../services/write-file.js';

export interface InitOptions {
  preset?: string;
  provider?: string;
  recipient?: string[];
  service?: string;
  timezone?: string;
  effective?: string;
  yes?: boolean;
  stdout?: boolean;
  force?: boolean;
  listPresets?: boolean;
  withMetrics?: boolean;
  ci?: string;
  /** Also check the metrics every month in CI: true for the metrics.csv beside the agreement, or its path. */
  ciCheck?: boolean | string;
  /** No "Created" lines and no next steps on stderr; errors still. */
  quiet?: boolean;
  color?: boolean;
}

export interface InitDeps {
  /** Where the questions are read and written; defaults to the command's stdin and stderr. */
  prompt?: PromptStreams;
  /** The machine's time zone and the current time, for the defaults. */
  timezone?: string;
  now?: Date;
}

export async function initCommand(path: string | undefined, options: InitOptions, io: Io, deps: InitDeps = {}): Promise<number> {
  if (options.listPresets) {
    const width = Math.max(...PRESETS.map((p) => p.name.length));
    io.stdout.write(PRESETS.map((p) => `${p.name.padEnd(width)}  ${p.summary}`).join('\n') + '\n');
    return EXIT_OK;
  }
  if (options.stdout && (options.withMetrics || options.ci !== undefined)) throw new UserError('--stdout prints only the agreement; leave it out to write the metrics CSV or the CI workflow as files');
  if (options.stdout && path !== undefined) throw new UserError(`give either a path (${path}) or --stdout, not both`);
  if (options.ci !== undefined && !CI_PROVIDERS.includes(options.ci as CiProvider)) throw new UserError(`--ci supports ${CI_PROVIDERS.join(' and ')} (got "${options.ci}")`);
  if (options.ciCheck !== undefined && options.ci === undefined) throw new UserError('--ci-check adds a monthly check to the CI file; give --ci github or --ci gitlab with it');
  // The value is optional, so `--ci-check sla.yaml` would take the agreement for the metrics.
  if (typeof options.ciCheck === 'string' && /\.ya?ml$/i.test(options.ciCheck)) throw new UserError(`--ci-check takes the metrics CSV, not ${options.ciCheck}; give the agreement's path before --ci-check, or --ci-check=metrics.csv`);

  const given = givenAnswers(options);
  const machineZone = canonicalTimeZone(deps.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC') ?? 'UTC';
  const today = todayIn(machineZone, deps.now);

  const slaPath = resolve(io.cwd, path ?? 'sla.yaml');
  const metricsPath = typeof options.ciCheck === 'string' ? resolve(io.cwd, options.ciCheck) : join(dirname(slaPath), 'metrics.csv');
  // CI runs from the root of the repository that holds the agreement, so the CI file goes there and
  // names the files from there.
  const ciRoot = options.ci !== undefined && !options.stdout ? await repositoryRoot(dirname(slaPath), io.cwd) : io.cwd;
  const fromRoot = (p: string, what: string) => {
    const r = relative(ciRoot, p);
    if (r === '' || r.startsWith('..') || isAbsolute(r)) throw new UserError(`${what} ${p} is outside ${ciRoot}, where the CI file goes (no git repository holds it); run sla init from a folder above it, or inside its repository`);
    return toPosix(r);
  };
  const slaPathForCi = options.ci !== undefined ? fromRoot(slaPath, 'the agreement') : undefined;
  const metricsPathForCi = options.ci !== undefined && (options.withMetrics || options.ciCheck !== undefined) ? fromRoot(metricsPath, 'the metrics file') : undefined;
  const targets = options.stdout ? [] : targetPaths(slaPath, ciRoot, options);
  const clash = targets.slice(1).find((t) => t.path === slaPath);
  if (clash) throw new UserError(`${path} is where the ${clash.kind === 'metrics' ? 'sample metrics' : 'CI workflow'} go; give the agreement another name, such as sla.yaml`);
  // Refuse before asking anything: six answers thrown away would be a poor welcome.
  if (!options.force) refuseExisting(targets, io.cwd, path);

  const ci = io.env.CI !== undefined && !['', '0', 'false'].includes(io.env.CI.toLowerCase());
  const interactive = !options.yes && io.stdin.isTTY === true && io.stdout.isTTY === true && !ci;
  const color = colorFor(io, io.stderr, options.color ?? true);
  let answers: InitAnswers;
  if (interactive) {
    answers = await askAnswers(given, { timezone: machineZone, today }, deps.prompt ?? { input: io.stdin, output: io.stderr }, color);
  } else {
    const d = defaultAnswers(given.preset ?? DEFAULT_PRESET, { timezone: machineZone, today });
    answers = { ...d, ...given };
  }
  const problems = checkAnswers(answers);
  if (problems.length > 0) throw new UserError(problems[0]!);

  const display = (p: string) => relative(io.cwd, p) || p;
  const files = planInit(answers, {
    slaFile: options.stdout ? 'sla.yaml' : display(slaPath),
    metricsFile: options.stdout ? 'metrics.csv' : display(join(dirname(slaPath), 'metrics.csv')),
    slaPathForCi,
    metricsPathForCi,
    withMetrics: options.withMetrics === true,
    ci: options.ci as CiProvider | undefined,
    ciCheck: options.ciCheck !== undefined,
    schemaRef: options.stdout ? schema.$id : await schemaRefFor(dirname(slaPath)),
    today,
    version: VERSION,
  });

  refuseInvalid(files[0]!.content, options.stdout ? 'sla.yaml' : display(slaPath), today);

  if (options.stdout) {
    io.stdout.write(files[0]!.content);
    return EXIT_OK;
  }
  if (!options.force) refuseExisting(targets, io.cwd, path); // again: the questions took time
  await writeAll(files, targets, options.force === true, folderHint(path));

  if (options.quiet) return EXIT_OK;
  const out = io.stderr;
  const preset = findPreset(answers.preset)!;
  for (const t of targets) out.write(`${color.green('Created')} ${printable(display(t.path))}${describe(t.kind, preset.name, files, options)}\n`);
  const steps = [
    `Read ${display(slaPath)} from top to bottom and replace the sample values with what both sides agree.`,
    `sla validate ${display(slaPath)} --strict`,
    ...(options.withMetrics ? [`sla check ${display(slaPath)} ${display(join(dirname(slaPath), 'metrics.csv'))}`] : []),
    `sla render ${display(slaPath)} > ${display(slaPath).replace(/\.ya?ml$/i, '')}.md   (the agreement as a document to sign)`,
  ];
  out.write(`\nNext:\n${steps.map((s, i) => `  ${i + 1}. ${printable(s)}`).join('\n')}\n`);
  return EXIT_OK;
}

/** Flags, checked one by one so the message names the flag. */
function givenAnswers(o: InitOptions): Partial<InitAnswers> {
  const given: Partial<InitAnswers> = {};
  const fail = (message: string | undefined) => {
    if (message) throw new UserError(message);
  };
  if (o.preset !== undefined) {
    if (!findPreset(o.preset)) throw new UserError(`--preset: ${unknownPresetMessage(o.preset)}`);
    given.preset = o.preset;
  }
  if (o.provider !== undefined) {
    fail(checkName('--provider', o.provider));
    given.provider = o.provider;
  }
  if (o.recipient !== undefined && o.recipient.length > 0) {
    for (const r of o.recipient) fail(checkName('--recipient', r));
    given.recipients = o.recipient;
  }
  if (o.service !== undefined) {
    fail(checkName('--service', o.service));
    given.service = o.service;
  }
  if (o.timezone !== undefined) {
    fail(checkTimeZone(o.timezone) && `--timezone: ${checkTimeZone(o.timezone)}`);
    given.timezone = canonicalTimeZone(o.timezone)!;
  }
  if (o.effective !== undefined) {
    fail(checkEffective(o.effective) && `--effective: ${checkEffective(o.effective)}`);
    given.effective = o.effective;
  }
  return given;
}

/**
 * The agreement goes through the loader `sla validate` uses before anything is written: whatever the
 * answers (a name that makes a sentence too long, an effective date near year 9999), init never
 * writes a file validate rejects. The answers' own checks name the flag; this is the backstop.
 */
function refuseInvalid(content: string, file: string, today: string): void {
  const report = loadSla(content, file, { asOf: today });
  const error = report.problems.find((p) => p.severity === 'error');
  if (error) throw new UserError(`the answers make an agreement that is not valid (${file}:${error.line}:${error.column}: ${error.message}); nothing was written. Shorten or change the answer it names`);
}

interface Target {
  kind: InitFile['kind'];
  path: string;
}

function targetPaths(slaPath: string, ciRoot: string, o: InitOptions): Target[] {
  const targets: Target[] = [{ kind: 'sla', path: slaPath }];
  if (o.withMetrics) targets.push({ kind: 'metrics', path: join(dirname(slaPath), 'metrics.csv') }); // beside the agreement
  if (o.ci !== undefined) targets.push({ kind: 'workflow', path: join(ciRoot, ...CI_FILES[o.ci as CiProvider].split('/')) });
  return targets;
}

/**
 * The root of the git repository that holds `dir`: the nearest folder with a `.git` (a folder, or a
 * file in a worktree or submodule). Without one, `fallback` (the current folder).
 */
async function repositoryRoot(dir: string, fallback: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    if (await exists(join(d, '.git'))) return d;
    if (dirname(d) === d) return fallback;
  }
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

const folderHint = (path: string | undefined) => `give the agreement's file path, such as ${join(path ?? '.', 'sla.yaml')}`;

function refuseExisting(targets: Target[], cwd: string, path: string | undefined): void {
  const taken: string[] = [];
  // A folder is refused with its own message; a device (/dev/null) is written through, clobbering nothing.
  for (const t of targets) if (wouldClobber(t.path, t.kind === 'sla' ? folderHint(path) : undefined)) taken.push(relative(cwd, t.path) || t.path);
  if (taken.length === 1) throw new UserError(`${taken[0]} already exists; nothing was written. Use --force to overwrite it, or give another path`);
  if (taken.length > 1) throw new UserError(`${taken.join(' and ')} already exist; nothing was written. Use --force to overwrite them`);
}

/**
 * Writes every file, together: a failure (a full disk) or an interruption (Ctrl-C, SIGTERM) part-way
 * leaves none of them, nor the folders this run created, so the folder is as it was. (With --force
 * the old files are replaced only once every new one is written; each file is whole, old or new.)
 */
async function writeAll(files: InitFile[], targets: Target[], force: boolean, hint: string): Promise<void> {
  await writeFilesTogether(targets.map((t) => ({ path: t.path, data: files.find((f) => f.kind === t.kind)!.content })), { force, folderHint: hint });
}

function describe(kind: InitFile['kind'], preset: string, files: InitFile[], o: InitOptions): string {
  if (kind === 'sla') return ` (preset ${preset})`;
  if (kind === 'metrics') {
    const rows = files.find((f) => f.kind === 'metrics')!.content.trimEnd().split('\n').length - 1;
    return ` (${rows} sample rows from the first three months of the term)`;
  }
  return o.ciCheck !== undefined ? ' (runs sla validate on every push, and sla check every month)' : ' (runs sla validate on every push and pull request)';
}

/**
 * A local copy of the schema when sla is installed in a node_modules above the agreement (editors
 * then complete fields offline); otherwise the schema's published address.
 */
async function schemaRefFor(dir: string): Promise<string> {
  for (let d = dir; ; d = dirname(d)) {
    const local = join(d, 'node_modules', ...PACKAGE_NAME.split('/'), 'schemas', 'sla.schema.json');
    if (await exists(local)) return toPosix(relative(dir, local));
    if (dirname(d) === d) return schema.$id;
  }
}

const toPosix = (p: string) => p.split(sep).join('/');
