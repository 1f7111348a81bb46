// Which changes are material (they change what someone must do or what they get) and which are
// editorial (wording, names, contacts). docs/diff.md prints this table; keep the two in step.
// The first row whose pattern matches a change's shape wins; anything not listed is material, so a
// new field is never waved through as editorial by omission.

export type ChangeClass = 'material' | 'editorial';

export interface ClassRule {
  /** A shape (list items as []), `*` for one path segment. */
  pattern: string;
  class: ChangeClass;
  why: string;
}

export const CLASS_RULES: readonly ClassRule[] = [
  { pattern: '/sla', class: 'editorial', why: 'the file format version' },
  { pattern: '/version', class: 'editorial', why: 'bookkeeping: the diff itself says whether it had to move' },
  { pattern: '/title', class: 'editorial', why: 'the name on the document' },
  { pattern: '/parties/signatories[]/signed', class: 'editorial', why: 'a signature records agreement; it changes no term' },
  { pattern: '/parties/signatories[]/role', class: 'editorial', why: 'a job title beside the signature' },
  { pattern: '/parties/*/contact', class: 'editorial', why: 'how to reach a party' },
  { pattern: '/parties/recipients[]/contact', class: 'editorial', why: 'how to reach a party' },
  { pattern: '/parties/*/name', class: 'editorial', why: 'a display name; the id is the party' },
  { pattern: '/parties/recipients[]/name', class: 'editorial', why: 'a display name; the id is the party' },
  { pattern: '/scope/summary', class: 'editorial', why: 'a summary of the scope listed below it' },
  { pattern: '/scope/services[]/name', class: 'editorial', why: 'a display name; the id is the service' },
  { pattern: '/scope/services[]/description', class: 'editorial', why: 'wording' },
  { pattern: '/scope/coverage/holidays[]/name', class: 'editorial', why: 'the name of a holiday; its date is what counts' },
  { pattern: '/expectations/priorities[]/name', class: 'editorial', why: 'a display name; the id is the priority' },
  { pattern: '/expectations/priorities[]/description', class: 'editorial', why: 'wording' },
  { pattern: '/metrics[]/name', class: 'editorial', why: 'a display name; the id is the KPI' },
  { pattern: '/metrics[]/description', class: 'editorial', why: 'wording' },
  { pattern: '/reporting/reports[]/channel', class: 'editorial', why: 'where a report is posted, not what it says' },
];

const matches = (pattern: string, shape: string) => {
  const p = pattern.split('/');
  const s = shape.split('/');
  return p.length === s.length && p.every((part, i) => part === '*' || part === s[i]);
};

/** The class of a change at `shape` (an item added or removed as a whole is classed by its list's shape). */
export function classOf(shape: string): ChangeClass {
  return CLASS_RULES.find((r) => matches(r.pattern, shape))?.class ?? 'material';
}
