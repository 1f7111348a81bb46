import { endOfTerm, isCalendarDate } from '../dates.js';
import { parseDuration, type Duration } from '../duration.js';
import type { Kpi, Party, Sla } from '../model.js';

export interface RuleContext {
  /** Today's date, YYYY-MM-DD, for rules about reviews and expiry. */
  asOf: string;
}

/** A path into the agreement: keys and list indexes, such as ['metrics', 0, 'objective', 'target']. */
export type Path = (string | number)[];

/**
 * What several rules need to know about the agreement, worked out once before any rule runs, so no
 * rule depends on another having run first.
 */
export interface RuleFacts {
  /** Today's date, YYYY-MM-DD. */
  asOf: string;
  /** The provider, then the recipients, each with the path of its id. */
  parties: { party: Party; at: Path }[];
  partyIds: Set<string>;
  /** The dates the term and the review are judged by (effective, expires, next review, holidays). */
  termDates: { value: string; at: Path }[];
  /** Every one of `termDates` exists in the calendar, so comparing them means something. */
  termDatesValid: boolean;
  /** The last day the agreement covers: its expiry date or the end of its term, if it has one. */
  lastDay: string | undefined;
  /** Minutes from the start to the end of coverage; zero or less when the hours are back to front. */
  businessDayMinutes: number;
  /** Coverage every day from 00:00 to 24:00: business time and calendar time are the same. */
  aroundTheClock: boolean;
  /** Each priority's response and resolution times, parsed (undefined where they do not parse). */
  priorityTimes: { response: Duration | undefined; resolution: Duration | undefined }[];
  priorityIds: Set<string>;
  /** KPIs by id; with a duplicate id, the later KPI. */
  kpisById: Map<string, Kpi>;
  /** Ids of the KPIs some consequence names. */
  coveredKpiIds: Set<string>;
}

const minutesOfDay = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

export function deriveFacts(sla: Sla, context: RuleContext): RuleFacts {
  const termDates: RuleFacts['termDates'] = [{ value: sla.effective, at: ['effective'] }];
  if (sla.expires !== undefined) termDates.push({ value: sla.expires, at: ['expires'] });
  termDates.push({ value: sla.reporting.review.next, at: ['reporting', 'review', 'next'] });
  sla.scope.coverage.holidays?.forEach((h, i) => termDates.push({ value: h.date, at: ['scope', 'coverage', 'holidays', i, 'date'] }));
  const parties: RuleFacts['parties'] = [
    { party: sla.parties.provider, at: ['parties', 'provider', 'id'] },
    ...sla.parties.recipients.map((party, i) => ({ party, at: ['parties', 'recipients', i, 'id'] })),
  ];
  return {
    asOf: context.asOf,
    parties,
    partyIds: new Set(parties.map((p) => p.party.id)),
    termDates,
    termDatesValid: termDates.every((d) => isCalendarDate(d.value)),
    lastDay: sla.expires ?? (sla.term !== undefined ? endOfTerm(sla.effective, sla.term) : undefined),
    businessDayMinutes: minutesOfDay(sla.scope.coverage.to) - minutesOfDay(sla.scope.coverage.from),
    aroundTheClock: sla.scope.coverage.days.length === 7 && sla.scope.coverage.from === '00:00' && sla.scope.coverage.to === '24:00',
    priorityTimes: sla.expectations.priorities.map((p) => ({ response: parseDuration(p.response), resolution: parseDuration(p.resolution) })),
    priorityIds: new Set(sla.expectations.priorities.map((p) => p.id)),
    kpisById: new Map(sla.metrics.map((k) => [k.id, k])),
    coveredKpiIds: new Set(sla.consequences.flatMap((c) => c.kpis)),
  };
}
