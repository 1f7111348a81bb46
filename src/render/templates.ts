// The template environment: an isolated Handlebars instance in strict mode, built-in templates from
// the package's templates/ folder, each file replaceable by a file of the same name in --template.
// `sla report` reuses it with its own entry template and helpers.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import Handlebars from 'handlebars';
import { isContained, readRegularFileSync } from '../runtime/files.js';
import { UserError } from '../runtime/io.js';
import { escapeMarkdown } from './markdown-escape.js';
import { builtinTemplatesDir } from './template-dir.js';

export { builtinTemplatesDir };

export type TemplateFormat = 'md' | 'html';
type Helper = (...args: unknown[]) => unknown;

/** A template that does not compile or does not fit the view model: one line naming file and line. */
export class TemplateError extends UserError {
  constructor(readonly file: string, readonly line: number | undefined, detail: string) {
    super(`template error in ${file}${line !== undefined ? `, line ${line}` : ''}: ${detail}`, 2);
    this.name = 'TemplateError';
  }
}

export interface TemplateEnvironmentOptions {
  format: TemplateFormat;
  /** Files here replace the built-in ones of the same name (`--template DIR`). */
  overrideDir?: string | undefined;
  builtinDir?: string;
  /** Extra helpers, callable from templates by name. */
  helpers?: Record<string, Helper>;
  /** How file names appear in errors (relative to this folder). */
  cwd?: string;
  /** Files in overrideDir may be links to files outside it (--allow-outside). */
  allowOutside?: boolean | undefined;
}

/** Far larger than any template or stylesheet; bounds memory on a mistaken link. */
const MAX_TEMPLATE_BYTES = 8 * 1024 * 1024;

export interface TemplateEnvironment {
  format: TemplateFormat;
  /** Renders the entry template `<name>.<format>.hbs` with the view model as context. */
  render(name: string, context: object): string;
  /** Reads a non-template file (the stylesheet) with the same override rule. */
  readAsset(fileName: string): { file: string; text: string };
}

const HELPERS: Record<string, Helper> = {
  /** {{join list ", "}} */
  join: (list: unknown, separator: unknown) => (Array.isArray(list) ? list.map(String).join(typeof separator === 'string' ? separator : ', ') : ''),
  /** {{inc @index}}: numbering from one. */
  inc: (n: unknown) => Number(n) + 1,
  /** {{#if (eq a b)}} */
  eq: (a: unknown, b: unknown) => a === b,
  /** {{#if (gt list.length 1)}} */
  gt: (a: unknown, b: unknown) => Number(a) > Number(b),
};

const ESCAPE_HELPER = '__slaEscape';

/**
 * A JavaScriptCompiler whose `{{value}}` calls our Markdown escaping instead of Handlebars' HTML
 * escaping, so a user's Markdown template is safe by default, exactly as an HTML one is.
 * (Overriding the compiler per environment is Handlebars' documented extension point.)
 */
function markdownCompiler(env: typeof Handlebars): unknown {
  type Compiler = { pushSource(s: unknown): void; appendToBuffer(parts: unknown[]): unknown; aliasable(name: string): unknown; popStack(): unknown };
  const Base = (env as unknown as { JavaScriptCompiler: { prototype: object } }).JavaScriptCompiler;
  function MarkdownCompiler(this: unknown) {}
  MarkdownCompiler.prototype = Object.create(Base.prototype);
  MarkdownCompiler.prototype.compiler = MarkdownCompiler;
  MarkdownCompiler.prototype.appendEscaped = function (this: Compiler) {
    // The trailing argument stands in for the options object Handlebars passes to every helper.
    this.pushSource(this.appendToBuffer([this.aliasable(`container.helpers.${ESCAPE_HELPER}`), '(', this.popStack(), ', {})']));
  };
  return MarkdownCompiler;
}

interface Source { file: string; text: string }

