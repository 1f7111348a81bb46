// The view model is the one thing templates see: every value already in words, every optional
// field present (null or an empty list), so templates in strict mode can test anything they name.
// Its shape is documented in docs/templates.md ("The view model"); keep the two in step.
import { endOfTerm } from '../core/dates.js';
import type { Sla } from '../core/model.js';
import { signatureState, type SignatureState } from '../core/rules/signatures.js';
import { fingerprint } from '../core/sign/fingerprint.js';
import { businessDayMinutesOf, dataFormatInWords, dataSourcesOf, kpiInWords, openRecordsNote } from './kpi-words.js';
import {
  capitalize, dateInWords, daysInWords, deadlineInWords, frequencyInWords, hoursInWords, listInWords,
  nameInSentence, numberInWords, periodInWords, targetInWords, valueInWords,
} from './words.js';
import { money } from '../formatters/money.js';

/** `page`: the PDF page the section starts on ("" until known), null in HTML and Markdown. */
export interface SectionView { id: string; number: number | null; title: string; heading: string; anchor: string; page: string | null }
/** `nameInText`: the name as it reads inside a sentence ("all employees of Example Ltd"). */
export interface PartyView { id: string; name: string; nameInText: string; contact: string; representative: string; role: string }
/**
 * `signed` is the date of a signature on this text (or an old plain date), null when unsigned or stale:
 * a stale signature is never shown as valid. `signature` says it all in words for the date column.
 */
export interface SignatoryView {
  party: string; partyName: string; partyNameInText: string; name: string; role: string | null; signed: string | null;
  signatureState: 'signed' | 'dated' | 'stale' | 'unsigned'; signedVersion: string | null; signedFingerprint: string | null; signature: string;
}

