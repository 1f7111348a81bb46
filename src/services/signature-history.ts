// A stale signature says what changed since it was given, when git history still has the text that
// was signed: the version of the file whose fingerprint the signature carries, compared with now.
import { basename, dirname, resolve } from 'node:path';
import { diffAgreements } from '../core/diff/compare.js';
import { loadSla } from '../core/load/load.js';
import type { Sla } from '../core/model.js';
import type { Problem } from '../core/problems.js';
import { fingerprint } from '../core/sign/fingerprint.js';
import { changeInWords } from '../formatters/diff/words.js';
import type { Io } from '../runtime/io.js';
import { gitShow, revisionsOf } from './git.js';

/** How far back the history is searched for the signed text: the reviews of a few years. */
const MAX_REVISIONS = 50;
const STALE = /^the material content changed since (.+?) signed version (\S+): /;


/**
 * The problems with each stale signature's message extended by the material changes since the text
 * that was signed, when that text is in the file's git history; otherwise the problems as they were.
 */
export async function explainStaleSignatures(path: string, sla: Sla, problems: Problem[], io: Io): Promise<Problem[]> {
  const stale = problems.filter((p) => p.rule === 'rule/signatures' && STALE.test(p.message));
  if (stale.length === 0 || path === '-') return problems;
  const file = resolve(io.cwd, path);
  const wanted = new Set((sla.parties.signatories ?? []).flatMap((s) => (typeof s.signed === 'object' ? [s.signed.fingerprint] : [])));
  const found = new Map<string, Sla>(); // fingerprint → the text it was given to
  for (const rev of await revisionsOf(file, MAX_REVISIONS)) {
    if ([...wanted].every((f) => found.has(f))) break;
    const text = await gitShow(rev, basename(file), dirname(file)).catch(() => undefined);
    const old = text === undefined ? undefined : loadSla(text, path, { asOf: '2000-01-01' }).sla;
    if (!old) continue;
    const print = fingerprint(old);
    if (wanted.has(print) && !found.has(print)) found.set(print, old);
  }
  if (found.size === 0) return problems;
  return problems.map((p) => {
    if (!stale.includes(p)) return p;
    const index = Number(/^\/parties\/signatories\/(\d+)\/signed$/.exec(p.path)?.[1]);
    const signed = sla.parties.signatories?.[index]?.signed;
    const old = typeof signed === 'object' ? found.get(signed.fingerprint) : undefined;
    if (!old) return p;
    const changes = diffAgreements(old, sla).filter((c) => c.class === 'material').map((c) => changeInWords(c, old, sla));
    const shown = changes.slice(0, 3).join('; ') + (changes.length > 3 ? `; and ${changes.length - 3} more (sla diff shows them all)` : '');
    return { ...p, message: p.message.replace(STALE, (all) => `${all.slice(0, -2)} (since then: ${shown}): `) };
  });
}