export function createTemplateEnvironment(options: TemplateEnvironmentOptions): TemplateEnvironment {
  const builtinDir = options.builtinDir ?? builtinTemplatesDir();
  const cwd = options.cwd ?? process.cwd();
  const shown = (file: string) => {
    const rel = relative(cwd, file);
    return rel.startsWith('..') || rel === '' ? file : rel;
  };
  if (options.overrideDir !== undefined) {
    let info;
    try {
      info = statSync(options.overrideDir);
    } catch {
      throw new UserError(`--template ${options.overrideDir}: no such directory`);
    }
    if (!info.isDirectory()) throw new UserError(`--template ${options.overrideDir}: is a file; name the directory that holds your templates`);
  }
  const dirs = [builtinDir, ...(options.overrideDir !== undefined ? [options.overrideDir] : [])];
  const suffix = `.${options.format}.hbs`;

  // A template folder from a repository is as untrusted as an SLA: a file in it that is a link to
  // /etc/passwd or ~/.ssh must not end up in the document. Same rule as the holiday calendar.
  const read = (dir: string, file: string): string => {
    if (dir === options.overrideDir && !options.allowOutside && !isContained(dir, file)) {
      let target = file;
      try {
        target = realpathSync(file);
      } catch {
        /* a dangling link: named as it is */
      }
      throw new UserError(`--template ${shown(dir)}: ${basename(file)} is a link to ${target}, outside the template folder; copy the file into the folder, or run with --allow-outside`);
    }
    return readRegularFileSync(file, shown(file), { maxBytes: MAX_TEMPLATE_BYTES, what: 'a template' }).toString('utf8');
  };

  // Later folders win: a file in --template replaces the built-in one of the same name.
  const sources = new Map<string, Source>();
  for (const dir of dirs) {
    for (const name of readdirSync(dir).sort()) {
      if (!name.endsWith(suffix)) continue;
      const file = join(dir, name);
      sources.set(name.slice(0, -suffix.length), { file, text: read(dir, file) });
    }
  }

  const env = Handlebars.create();
  const helpers = { ...HELPERS, ...options.helpers };
  for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn as Handlebars.HelperDelegate);
  if (options.format === 'md') {
    env.registerHelper(ESCAPE_HELPER, ((value: unknown) => escapeMarkdown(value)) as Handlebars.HelperDelegate);
    (env as unknown as { JavaScriptCompiler: unknown }).JavaScriptCompiler = markdownCompiler(env);
  }
  const compileOptions: CompileOptions = {
    strict: true,
    knownHelpersOnly: true,
    knownHelpers: Object.fromEntries(Object.keys(helpers).map((k) => [k, true])),
    // Partials keep the indentation they are written with; re-indenting can turn Markdown into code blocks.
    preventIndent: true,
  };

  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  const template = (name: string): Handlebars.TemplateDelegate => {
    let fn = compiled.get(name);
    if (fn) return fn;
    const source = sources.get(name);
    if (!source) throw new UserError(`no template "${name}${suffix}" in ${dirs.map(shown).join(' or ')}`);
    const inner = env.compile(source.text, compileOptions);
    // Errors raised while this file compiles or runs are labelled with it, innermost file first.
    fn = ((context: unknown, runtime?: Handlebars.RuntimeOptions) => {
      try {
        return inner(context, runtime);
      } catch (err) {
        throw asTemplateError(err, shown(source.file));
      }
    }) as Handlebars.TemplateDelegate;
    compiled.set(name, fn);
    return fn;
  };
  for (const name of sources.keys()) {
    // Registered as functions so each partial compiles on first use, under its own file name.
    env.registerPartial(name, ((context: unknown, runtime?: Handlebars.RuntimeOptions) => template(name)(context, runtime)) as unknown as Handlebars.Template);
  }

  return {
    format: options.format,
    render(name, context) {
      return template(name)(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    },
    readAsset(fileName) {
      for (const dir of [...dirs].reverse()) {
        const file = join(dir, basename(fileName));
        // lstat: a dangling link or a loop is reported by the read, not taken for a missing file.
        if (lstatSync(file, { throwIfNoEntry: false }) !== undefined) return { file, text: read(dir, file) };
      }
      throw new UserError(`no ${fileName} in ${dirs.map(shown).join(' or ')}`);
    },
  };
}

type CompileOptions = Parameters<typeof Handlebars.compile>[1];

function asTemplateError(err: unknown, file: string): Error {
  if (err instanceof TemplateError) return err;
  if (err instanceof UserError) return err;
  const e = err as { message?: string; lineNumber?: number; hash?: { loc?: { first_line?: number }; line?: number } };
  let message = String(e?.message ?? err);
  let line: number | undefined = e?.lineNumber;
  // Parser errors: "Parse error on line 3:\n<excerpt>\n---^\nExpecting ..., got ...".
  const parse = /^Parse error on line (\d+):[\s\S]*\n(Expecting [^\n]*)/.exec(message);
  if (parse) {
    line = Number(parse[1]);
    const got = /got '?([^']+)'?$/.exec(parse[2]!)?.[1];
    message = got === 'EOF' ? 'syntax error: the file ends inside a {{ }} or a block' : `syntax error: unexpected ${got ?? parse[2]}`;
  } else if (/^Parse error on line (\d+)/.test(message)) {
    line = Number(/^Parse error on line (\d+)/.exec(message)![1]);
    message = 'syntax error';
  }
  // "... - 3:4" is Handlebars' own location suffix; the line is reported separately.
  message = message.replace(/ - \d+:\d+$/, '').split('\n')[0]!;
  if (/call stack/i.test(message)) message = 'the templates include each other without end (does a partial include itself?)';
  const partial = /^The partial (\S+) could not be found/.exec(message);
  if (partial) message = `no partial "${partial[1]}" (no such template file)`;
  if (/doesn't match/.test(message)) message = `syntax error: ${message} (a block is closed with the wrong name)`;
  const missing = /^"([^"]+)" not defined in/.exec(message);
  if (missing) message = `"${missing[1]}" is not in the view model (a misspelled field? docs/templates.md lists the fields)`;
  const helper = /^You specified knownHelpersOnly, but used the unknown helper (\S+)/.exec(message);
  if (helper) message = `unknown helper "${helper[1]}" (the helpers are ${Object.keys(HELPERS).join(', ')} and Handlebars' own: if, unless, each, with, lookup)`;
  if (line === undefined) {
    const m = /line (\d+)/.exec(String(e?.message ?? ''));
    if (m) line = Number(m[1]);
  }
  return new TemplateError(file, line, message);
}
