// Finds and reads sla.config.yaml the way eslint and markdownlint-cli2 find theirs: upward from the
// working folder, stopping at the git root (or the filesystem root). Parsing lives in core/config.
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { parseConfig, type SlaConfig } from '../core/config/config.js';
import { UserError, type Io } from '../runtime/io.js';
import { readTextInput } from './inputs.js';

export const CONFIG_NAME = 'sla.config.yaml';
/** Far above any real config (a few dozen lines); YAML parsing costs grow fast with size. */
const MAX_CONFIG_BYTES = 256 * 1024;

export interface LoadedConfig {
  /** The file as shown to the user (relative to the working folder when inside it). */
  file: string;
  /** Paths in the file are relative to this folder. */
  dir: string;
  config: SlaConfig;
}

/**
 * `--config FILE` (a string), `--no-config` (false) or the nearest sla.config.yaml upward (undefined).
 * A config with problems is an input error naming the first at file:line:column (exit 2).
 */
export async function loadConfig(io: Io, option: string | boolean | undefined): Promise<LoadedConfig | undefined> {
  if (option === false) return undefined;
  const full = typeof option === 'string' ? resolve(io.cwd, option) : findUpward(io.cwd);
  if (full === undefined) return undefined;
  const file = relative(io.cwd, full).startsWith('..') ? full : relative(io.cwd, full) || full;
  const size = (await stat(full).catch(() => undefined))?.size ?? 0;
  if (size > MAX_CONFIG_BYTES) throw new UserError(`${file}: the file is ${Math.ceil(size / 1024)} KB, larger than a config file can be (${MAX_CONFIG_BYTES / 1024} KB)`);
  const { text } = await readTextInput(file, io);
  // An empty file or one of comments only is a config with no settings.
  const parsed = text.replace(/^\uFEFF/, '').replace(/^\s*(#.*)?$/gm, '').trim() === '' ? { config: {}, problems: [] } : parseConfig(text);
  if (!parsed.config) {
    const [first, ...rest] = parsed.problems.filter((p) => p.severity === 'error');
    const more = rest.length > 0 ? ` (and ${rest.length} more; fix this one first)` : '';
    throw new UserError(`${file}:${first!.line}:${first!.column}: ${first!.message}${more} (the settings: docs/config.md; --no-config ignores the file)`);
  }
  return { file, dir: dirname(full), config: parsed.config };
}

function findUpward(start: string): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    if (existsSync(join(dir, '.git')) || dirname(dir) === dir) return undefined;
  }
}

/** A path the config names, as a path the commands resolve against the working folder. */
export function configPath(loaded: LoadedConfig, path: string, io: Io): string {
  const full = resolve(loaded.dir, path);
  const rel = relative(io.cwd, full);
  return rel === '' || rel.startsWith('..') ? full : rel;
}

/** The config's ignore globs as an ignore set for expandPaths. */
export const configIgnore = (loaded: LoadedConfig | undefined) => (loaded?.config.ignore?.length ? [{ base: loaded.dir, patterns: loaded.config.ignore }] : []);

/** --paper, --css and --template, else the config's render section (its paths relative to it). */
export function documentDefaults<T extends { paper?: string | undefined; css?: string | undefined; template?: string | undefined }>(options: T, loaded: LoadedConfig | undefined, io: Io): T {
  const render = loaded?.config.render;
  if (!loaded || !render) return options;
  return {
    ...options,
    paper: options.paper ?? render.paper,
    css: options.css ?? (render.css !== undefined ? configPath(loaded, render.css, io) : undefined),
    template: options.template ?? (render.template !== undefined ? configPath(loaded, render.template, io) : undefined),
  };
}

/** The metrics argument, else the CSV the config maps the agreement to. */
/**
 * The metrics argument, or the CSV the config maps the SLA to; with --prometheus or
 * --prometheus-responses a CSV is optional (the KPIs that read one then have no data).
 */
export function metricsOrPrometheus(slaPath: string, csvPath: string | undefined, flags: { prometheus?: string | undefined; prometheusResponses?: string | undefined }, loaded: LoadedConfig | undefined, io: Io): string | undefined {
  if (csvPath !== undefined || (flags.prometheus === undefined && flags.prometheusResponses === undefined)) return metricsFor(slaPath, csvPath, loaded, io);
  try {
    return metricsFor(slaPath, csvPath, loaded, io);
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}

export function metricsFor(slaPath: string, csvPath: string | undefined, loaded: LoadedConfig | undefined, io: Io): string {
  if (csvPath !== undefined) return csvPath;
  const map = loaded?.config.check?.metrics ?? {};
  const target = resolve(io.cwd, slaPath);
  for (const [sla, csv] of Object.entries(map)) {
    if (resolve(loaded!.dir, sla) === target) return configPath(loaded!, csv, io);
  }
  const where = loaded ? ` or map ${slaPath} to it under check.metrics in ${loaded.file}` : ` or map it in ${CONFIG_NAME} (docs/config.md)`;
  throw new UserError(`name the metrics CSV after the SLA (sla check ${slaPath} metrics.csv)${where}`);
}
