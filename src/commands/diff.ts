// `sla diff OLD NEW` or `sla diff REV [REV2] -- FILE`: what changed between two versions of an
// agreement, in words, each change material or editorial. Exit 1 when a change is material, so CI
// can ask for the agreement to be signed again.
import { diffAgreements } from '../core/diff/compare.js';
import { loadSla } from '../core/load/load.js';
import type { Sla } from '../core/model.js';
import { diffFormatters } from '../formatters/diff/index.js';
import { changeInWords } from '../formatters/diff/words.js';
import { stylish } from '../formatters/validation/stylish.js';
import { colorFor } from '../runtime/color.js';
import { EXIT_FINDINGS, EXIT_OK, UserError, type Io } from '../runtime/io.js';
import { gitShow } from '../services/git.js';
import { readTextInput } from '../services/inputs.js';
import { tell } from '../services/tell.js';
import { resolveAsOf } from '../services/load-sla.js';

export interface DiffOptions {
  format: string;
  color?: boolean;
}

interface Side {
  label: string;
  text: string;
}

/**
 * `operands` are the arguments before `--`, `file` the one after it (undefined without `--`):
 * two files, or one or two revisions of a file (the second defaults to the working tree).
 */
export async function diffCommand(operands: string[], file: string | undefined, options: DiffOptions, io: Io): Promise<number> {
  const format = diffFormatters[options.format];
  if (!format) throw new UserError(`--format must be one of ${Object.keys(diffFormatters).join(', ')} (got "${options.format}")`);
  let sides: [Side, Side];
  if (file === undefined) {
    if (operands.length !== 2) throw new UserError('name two agreement files (sla diff old.yaml new.yaml), or revisions and a file (sla diff main -- sla.yaml)');
    sides = [await readSide(operands[0]!, io), await readSide(operands[1]!, io)];
  } else {
    if (operands.length < 1 || operands.length > 2) throw new UserError('name one or two revisions before -- and the file after it: sla diff main -- sla.yaml, or sla diff v1 v2 -- sla.yaml');
    const old = { label: `${operands[0]}:${file}`, text: await gitShow(operands[0]!, file, io.cwd) };
    const current = operands[1] !== undefined ? { label: `${operands[1]}:${file}`, text: await gitShow(operands[1], file, io.cwd) } : await readSide(file, io);
    sides = [old, current];
  }
  const [before, after] = sides.map((s) => load(s, io, options));
  const changes = diffAgreements(before!, after!).map((c) => ({ ...c, summary: changeInWords(c, before!, after!) }));
  io.stdout.write(format({ before: sides[0].label, after: sides[1].label, changes }, { color: colorFor(io, io.stdout, options.color ?? true) }));

  // The version is how the parties tell texts apart: a material change must move it, and never back.
  const material = changes.some((c) => c.class === 'material');
  const order = compareVersions(before!.version, after!.version);
  if (order > 0) tell(io, `${sides[1].label}: version ${after!.version} is lower than ${before!.version}; a new text needs a higher version (rule/version-not-bumped)`);
  else if (material && order === 0) tell(io, `${sides[1].label}: the material content changed but the version is still ${after!.version}; raise it so the signatures can tell the texts apart (rule/version-not-bumped)`);
  return material || order > 0 ? EXIT_FINDINGS : EXIT_OK;
}

async function readSide(path: string, io: Io): Promise<Side> {
  const { file, text } = await readTextInput(path, io);
  return { label: file, text };
}

/** An invalid side is reported as `validate` reports it, and is an input error (exit 2). */
function load(side: Side, io: Io, options: DiffOptions): Sla {
  const report = loadSla(side.text, side.label, { asOf: resolveAsOf(undefined) });
  // A missing or stale signature is no reason not to compare: a new text is signed after review.
  if (!report.sla) {
    io.stderr.write(stylish({ valid: false, files: [report] }, { color: colorFor(io, io.stderr, options.color ?? true), strict: false }));
    throw new UserError(`${side.label} is not a valid SLA; fix it first (the errors above), then compare`);
  }
  return report.sla;
}

/** Versions compare part by part, numerically where both parts are numbers: 1.10 is after 1.9. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/);
  const pb = b.split(/[.-]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    const d = /^\d+$/.test(x) && /^\d+$/.test(y) ? Number(x) - Number(y) : x.localeCompare(y);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}