export interface AgreementView {
  agreement: {
    id: string; title: string; version: string; fingerprint: string; status: string; statusText: string; isDraft: boolean;
    effective: string; effectiveDate: string; expires: string | null; expiresDate: string | null;
    term: string | null; termText: string; timezone: string;
  };
  provider: PartyView;
  recipients: PartyView[];
  parties: PartyView[];
  recipientNames: string;
  signatories: SignatoryView[];
  /** False when no signatory has a role: the Markdown table leaves the column out. */
  hasSignatoryRoles: boolean;
  sections: SectionView[];
  scope: {
    summary: string;
    services: { id: string; name: string; description: string | null }[];
    /** False when no service has a description: the column is left out. */
    hasServiceDescriptions: boolean;
    included: string[];
    excluded: string[];
    coverage: { days: string; hours: string; timezone: string; text: string; holidays: { date: string; isoDate: string; name: string | null }[]; hasHolidayNames: boolean; holidayCalendar: string | null; businessDay: string };
    outcomes: string[];
  };
  expectations: {
    provider: string[];
    recipient: string[];
    quality: string[];
    priorities: { id: string; name: string; description: string | null; response: string; resolution: string }[];
    hasPriorityDescriptions: boolean;
  };
  metrics: {
    id: string; name: string; description: string | null; unit: string;
    target: string; period: string; objective: string; measured: string;
  }[];
  /** Said once under the metrics table: how business hours and open records count (or null). */
  metricsNotes: string[];
  /** The "Data sources" appendix: each column of the metrics data the KPIs read, and what it holds. */
  dataSources: { column: string; meaning: string }[];
  /** How the data writes timestamps, durations and priorities (its data section); null for ISO 8601 in the agreement's zone. */
  dataFormat: string | null;
  reporting: {
    reports: { name: string; content: string[]; frequency: string; frequencyText: string; audience: string[]; audienceText: string; channel: string | null }[];
    review: { frequency: string; frequencyText: string; participants: string[]; participantsText: string; next: string; nextDate: string };
  };
  consequences: {
    id: string | null; title: string; kpis: { id: string; name: string }[]; kpiNames: string; remedy: string;
    escalation: string[]; escalationText: string;
    credits: { condition: string; credit: string }[];
    /** "Credits under this consequence never exceed 30 % of a period's charge.", when it has a cap. */
    capText: string | null;
  }[];
  hasCredits: boolean;
  /** What each recipient pays per period, the base of its credits; null when no recipient states a charge. */
  chargesText: string | null;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
export function slug(text: string): string {
  return text.toLowerCase().trim().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
}

/** The six parts of a good agreement, in the order a reader needs them, then the signatures. */
const SECTIONS: [string, string][] = [
  ['parties', 'Parties'], ['scope', 'Scope'], ['expectations', 'Expectations'], ['metrics', 'Metrics'],
  ['reporting', 'Reporting and review'], ['consequences', 'Consequences of failure'], ['signatures', 'Signatures'],
  ['data-sources', 'Appendix: Data sources'],
];

/**
 * `pages`: the PDF page each section starts on, by anchor (the second print of a PDF), or
 * "placeholder" for the first print (a 0 where each number goes, so the layout does not move).
 */
export function buildAgreementView(sla: Sla, pages?: ReadonlyMap<string, number> | 'placeholder'): AgreementView {
  const party = (p: Sla['parties']['provider'], role: string): PartyView => ({ id: p.id, name: p.name, nameInText: nameInSentence(p.name), contact: p.contact, representative: p.representative, role });
  const provider = party(sla.parties.provider, 'Provider');
  const recipients = sla.parties.recipients.map((p) => party(p, 'Recipient'));
  const parties = [provider, ...recipients];
  const partyName = (id: string) => parties.find((p) => p.id === id)?.name ?? id;

  const expires = sla.expires ?? (sla.term !== undefined ? endOfTerm(sla.effective, sla.term) ?? null : null);
  const termText = sla.expires !== undefined
    ? `From ${dateInWords(sla.effective)} to ${dateInWords(sla.expires)}`
    : sla.term !== undefined
      ? `${capitalize(sla.term)} from ${dateInWords(sla.effective)}${expires ? `, until ${dateInWords(expires)}` : ''}`
      : `From ${dateInWords(sla.effective)}, until replaced or retired`;

  const currentFingerprint = fingerprint(sla);
  // Without named signatories, each party's representative gets a line to sign (by hand: the date is left blank).
  const signatories: SignatoryView[] = sla.parties.signatories && sla.parties.signatories.length > 0
    ? sla.parties.signatories.map((s) => ({ party: s.party, partyName: partyName(s.party), partyNameInText: nameInSentence(partyName(s.party)), name: s.name, role: s.role ?? null, ...signatureView(signatureState(s, currentFingerprint)) }))
    : parties.map((p) => ({ party: p.id, partyName: p.name, partyNameInText: p.nameInText, name: p.representative, role: null, ...signatureView({ state: 'unsigned' }), signature: '' }));

  const cov = sla.scope.coverage;
  const zone = cov.timezone ?? sla.timezone;
  const coverage = {
    days: daysInWords(cov.days),
    hours: hoursInWords(cov.from, cov.to),
    timezone: zone,
    text: `${daysInWords(cov.days)}, ${hoursInWords(cov.from, cov.to)} (${zone} time)`,
    holidays: (cov.holidays ?? []).map((h) => ({ date: dateInWords(h.date), isoDate: h.date, name: h.name ?? null })),
    hasHolidayNames: (cov.holidays ?? []).some((h) => h.name !== undefined && h.name !== ''),
    holidayCalendar: cov.holidayCalendar ?? null,
    businessDay: `${numberInWords(businessDayMinutesOf(sla) / 60)} hours`,
  };

  const kpiById = new Map(sla.metrics.map((k) => [k.id, k]));
  const consequences = sla.consequences.map((c) => {
    const kpis = c.kpis.map((id) => ({ id, name: kpiById.get(id)?.name ?? id }));
    const units = new Set(c.kpis.map((id) => kpiById.get(id)?.unit));
    const unit = units.size === 1 ? [...units][0] : undefined;
    const bound = (n: number) => (unit ? valueInWords(n, unit) : numberInWords(n));
    return {
      id: c.id ?? null,
      // "response-and-resolution" reads "Response and resolution"; without an id, the KPI names it.
      title: c.id !== undefined ? capitalize(c.id.replace(/[-_]+/g, ' ').trim()) : kpis[0]!.name,
      kpis,
      kpiNames: listInWords(kpis.map((k) => k.name)),
      remedy: c.remedy,
      escalation: [...c.escalation],
      escalationText: c.escalation.join(', then '),
      credits: (c.credits ?? []).map((t) => ({
        condition: [t.below !== undefined ? `below ${bound(t.below)}` : '', t.above !== undefined ? `above ${bound(t.above)}` : ''].filter(Boolean).join(' or '),
        credit: `${numberInWords(t.credit)} % of the period's charge`,
      })),
      capText: c.cap !== undefined ? `Credits under this consequence never exceed ${numberInWords(c.cap)} % of a period's charge, however many of its targets are missed.` : null,
    };
  });
  // The charges are part of what both sides sign: credits are shares of them.
  const charged = sla.parties.recipients.map((r) => (r.charge ? `${r.name} pays ${money(r.charge.amount, r.charge.currency)} per ${r.charge.per}` : `${r.name} states no charge`));
  const chargesText = sla.parties.recipients.some((r) => r.charge) ? `${charged.join('; ')}. A service credit is a share of the recipient's charge for the period in which the target was missed.` : null;

  return {
    agreement: {
      id: sla.id,
      title: sla.title,
      version: sla.version,
      fingerprint: currentFingerprint,
      status: sla.status,
      statusText: capitalize(sla.status),
      isDraft: sla.status === 'draft',
      effective: dateInWords(sla.effective),
      effectiveDate: sla.effective,
      expires: expires ? dateInWords(expires) : null,
      expiresDate: expires,
      term: sla.term ?? null,
      termText,
      timezone: sla.timezone,
    },
    provider,
    recipients,
    parties,
    recipientNames: listInWords(recipients.map((r) => r.nameInText)),
    signatories,
    hasSignatoryRoles: signatories.some((s) => s.role !== null && s.role !== ''),
    sections: SECTIONS.map(([id, title], i) => {
      const number = i < 6 ? i + 1 : null;
      const heading = number !== null ? `${number}. ${title}` : title;
      const anchor = id === 'data-sources' ? id : slug(heading);
      const page = pages === undefined ? null : pages === 'placeholder' ? '0' : String(pages.get(anchor) ?? '');
      return { id, number, title, heading, anchor, page };
    }),
    scope: {
      summary: sla.scope.summary,
      services: sla.scope.services.map((s) => ({ id: s.id, name: s.name, description: s.description ?? null })),
      hasServiceDescriptions: sla.scope.services.some((s) => s.description !== undefined && s.description !== ''),
      included: [...sla.scope.included],
      excluded: [...sla.scope.excluded],
      coverage,
      outcomes: [...(sla.scope.outcomes ?? [])],
    },
    expectations: {
      provider: [...sla.expectations.provider],
      recipient: [...sla.expectations.recipient],
      quality: [...(sla.expectations.quality ?? [])],
      priorities: sla.expectations.priorities.map((p) => ({ id: p.id, name: p.name, description: p.description ?? null, response: deadlineInWords(p.response), resolution: deadlineInWords(p.resolution) })),
      hasPriorityDescriptions: sla.expectations.priorities.some((p) => p.description !== undefined && p.description !== ''),
    },
    metrics: sla.metrics.map((k) => ({
      id: k.id,
      name: k.name,
      description: k.description ?? null,
      unit: k.unit,
      target: targetInWords(k),
      period: periodInWords(k.period),
      objective: `${targetInWords(k)} ${periodInWords(k.period)}`,
      measured: kpiInWords(k, sla),
    })),
    metricsNotes: [
      ...(sla.metrics.some((k) => k.measure.duration?.clock === 'business' || /business/i.test(k.measure.column ?? ''))
        ? ['Business hours are the hours of service in 2. Scope, holidays excluded.'] : []),
      ...(openRecordsNote(sla) !== null ? [openRecordsNote(sla)!] : []),
    ],
    dataSources: dataSourcesOf(sla),
    dataFormat: dataFormatInWords(sla),
    reporting: {
      reports: sla.reporting.reports.map((r) => ({
        name: r.name,
        content: [...(r.content ?? [])],
        frequency: r.frequency,
        frequencyText: frequencyInWords(r.frequency),
        audience: [...r.audience],
        audienceText: listInWords(r.audience),
        channel: r.channel ?? null,
      })),
      review: {
        frequency: sla.reporting.review.frequency,
        frequencyText: frequencyInWords(sla.reporting.review.frequency),
        participants: [...sla.reporting.review.participants],
        participantsText: listInWords(sla.reporting.review.participants),
        next: dateInWords(sla.reporting.review.next),
        nextDate: sla.reporting.review.next,
      },
    },
    consequences,
    hasCredits: consequences.some((c) => c.credits.length > 0),
    chargesText,
  };
}

type SignatureFields = Pick<SignatoryView, 'signed' | 'signatureState' | 'signedVersion' | 'signedFingerprint' | 'signature'>;

function signatureView(state: SignatureState): SignatureFields {
  switch (state.state) {
    case 'unsigned':
      return { signed: null, signatureState: 'unsigned', signedVersion: null, signedFingerprint: null, signature: 'not yet signed' };
    case 'dated':
      return { signed: dateInWords(state.date), signatureState: 'dated', signedVersion: null, signedFingerprint: null, signature: dateInWords(state.date) };
    case 'current': {
      const { date, version, fingerprint: print } = state.record;
      return { signed: dateInWords(date), signatureState: 'signed', signedVersion: version, signedFingerprint: print, signature: `${dateInWords(date)}, version ${version} (${print})` };
    }
    case 'stale': {
      const { date, version, fingerprint: print } = state.record;
      return { signed: null, signatureState: 'stale', signedVersion: version, signedFingerprint: print, signature: `signed version ${version} on ${dateInWords(date)}; the text changed since: sign again` };
    }
  }
}
