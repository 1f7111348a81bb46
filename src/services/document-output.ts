// What `sla render` and `sla report` share about the documents they write.
import { readdirSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { TemplateEnvironment } from '../render/templates.js';
import { UserError, type Io } from '../runtime/io.js';
import { readRegularFile } from '../runtime/files.js';

export type DocumentFormat = 'md' | 'html' | 'pdf';

const EXTENSIONS: Record<string, DocumentFormat> = { '.md': 'md', '.markdown': 'md', '.html': 'html', '.htm': 'html', '.pdf': 'pdf' };

/** --format, else the output file's extension, else Markdown. */
export function resolveDocumentFormat(format: string | undefined, output: string | undefined): DocumentFormat {
  if (format !== undefined) {
    const f = format.toLowerCase();
    if (f === 'md' || f === 'html' || f === 'pdf') return f;
    if (f === 'markdown') return 'md';
    throw new UserError(`--format must be md, html or pdf (got "${format}")`);
  }
  return (output !== undefined ? EXTENSIONS[extname(output).toLowerCase()] : undefined) ?? 'md';
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
