// The priority table and what refers to it: calendar days on a business-hours desk, and KPIs that
// measure a priority's response or resolution with a time of their own.
import { durationInWords, durationMinutes, largestUnit, parseDuration, sameDuration, withBusiness, type Duration } from '../duration.js';
import type { Kpi, Sla } from '../model.js';
import type { RuleFacts } from './facts.js';
import type { Rule } from './rule.js';

type Kind = 'response' | 'resolution';
const KINDS: readonly Kind[] = ['response', 'resolution'];

export const calendarTimeOnBusinessDesk: Rule = {
  id: 'calendar-time-on-business-desk',
  severity: 'warning',
  description: 'a response or resolution time in calendar days or weeks on a desk that works business hours',
  docs: 'docs/rules.md#calendar-time-on-business-desk',
  check(sla, facts, report) {
    // Around the clock a calendar day is a business day; with hours back to front there is no day to count.
    if (facts.aroundTheClock || facts.businessDayMinutes <= 0) return;
    const cov = sla.scope.coverage;
    const hours = `${cov.days.join(', ')} ${cov.from}–${cov.to}`;
    sla.expectations.priorities.forEach((p, i) => {
      for (const kind of KINDS) {
        const d = facts.priorityTimes[i]![kind];
        if (!d || d.business || (largestUnit(d) !== 'day' && largestUnit(d) !== 'week')) continue;
        const business = withBusiness(d, true);
        report(['expectations', 'priorities', i, kind],
          `priority ${p.id}'s ${kind} time "${p[kind]}" runs around the clock (${durationMinutes(d) / 60} hours), but the desk works ${hours}, where "${p[kind]}" usually means working days; ` +
          `write "${durationInWords(business)}" (${durationMinutes(business, facts.businessDayMinutes) / 60} business hours) if that is what is meant`);
      }
    });
  },
};

const RESPONSE = /respon|answer|acknowledg|first[\s_-]?(reply|contact|touch)/i;
const RESOLUTION = /resol|restor|fix|clos|solv/i;

/** "response" or "resolution" when a name says one of them and not the other. */
function kindIn(text: string | undefined): Kind | undefined {
  if (text === undefined) return undefined;
  const response = RESPONSE.test(text);
  return response !== RESOLUTION.test(text) ? (response ? 'response' : 'resolution') : undefined;
}

/**
 * The priority a KPI counts the rows of (its filter on the priority column, or on the one column
 * whose value is a priority id) and whether it times their response or their resolution (the
 * threshold's target, else the first of the measured column, the KPI's id and its name that says).
 */
function measuredPriority(kpi: Kpi, sla: Sla): { index: number; kind: Kind } | undefined {
  const m = kpi.measure;
  const where = m.where ?? {};
  const ids = sla.expectations.priorities.map((p) => p.id);
  const column = m.priorityColumn ?? 'priority';
  let index: number;
  if (Object.hasOwn(where, column)) index = ids.indexOf(String(where[column]));
  else {
    const matches = Object.values(where).map((v) => ids.indexOf(String(v))).filter((i) => i >= 0);
    index = matches.length === 1 ? matches[0]! : -1;
  }
  if (index < 0) return undefined;
  const kind = m.threshold?.target ?? [m.duration?.to, m.column, m.metric, kpi.id, kpi.name].map(kindIn).find((k) => k !== undefined);
  return kind === undefined ? undefined : { index, kind };
}

/** The duration a KPI's name promises, such as "within 4 business hours", if it names one. */
function durationInName(name: string): { text: string; duration: Duration } | undefined {
  const at = /\bwithin\s+/i.exec(name);
  if (!at) return undefined;
  const words = name.slice(at.index + at[0].length).split(/\s+/);
  // The longest run of words after "within" that reads as a duration: "4 business hours of opening" → "4 business hours".
  for (let n = words.length; n > 0; n--) {
    const text = words.slice(0, n).join(' ').replace(/[.,;:)]+$/, '');
    const duration = parseDuration(text);
    if (duration) return { text, duration };
  }
  return undefined;
}

