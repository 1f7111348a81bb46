// What `sla render` and `sla report` share about the documents they write.
import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { TemplateEnvironment } from '../render/templates.js';
import { UserError, type Io } from '../runtime/io.js';
import { readRegularFile } from '../runtime/files.js';
import { cutList, pluralWord } from '../core/text.js';
import { tell } from './tell.js';
import { wouldClobber } from './write-file.js';
import { writtenBySla } from './written-by-sla.js';

export type DocumentFormat = 'md' | 'html' | 'pdf';

const EXTENSIONS: Record<string, DocumentFormat> = { '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

const FORMAT_NAMES: Record<DocumentFormat, string> = { md: 'Markdown', html: 'HTML', pdf: 'PDF' };

/**
 * --format, else the output file's extension, else Markdown (standard output). A file whose extension
 * says nothing (`-o x.docx`) needs --format, and a --format that contradicts the extension
 * (`--format pdf -o y.html`) is refused: either would write a file that is not what its name says.
 */
export function resolveDocumentFormat(format: string | undefined, output: string | undefined): DocumentFormat {
  const ext = output !== undefined ? extname(output).toLowerCase() : '';
  const byExtension = EXTENSIONS[ext];
  if (format !== undefined) {
    const f = format.toLowerCase();
    const chosen: DocumentFormat | undefined = f === 'md' || f === 'markdown' ? 'md' : f === 'html' || f === 'pdf' ? f : undefined;
    if (chosen === undefined) throw new UserError(`--format must be md, html or pdf (got "${format}")`);
    if (byExtension !== undefined && byExtension !== chosen) {
      throw new UserError(`--format ${f} contradicts -o ${output}, a name for ${FORMAT_NAMES[byExtension]}: name the file ${output!.slice(0, output!.length - ext.length)}.${chosen}, or leave out --format`);
    }
    return chosen;
  }
  if (output === undefined) return 'md';
  if (byExtension === undefined) {
    const said = ext === '' ? 'has no extension' : `ends in ${ext}, which is not a format sla writes`;
    throw new UserError(`-o ${output} ${said}: name it .md, .html or .pdf, or choose the format with --format md|html|pdf`);
  }
  return byExtension;
}

/** Far larger than any stylesheet; bounds memory on a mistaken path. */
const MAX_CSS_BYTES = 8 * 1024 * 1024;

/** --css replaces the built-in stylesheets; without it, the named assets (each overridable by --template). */
export async function readStylesheet(css: string | undefined, env: TemplateEnvironment, io: Io, assets: string[]): Promise<string> {
  if (css === undefined) return assets.map((a) => env.readAsset(a).text).join('\n');
  return (await readRegularFile(resolve(io.cwd, css), `--css ${css}`, { maxBytes: MAX_CSS_BYTES, what: 'a stylesheet' })).toString('utf8');
}

/** The files a document is made from besides its data: the --css file and every file in --template. */
export function styleInputs(options: { css?: string | undefined; template?: string | undefined }, io: Io): string[] {
  const files = options.css !== undefined ? [resolve(io.cwd, options.css)] : [];
  if (options.template !== undefined) {
    const dir = resolve(io.cwd, options.template);
    try {
      files.push(...readdirSync(dir).map((name) => join(dir, name)));
    } catch {
      /* not a folder: the template environment says so */
    }
  }
  return files;
}

/**
 * The outputs that already exist, refused unless --force when `sla` did not write them (a file it
 * wrote carries its generator mark and is replaced: re-rendering is the normal loop). Returns the
 * existing outputs that may be replaced. Checked for every output before anything is written.
 */
export async function existingOutputs(targets: string[], force: boolean | undefined, shown: (path: string) => string, folderHint?: string): Promise<Set<string>> {
  // A device or a pipe is written through and replaces nothing; a folder is refused (with the hint).
  const existing = targets.filter((t) => wouldClobber(t, folderHint));
  if (force) return new Set(existing);
  const ours = new Set<string>();
  const foreign: string[] = [];
  for (const t of existing) {
    if (await writtenBySla(t)) ours.add(t);
    else foreign.push(t);
  }
  if (foreign.length > 0) {
    const names = foreign.map(shown).join(', ');
    throw new UserError(`${names} already ${pluralWord(foreign.length, 'exists', 'exist')} and ${pluralWord(foreign.length, 'was', 'were')} not written by sla; use --force to overwrite (nothing was written)`);
  }
  return ours;
}

/** Says what a command wrote, one line on stderr, the same way for every command; --quiet says nothing. */
export function announceWritten(io: Io, written: string[], quiet: boolean | undefined, shown: (path: string) => string, extra = ''): void {
  if (quiet || written.length === 0) return;
  const what = written.length === 1 ? shown(written[0]!) : `${written.length} files (${cutList(written.map(shown), 3, '...').join(', ')})`;
  tell(io, `wrote ${what}${extra}`);
}
