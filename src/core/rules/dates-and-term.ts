import { compareDates, endOfTermDay, isCalendarDate } from '../dates.js';
import type { Sla } from '../model.js';
import type { Rule } from './rule.js';

export const calendarDate: Rule = {
  id: 'date',
  severity: 'error',
  description: 'a date that does not exist in the calendar, such as 2026-02-30',
  docs: 'docs/rules.md#date',
  check(sla, facts, report) {
    sla.parties.signatories?.forEach((s, i) => {
      if (s.signed === undefined) return;
      const [date, at] = typeof s.signed === 'string' ? [s.signed, ['parties', 'signatories', i, 'signed']] : [s.signed.date, ['parties', 'signatories', i, 'signed', 'date']];
      if (!isCalendarDate(date)) report(at, `"${date}" is not a date in the calendar`);
    });
    for (const { value, at } of facts.termDates) {
      if (!isCalendarDate(value)) report(at, `"${value}" is not a date in the calendar`);
    }
  },
};

export const term: Rule = {
  id: 'term',
  severity: 'error',
  description: 'an agreement with neither or both of "expires" and "term", or a term that ends after 9999-12-31',
  docs: 'docs/rules.md#term',
  check(sla, _facts, report) {
    if (sla.expires === undefined && sla.term === undefined) report([], 'the agreement has no end: give "expires" (a date) or "term" (such as "12 months")');
    if (sla.expires !== undefined && sla.term !== undefined) report(['term'], 'give either "expires" or "term", not both: they could disagree');
    // Dates are written with four-digit years: an end in year 10000 could be neither shown nor compared.
    else if (sla.term !== undefined && endOfTermDay(sla.effective, sla.term) === Infinity) {
      report(['term'], `a term of ${sla.term.length > 40 ? sla.term.slice(0, 40) + '…' : sla.term} from ${sla.effective} ends after 9999-12-31, the last date sla handles: give a shorter term, or an "expires" date`);
    }
  },
};

/** Whether the agreement expires after it takes effect (an agreement with a term always does). */
const expiresAfterEffective = (sla: Sla) => !(sla.expires !== undefined && compareDates(sla.expires, sla.effective) <= 0);

// The rules below compare dates, which only means something once every date exists (rule `date`).

export const dateOrder: Rule = {
  id: 'date-order',
  severity: 'error',
  description: 'an agreement that expires on or before it takes effect',
  docs: 'docs/rules.md#date-order',
  check(sla, facts, report) {
    if (facts.termDatesValid && !expiresAfterEffective(sla)) report(['expires'], `the agreement expires (${sla.expires}) on or before it takes effect (${sla.effective})`);
  },
};

export const expired: Rule = {
  id: 'expired',
  severity: 'warning',
  description: 'an agreement still "active" after its last day (today is --as-of)',
  docs: 'docs/rules.md#expired',
  check(sla, facts, report) {
    if (facts.termDatesValid && expiresAfterEffective(sla) && facts.lastDay !== undefined && compareDates(facts.lastDay, facts.asOf) < 0 && sla.status === 'active') {
      report(sla.expires !== undefined ? ['expires'] : ['term'], `the agreement ended on ${facts.lastDay} but its status is still "active": renew it or mark it "retired"`);
    }
  },
};

export const reviewOverdue: Rule = {
  id: 'review-overdue',
  severity: 'warning',
  description: 'a next review date in the past (today is --as-of)',
  docs: 'docs/rules.md#review-overdue',
  check(sla, facts, report) {
    const next = sla.reporting.review.next;
    if (facts.termDatesValid && compareDates(next, facts.asOf) < 0 && sla.status !== 'retired') report(['reporting', 'review', 'next'], `the next review (${next}) is in the past as of ${facts.asOf}: hold the review and set the next date`);
  },
};