function checkThreshold(kpi: Kpi, i: number, sla: Sla, facts: RuleFacts, index: number, kind: Kind, report: Parameters<Rule['check']>[2]): void {
  const m = kpi.measure;
  const t = m.threshold;
  if (m.aggregate !== 'attainment' || t?.value === undefined || t.target !== undefined || (t.op !== '<=' && t.op !== '<')) return;
  const p = sla.expectations.priorities[index]!;
  const time = facts.priorityTimes[index]![kind];
  if (!time) return;
  const at = ['metrics', i, 'measure', 'threshold', 'value'];
  const follow = `threshold: { op: "${t.op}", target: ${kind} }`;
  if (m.duration !== undefined) {
    // Minutes on the KPI's own clock, as the check counts them.
    const business = m.duration.clock === 'business';
    if (business && facts.businessDayMinutes <= 0) return;
    const dayMinutes = business ? facts.businessDayMinutes : 8 * 60;
    const threshold = typeof t.value === 'number' ? t.value : parseDuration(t.value);
    if (threshold === undefined) return;
    const thresholdMinutes = typeof threshold === 'number' ? threshold : durationMinutes(threshold, dayMinutes);
    const timeMinutes = durationMinutes(time, dayMinutes);
    const said = typeof t.value === 'number' ? `${t.value} ${business ? 'business ' : ''}minutes` : `"${t.value}"`;
    if (thresholdMinutes === timeMinutes) {
      report(at, `${kpi.id}: the threshold ${said} is ${p.id}'s ${kind} time written out again; write ${follow} so the KPI follows the priority table when the time changes`, 'warning');
    } else {
      report(at, `${kpi.id} measures ${p.id}'s ${kind} against ${said}, but ${p.id}'s ${kind} time "${p[kind]}" is ${timeMinutes} ${business ? 'business ' : ''}minutes; write ${follow} so the KPI follows the priority table`);
    }
    return;
  }
  // A value read from the data: minutes as a rule, but a column of hours or days is fine too.
  if (typeof t.value !== 'number') return;
  const minutes = durationMinutes(time, facts.businessDayMinutes > 0 ? facts.businessDayMinutes : 8 * 60);
  const dayMinutes = time.business && facts.businessDayMinutes > 0 ? facts.businessDayMinutes : 1440;
  if ([minutes, minutes / 60, minutes / dayMinutes].includes(t.value)) return;
  report(at, `${kpi.id} counts ${p.id} ${kind}s within ${t.value}, but ${p.id}'s ${kind} time "${p[kind]}" is ${minutes} ${time.business ? 'business ' : ''}minutes; ` +
    `make the threshold ${minutes}, or time each row between two timestamp columns (measure.duration) and write ${follow} so the KPI follows the priority table`);
}

export const kpiMatchesPriority: Rule = {
  id: 'kpi-matches-priority',
  severity: 'error',
  description: "a KPI on a priority's response or resolution whose threshold or name says another time than the priority table",
  docs: 'docs/rules.md#kpi-matches-priority',
  check(sla, facts, report) {
    sla.metrics.forEach((kpi, i) => {
      const measured = measuredPriority(kpi, sla);
      if (!measured) return;
      const { index, kind } = measured;
      checkThreshold(kpi, i, sla, facts, index, kind, report);
      const time = facts.priorityTimes[index]![kind];
      const named = durationInName(kpi.name);
      const p = sla.expectations.priorities[index]!;
      if (time && named && !sameDuration(named.duration, time, facts.businessDayMinutes > 0 ? facts.businessDayMinutes : 8 * 60)) {
        report(['metrics', i, 'name'], `${kpi.id}: the name says "within ${named.text}", but ${p.id}'s ${kind} time is ${durationInWords(time)}; say "within ${durationInWords(time)}" so the name and the priority table agree`, 'warning');
      }
    });
  },
};
