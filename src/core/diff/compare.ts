// What changed between two versions of an agreement, on the model, not the text: list items are
// matched by what identifies them (a KPI by its id, a holiday by its date, a credit tier by its
// bound), lists of statements are sets, so reordering or reformatting is no change. Each change is
// classed material or editorial by the table in classes.ts.
import type { Sla } from '../model.js';
import { classOf, type ChangeClass } from './classes.js';

export type ChangeKind = 'added' | 'removed' | 'changed';
export type Section = 'agreement' | 'parties' | 'scope' | 'expectations' | 'metrics' | 'reporting' | 'consequences';

export interface Change {
  section: Section;
  /** Where, with list items named by their identity: /metrics[availability]/objective. */
  path: string;
  /** The path with identities left out (/metrics[]/objective): what the class table and the wording key on. */
  shape: string;
  kind: ChangeKind;
  class: ChangeClass;
  /** What the change is about, in words: 'KPI "Monthly availability"', 'priority P2', 'the review'. */
  subject: string;
  before: unknown;
  after: unknown;
}

type Identity = (item: Record<string, unknown>) => string;

/** Lists of objects and what identifies their items. */
const KEYED: Record<string, Identity> = {
  '/parties/recipients': (r) => String(r.id),
  '/parties/signatories': (s) => `${String(s.party)}/${String(s.name)}`,
  '/scope/services': (s) => String(s.id),
  '/scope/coverage/holidays': (h) => String(h.date),
  '/expectations/priorities': (p) => String(p.id),
  '/metrics': (m) => String(m.id),
  '/metrics[]/measure/duration/pauses': (p) => `${String(p.from)}→${String(p.to)}`,
  '/reporting/reports': (r) => String(r.name),
  '/consequences': (c) => (typeof c.id === 'string' ? c.id : (c.kpis as string[]).join('+')),
  '/consequences[]/credits': (t) => (t.below !== undefined ? `below ${String(t.below)}` : `above ${String(t.above)}`),
};

/** Values compared whole: their parts mean something only together, or their order matters. */
// A signature ({ date, version, fingerprint }) is one act: a new one is one change, classed editorial.
const WHOLE = new Set(['/metrics[]/objective', '/consequences[]/escalation', '/parties/recipients[]/charge', '/parties/signatories[]/signed']);

/** How an item of a keyed list is named in a sentence. */
const ITEM_LABELS: Record<string, (item: Record<string, unknown>) => string> = {
  '/parties/recipients[]': (r) => `recipient ${String(r.name)}`,
  '/parties/signatories[]': (s) => `signatory ${String(s.name)}`,
  '/scope/services[]': (s) => `service ${String(s.name)}`,
  '/scope/coverage/holidays[]': (h) => `holiday ${String(h.date)}${typeof h.name === 'string' ? ` (${h.name})` : ''}`,
  '/expectations/priorities[]': (p) => `priority ${String(p.id)}`,
  '/metrics[]': (m) => `KPI "${String(m.name)}"`,
  '/metrics[]/measure/duration/pauses[]': (p) => `the pause from ${String(p.from)} to ${String(p.to)}`,
  '/reporting/reports[]': (r) => `report "${String(r.name)}"`,
  '/consequences[]': (c) => `the consequence for ${(c.kpis as string[]).join(', ')}`,
  '/consequences[]/credits[]': (t) => `the credit tier ${t.below !== undefined ? `below ${String(t.below)}` : `above ${String(t.above)}`}`,
};

/** Names of the parts that are not list items. */
const PART_LABELS: Record<string, string> = {
  '': 'the agreement',
  '/parties': 'the parties',
  '/parties/provider': 'the provider',
  '/scope': 'the scope',
  '/scope/coverage': 'the coverage hours',
  '/expectations': 'the expectations',
  '/reporting': 'the reporting',
  '/reporting/review': 'the review',
  // How the metrics data is read: it changes the figures, so it is material (docs/sources.md).
  '/data': 'the metrics data',
  '/data/timestamps': 'the timestamps of the metrics data',
  '/data/columns': 'the columns of the metrics data',
};

