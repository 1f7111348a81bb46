// `sla sign FILE --as NAME [--date D]`: records that NAME agreed to this text, as the date, the
// version and the fingerprint of the material content, in the agreement file itself.
import { chmod, realpath, stat } from 'node:fs/promises';
import { isCalendarDate, localToday } from '../core/dates.js';
import { loadSla } from '../core/load/load.js';
import { closest } from '../core/load/schema-check.js';
import { fingerprint } from '../core/sign/fingerprint.js';
import { withSignature, type SignatureRecord } from '../core/sign/signature-text.js';
import { stylish } from '../formatters/validation/stylish.js';
import { colorFor } from '../runtime/color.js';
import { EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { readTextInput } from '../services/inputs.js';
import { resolveAsOf } from '../services/load-sla.js';
import { tell } from '../services/tell.js';
import { writeFileAtomic } from '../services/write-file.js';

export interface SignOptions {
  as: string;
  date?: string;
  color?: boolean;
}

export async function signCommand(path: string, options: SignOptions, io: Io): Promise<number> {
  if (path === '-') throw new UserError('sla sign writes the signature into the file: name the SLA file, not standard input');
  const date = options.date ?? localToday();
  if (!isCalendarDate(date)) throw new UserError(`--date must be a date written YYYY-MM-DD (got "${options.date}")`);
  const { file, text } = await readTextInput(path, io);
  const report = loadSla(text, file, { asOf: resolveAsOf(undefined) });
  // Missing and stale signatures do not stop a signature (mending them is the point); any other error does.
  if (!report.sla) {
    io.stderr.write(stylish({ valid: false, files: [report] }, { color: colorFor(io, io.stderr, options.color ?? true), strict: false }));
    throw new UserError(`${file} is not a valid SLA; fix the errors above before anyone signs it`, 1);
  }
  const sla = report.sla;
  const names = (sla.parties.signatories ?? []).map((s) => s.name);
  const matches = names.flatMap((n, i) => (n === options.as ? [i] : []));
  if (matches.length === 0) {
    const guess = closest(options.as, names);
    const list = names.length ? `the signatories are ${names.map((n) => `"${n}"`).join(', ')}` : 'it lists no signatories: add them under parties.signatories first';
    throw new UserError(`"${options.as}" is not a signatory of ${file}${guess ? `; did you mean "${guess}"?` : `: ${list}`}`);
  }
  if (matches.length > 1) throw new UserError(`"${options.as}" signs ${file} for more than one party; give each signatory entry its own name`);
  const index = matches[0]!;
  const record: SignatureRecord = { date, version: sla.version, fingerprint: fingerprint(sla) };
  const previous = sla.parties.signatories![index]!.signed;
  if (typeof previous === 'object' && previous.fingerprint === record.fingerprint) {
    throw new UserError(`${options.as} already signed this text of ${file} (version ${previous.version}, ${previous.fingerprint}, on ${previous.date}); nothing to do`);
  }
  const signed = withSignature(text, index, record);
  // The splice is checked by reading it back: the new signature and nothing else may have changed.
  if (signed === undefined || !sameExceptSignature(sla, signed, file, index, record)) {
    throw new UserError(`${file}: could not write ${options.as}'s signature into the YAML as written (is the signatory an alias or written unusually?); add signed: { date: ${date}, version: "${record.version}", fingerprint: ${record.fingerprint} } to the signatory by hand`);
  }
  // The one place sla replaces an input: the agreement is the user's own file and signing it is the
  // request. Atomic (temp file and rename), on the file a symbolic link points to, not the link.
  const target = await realpath(path);
  const { mode } = await stat(target);
  await writeFileAtomic(target, signed, { force: true });
  // A new file gets 0644; the agreement keeps the permissions its owner gave it.
  await chmod(target, mode & 0o7777);
  tell(io, `${file}: signed by ${options.as} on ${date}, version ${record.version} (${record.fingerprint})`);
  return EXIT_OK;
}

function sameExceptSignature(before: NonNullable<ReturnType<typeof loadSla>['sla']>, text: string, file: string, index: number, record: SignatureRecord): boolean {
  const after = loadSla(text, file, { asOf: resolveAsOf(undefined) }).sla;
  if (!after) return false;
  const got = after.parties.signatories?.[index]?.signed;
  if (typeof got !== 'object' || got.date !== record.date || got.version !== record.version || got.fingerprint !== record.fingerprint) return false;
  const strip = (sla: typeof before) => JSON.stringify({ ...sla, parties: { ...sla.parties, signatories: sla.parties.signatories?.map((s, i) => (i === index ? { ...s, signed: undefined } : s)) } });
  return strip(before) === strip(after);
}
