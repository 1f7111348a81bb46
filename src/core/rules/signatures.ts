import type { Sla } from '../model.js';
import { fingerprint } from '../sign/fingerprint.js';
import type { Rule } from './rule.js';

type Signatory = NonNullable<Sla['parties']['signatories']>[number];
export type SignatureRecord = Exclude<NonNullable<Signatory['signed']>, string>;

/** Where a signatory stands against the text as it is now. */
export type SignatureState =
  | { state: 'unsigned' }
  /** A date without version or fingerprint (the old form): what was signed is unknown. */
  | { state: 'dated'; date: string }
  | { state: 'current'; record: SignatureRecord }
  | { state: 'stale'; record: SignatureRecord };

export function signatureState(signatory: Signatory, current: string): SignatureState {
  const signed = signatory.signed;
  if (signed === undefined) return { state: 'unsigned' };
  if (typeof signed === 'string') return { state: 'dated', date: signed };
  return { state: signed.fingerprint === current ? 'current' : 'stale', record: signed };
}

const signCommand = (name: string) => `sla sign --as ${JSON.stringify(name)}`;

export const signatures: Rule = {
  id: 'signatures',
  severity: 'error',
  description: 'an active agreement a signatory has not signed, a signature on an earlier text, or a signature without a fingerprint',
  docs: 'docs/rules.md#signatures',
  check(sla, _facts, report) {
    const signatories = sla.parties.signatories ?? [];
    if (signatories.length === 0 || sla.status === 'retired') return;
    const current = fingerprint(sla);
    const active = sla.status === 'active';
    const signedBy: string[] = [];
    const notYet: string[] = [];
    signatories.forEach((s, i) => {
      const at = ['parties', 'signatories', i];
      const state = signatureState(s, current);
      switch (state.state) {
        case 'unsigned':
          notYet.push(s.name);
          if (active) report(at, `the agreement is active but ${s.name} has not signed it: sign with ${signCommand(s.name)}, or set status: draft until everyone has`);
          break;
        case 'dated':
          // Kept from older files: it counts as signed, but cannot tell which text.
          signedBy.push(`${s.name} (${state.date})`);
          report([...at, 'signed'], `${s.name}'s signature is a plain date: it does not say which text was signed; record it with ${signCommand(s.name)} (date, version and fingerprint)`, 'warning');
          break;
        case 'current':
          signedBy.push(`${s.name} (version ${state.record.version})`);
          break;
        case 'stale':
          notYet.push(`${s.name} (signed version ${state.record.version}, since changed)`);
          report([...at, 'signed'], `the material content changed since ${s.name} signed version ${state.record.version}: review the changes (sla diff) and sign again with ${signCommand(s.name)}`, active ? 'error' : 'warning');
          break;
      }
    });
    if (!active && notYet.length > 0) {
      report(['parties', 'signatories'], `draft: ${signedBy.length ? `signed by ${signedBy.join(', ')}; ` : ''}not yet signed by ${notYet.join(', ')}`, 'warning');
    }
  },
};