const SECTIONS: Record<string, Section> = { parties: 'parties', scope: 'scope', expectations: 'expectations', metrics: 'metrics', reporting: 'reporting', consequences: 'consequences' };

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** JSON with object keys sorted: two values that mean the same print the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).filter((k) => value[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Every change from `before` to `after`, in the order of the document's sections. */
export function diffAgreements(before: Sla, after: Sla): Change[] {
  const out: Change[] = [];
  walk(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>, '', '', 'the agreement', out);
  return out;
}

function push(out: Change[], path: string, shape: string, subject: string, kind: ChangeKind, before: unknown, after: unknown): void {
  const top = shape.split('/')[1]?.replace(/\[\]$/, '') ?? '';
  out.push({ section: SECTIONS[top] ?? 'agreement', path, shape, kind, class: classOf(shape), subject, before, after });
}

function walk(a: unknown, b: unknown, path: string, shape: string, subject: string, out: Change[]): void {
  if (same(a, b)) return;
  if (a === undefined) return push(out, path, shape, subject, 'added', undefined, b);
  if (b === undefined) return push(out, path, shape, subject, 'removed', a, undefined);
  if (WHOLE.has(shape)) return push(out, path, shape, subject, 'changed', a, b);
  if (isObject(a) && isObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
    for (const key of keys) walk(a[key], b[key], `${path}/${key}`, `${shape}/${key}`, PART_LABELS[`${shape}/${key}`] ?? subject, out);
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const identity = KEYED[shape];
    if (identity) return walkKeyed(a as Record<string, unknown>[], b as Record<string, unknown>[], identity, path, shape, out);
    if ([...a, ...b].every((x) => typeof x !== 'object' || x === null)) return walkSet(a, b, path, shape, subject, out);
  }
  push(out, path, shape, subject, 'changed', a, b);
}

/** Items matched by identity: added, removed, or compared field by field. */
function walkKeyed(a: Record<string, unknown>[], b: Record<string, unknown>[], identity: Identity, path: string, shape: string, out: Change[]): void {
  const before = new Map(a.map((x) => [identity(x), x]));
  const after = new Map(b.map((x) => [identity(x), x]));
  const label = (x: Record<string, unknown>) => ITEM_LABELS[`${shape}[]`]?.(x) ?? identity(x);
  for (const [id, x] of before) {
    const y = after.get(id);
    walk(x, y, `${path}[${id}]`, `${shape}[]`, label(y ?? x), out);
  }
  for (const [id, x] of after) if (!before.has(id)) walk(undefined, x, `${path}[${id}]`, `${shape}[]`, label(x), out);
}

/** Lists of statements or names: what matters is which are in, not their order. */
function walkSet(a: unknown[], b: unknown[], path: string, shape: string, subject: string, out: Change[]): void {
  const key = (x: unknown) => canonicalJson(x);
  const inB = new Set(b.map(key));
  const inA = new Set(a.map(key));
  for (const x of a) if (!inB.has(key(x))) push(out, `${path}[${key(x)}]`, `${shape}[]`, subject, 'removed', x, undefined);
  for (const x of b) if (!inA.has(key(x))) push(out, `${path}[${key(x)}]`, `${shape}[]`, subject, 'added', undefined, x);
}

/** The agreement without its editorial parts and signatures: what a signature is a signature of. */
export function materialContent(sla: Sla): unknown {
  const strip = (value: unknown, shape: string): unknown => {
    if (Array.isArray(value)) {
      const items = value.map((x) => strip(x, `${shape}[]`)).filter((x) => x !== undefined);
      // Order carries no meaning in a set or a keyed list; it does in an escalation path.
      return WHOLE.has(shape) ? items : items.map((x) => canonicalJson(x)).sort();
    }
    if (!isObject(value)) return value;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const child = `${shape}/${k}`;
      if (child === '/parties/signatories[]/signed') continue;
      // A signatory's name is who signs, not a display name: a new person is a new party to the text.
      if (!WHOLE.has(child) && !isObject(v) && !Array.isArray(v) && classOf(child) === 'editorial' && child !== '/parties/signatories[]/name') continue;
      out[k] = strip(v, child);
    }
    return out;
  };
  return strip(sla, '');
}
