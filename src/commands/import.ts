// `sla import openslo FILE...`: an agreement started from existing OpenSLO SLOs, written
// atomically to -o (never over a file without --force) or to standard output.
import schema from '../../schemas/sla.schema.json' with { type: 'json' };
import { agreementText, importOpenslo, type ImportMessage } from '../core/import/openslo.js';
import { localToday } from '../core/dates.js';
import { printableJson } from '../core/printable.js';
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { MAX_SLA_BYTES, readTextInput } from '../services/inputs.js';
import { tell } from '../services/tell.js';
import { refuseOutputIntoInput, writeFileAtomic } from '../services/write-file.js';
import { relative, resolve } from 'node:path';

export const IMPORT_SOURCES = ['openslo'] as const;

export interface ImportOptions {
  output?: string;
  force?: boolean;
  format?: string;
  quiet?: boolean;
  stdinFilename?: string;
}

const located = (m: ImportMessage) => `${m.file}:${m.line}:${m.column}: ${m.message}`;

export async function importCommand(source: string, paths: string[], options: ImportOptions, io: Io): Promise<number> {
  if (!(IMPORT_SOURCES as readonly string[]).includes(source)) throw new UserError(`unknown import "${source}"; choose one of ${IMPORT_SOURCES.join(', ')} (sla import openslo slos.yaml -o sla.yaml)`);
  if (paths.length === 0) throw new UserError('name the OpenSLO files to import: sla import openslo slos.yaml -o sla.yaml');
  const format = options.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UserError(`--format must be one of text, json (got "${format}")`);
  if (format === 'json' && options.output === undefined) throw new UserError('--format json prints the report on standard output, where the agreement would go: give -o for the agreement too');
  if (paths.filter((p) => p === '-').length > 1) throw new UserError('standard input (-) can be named once');
  const sources = [];
  let total = 0;
  for (const path of paths) {
    const source = await readTextInput(path, io, options.stdinFilename, 'an OpenSLO file');
    // Each file is bounded on reading; together they are bounded too, so a glob of many cannot exhaust memory.
    total += source.text.length;
    if (total > MAX_SLA_BYTES) throw new UserError(`the OpenSLO files hold more than ${MAX_SLA_BYTES / 1048576} MB together (at ${source.file}); import them in smaller sets and merge the metrics`);
    sources.push(source);
  }
  const result = importOpenslo(sources);
  if (result.errors.length > 0 || result.agreement === undefined) {
    for (const e of result.errors.slice(1)) tell(io, located(e));
    throw new UserError(located(result.errors[0]!));
  }
  const fileName = options.output ?? 'sla.yaml';
  const text = agreementText(result.agreement, { fileName, schemaRef: schema.$id, today: localToday() });
  if (options.output === undefined) io.stdout.write(text);
  else {
    const out = resolve(io.cwd, options.output);
    // An OpenSLO file named as the output is never replaced, even with --force.
    refuseOutputIntoInput([out], paths.filter((p) => p !== '-').map((p) => resolve(io.cwd, p)), (p) => relative(io.cwd, p) || p);
    await writeFileAtomic(out, text, { force: options.force === true });
  }
  if (format === 'json') {
    io.stdout.write(printableJson({ files: sources.map((s) => s.file), written: options.output, kpis: result.agreement.kpis.map((k) => k.id), notices: result.notices }) + '\n');
  } else if (!options.quiet) {
    for (const n of result.notices) tell(io, located(n));
    tell(io, `${result.agreement.kpis.length} KPI${result.agreement.kpis.length === 1 ? '' : 's'} imported (${result.agreement.kpis.map((k) => k.id).join(', ')})${options.output ? `; wrote ${options.output}` : ''}; fill in the TODO placeholders, then: sla validate ${fileName} --strict`);
  }
  return EXIT_OK;
}
