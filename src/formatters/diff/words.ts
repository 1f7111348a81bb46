// Each change in words a signatory understands: "KPI "P1 response": target lowered from at least 95 %
// to at least 90 % (less demanding for the provider)". Numbers print as the SLA writes them.
import type { Change } from '../../core/diff/compare.js';
import { durationInWords, durationMinutes, parseDuration } from '../../core/duration.js';
import type { Sla } from '../../core/model.js';
import { exactNumber, OP_WORDS, UNIT_SUFFIX } from '../text.js';

/** Names of lists whose items are statements or names, for "added"/"removed" sentences. */
const LIST_WORDS: Record<string, [added: string, removed: string]> = {
  '/scope/included[]': ['now included in the scope', 'no longer included in the scope'],
  '/scope/excluded[]': ['now excluded from the scope', 'no longer excluded from the scope'],
  '/scope/outcomes[]': ['outcome added', 'outcome removed'],
  '/scope/coverage/days[]': ['now a covered day', 'no longer a covered day'],
  '/expectations/provider[]': ['the provider now commits to', 'the provider no longer commits to'],
  '/expectations/recipient[]': ['the recipients must now', 'the recipients no longer must'],
  '/expectations/quality[]': ['quality standard added', 'quality standard removed'],
  '/reporting/reports[]/content[]': ['now reports', 'no longer reports'],
  '/reporting/reports[]/audience[]': ['now sent to', 'no longer sent to'],
  '/reporting/review/participants[]': ['now reviewed by', 'no longer reviewed by'],
  '/consequences[]/kpis[]': ['now applies to KPI', 'no longer applies to KPI'],
};

const FIELD_WORDS: Record<string, string> = {
  effective: 'effective date',
  expires: 'expiry date',
  term: 'term',
  timezone: 'time zone',
  minSamples: 'minimum samples a period',
  holidayCalendar: 'holiday calendar',
  next: 'next review',
  cap: 'cap',
  representative: 'representative',
};

const show = (value: unknown): string => {
  if (value === undefined || value === null) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'number') return exactNumber(value);
  if (Array.isArray(value)) return value.map(show).join(', ');
  return JSON.stringify(value);
};

/** The length of a business day on the agreement's coverage hours, in minutes (8 hours without them). */
function businessDayMinutes(sla: Sla): number {
  const c = sla.scope.coverage;
  const minutes = (t: string | undefined) => (t === undefined ? undefined : Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5)));
  const from = minutes(c?.from);
  const to = minutes(c?.to);
  if (from === undefined || to === undefined) return 8 * 60;
  return to > from ? to - from : 24 * 60 - from + to;
}

function objectiveWords(change: Change, unit: string): string {
  const b = change.before as { op: keyof typeof OP_WORDS; target: number };
  const a = change.after as { op: keyof typeof OP_WORDS; target: number };
  const say = (o: typeof a) => `${OP_WORDS[o.op]} ${exactNumber(o.target)}${UNIT_SUFFIX[unit] ?? ''}`;
  if (b.op !== a.op) return `target changed from ${say(b)} to ${say(a)}`;
  const higherIsHarder = a.op === '>=' || a.op === '>';
  const raised = a.target > b.target;
  const harder = raised === higherIsHarder;
  return `target ${raised ? 'raised' : 'lowered'} from ${say(b)} to ${say(a)} (${harder ? 'more' : 'less'} demanding for the provider)`;
}

function durationWords(field: string, before: string, after: string, dayMinutes: number): string {
  const b = parseDuration(before);
  const a = parseDuration(after);
  const words = (text: string) => {
    const d = parseDuration(text);
    return d ? durationInWords(d) : text;
  };
  let verdict = '';
  if (a && b && a.business === b.business) {
    const diff = durationMinutes(a, dayMinutes) - durationMinutes(b, dayMinutes);
    verdict = diff < 0 ? ' (faster)' : diff > 0 ? ' (slower)' : ' (the same time on these coverage hours)';
  } else if (a && b) {
    verdict = a.business ? ' (now counted in business time)' : ' (now counted around the clock)';
  }
  return `${field} from ${words(before)} to ${words(after)}${verdict}`;
}

function creditWords(before: unknown, after: unknown, what: string): string {
  if (typeof before !== 'number' || typeof after !== 'number') return `${what} changed from ${show(before)} to ${show(after)}`;
  const more = after > before;
  return `${what} ${more ? 'raised' : 'lowered'} from ${exactNumber(before)} % to ${exactNumber(after)} % (${more ? 'more' : 'less'} for the recipients)`;
}

/** One sentence for a change, starting with what it is about. */
/** A signature in either form, or its absence. */
const signatureWords = (x: unknown): string => {
  if (x === undefined || x === null) return 'not signed';
  if (typeof x === 'string') return `signed on ${x}`;
  const r = x as { date: string; version: string; fingerprint: string };
  return `signed version ${r.version} on ${r.date} (${r.fingerprint})`;
};

export function changeInWords(change: Change, before: Sla, after: Sla): string {
  if (change.shape === '/parties/signatories[]/signed') return `${change.subject}: ${signatureWords(change.after)}; before, ${signatureWords(change.before)}`;
  const field = change.shape.slice(change.shape.lastIndexOf('/') + 1);
  const list = LIST_WORDS[change.shape];
  if (list) return `${change.subject}: ${change.kind === 'added' ? list[0] : list[1]} ${show(change.kind === 'added' ? change.after : change.before)}`;
  if (change.kind === 'added' || change.kind === 'removed') {
    const whole = /\[\]$/.test(change.shape);
    if (whole) return `${change.subject} ${change.kind}`;
    const value = change.kind === 'added' ? change.after : change.before;
    return `${change.subject}: ${FIELD_WORDS[field] ?? field} ${change.kind === 'added' ? `set to ${show(value)}` : `removed (was ${show(value)})`}`;
  }
  if (change.shape === '/metrics[]/objective') {
    const id = /^\/metrics\[([^\]]+)\]/.exec(change.path)?.[1];
    const unit = after.metrics.find((m) => m.id === id)?.unit ?? '';
    return `${change.subject}: ${objectiveWords(change, unit)}`;
  }
  if (change.shape === '/expectations/priorities[]/response' || change.shape === '/expectations/priorities[]/resolution') {
    return `${change.subject}: ${durationWords(field, String(change.before), String(change.after), businessDayMinutes(after))}`;
  }
  if (change.shape === '/consequences[]/credits[]/credit') return `${change.subject}: ${creditWords(change.before, change.after, 'credit')}`;
  if (change.shape === '/consequences[]/cap') return `${change.subject}: ${creditWords(change.before, change.after, 'cap')}`;
  if (change.shape === '/consequences[]/escalation') return `${change.subject}: escalation from ${(change.before as string[]).join(' → ')} to ${(change.after as string[]).join(' → ')}`;
  if (change.shape === '/parties/recipients[]/charge') {
    const c = (x: unknown) => (x && typeof x === 'object' ? `${exactNumber((x as { amount: number }).amount)} ${(x as { currency: string }).currency} per ${(x as { per: string }).per}` : 'none');
    return `${change.subject}: charge from ${c(change.before)} to ${c(change.after)}`;
  }
  void before;
  return `${change.subject}: ${FIELD_WORDS[field] ?? field} changed from ${show(change.before)} to ${show(change.after)}`;
}
