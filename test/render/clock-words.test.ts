// The business-hours clock in the agreement's own words.
import { describe, expect, it } from 'vitest';
import type { Kpi, Sla } from '../../src/core/model.js';
import { clockInWords, deadlineInWords, measureInWords } from '../../src/render/words.js';
import { exampleData } from './fixtures.js';

const sla = exampleData('ticket-export') as unknown as Sla;
const kpi = (id: string) => sla.metrics.find((k) => k.id === id) as Kpi;

describe('business-hours clocks in words', () => {
  it('names the days, hours, zone and where the holidays are listed', () => {
    expect(clockInWords('business', sla)).toBe('in business hours: Monday to Friday, 09:00 to 17:00 Europe/London time, excluding the public holidays listed in bank-holidays-2026.ics');
    const both = { ...sla, scope: { ...sla.scope, coverage: { ...sla.scope.coverage, holidays: [{ date: '2026-12-25' }] } } };
    expect(clockInWords('business', both)).toBe('in business hours: Monday to Friday, 09:00 to 17:00 Europe/London time, excluding the public holidays listed under Hours of service and in bank-holidays-2026.ics');
    expect(clockInWords('calendar', sla)).toBe('around the clock (every minute counts)');
  });

  it('a KPI over all priorities compares each record with its own priority', () => {
    expect(measureInWords(kpi('response'), sla)).toBe('The percentage of records where the time from "opened_at" to "first_response_at" is at most the response time of the record\'s own priority (from the "priority" column), measured in business hours: Monday to Friday, 09:00 to 17:00 Europe/London time, excluding the public holidays listed in bank-holidays-2026.ics. A record with no "first_response_at" yet is open: it counts as missed once its time so far misses the target, and is left out until then.');
  });

  it('a KPI for one priority names that priority\'s target, and the pause column', () => {
    expect(measureInWords(kpi('p1-resolution'), sla)).toMatch(/^The percentage of records where the time from "opened_at" to "resolved_at" less the minutes in "paused_minutes" is at most the resolution time of P1 \(4 business hours\), counting only records where priority is P1, measured in business hours: /);
  });

  it('an aggregated duration, pause pairs and a fixed threshold', () => {
    expect(measureInWords(kpi('resolution-p90'), sla)).toMatch(/^The 90th percentile of the time from "opened_at" to "resolved_at" less the minutes in "paused_minutes", measured in business hours: .* A record with no "resolved_at" yet is open and left out\.$/);
    const pairs = { ...kpi('p1-resolution'), measure: { aggregate: 'attainment', duration: { from: 'a', to: 'b', clock: 'calendar', pauses: [{ from: 'h', to: 'u' }] }, threshold: { op: '<', value: '2h' } } } as Kpi;
    expect(measureInWords(pairs, sla)).toMatch(/^The percentage of records where the time from "a" to "b" less the time between "h" and "u" is less than 2 hours, measured around the clock \(every minute counts\)\./);
  });

  it('says a fixed threshold in minutes in the units the priority table uses, on the KPI\'s clock', () => {
    const fixed = (value: number, clock: 'business' | 'calendar') => measureInWords({ ...kpi('p1-resolution'), measure: { aggregate: 'attainment', duration: { from: 'a', to: 'b', clock }, threshold: { op: '<=', value } } } as Kpi, sla);
    expect(fixed(480, 'business')).toMatch(/ is at most 1 business day, measured in business hours/);
    expect(fixed(240, 'business')).toMatch(/ is at most 4 business hours, measured/);
    expect(fixed(90, 'calendar')).toMatch(/ is at most 1 hour and 30 minutes, measured around the clock/);
    expect(deadlineInWords('4 business hours')).toBe('within 4 business hours');
  });

  it('writes priorities and KPI targets in the same words, working days and compound times included', () => {
    expect(deadlineInWords('1 working day')).toBe('within 1 working day');
    expect(deadlineInWords('1h30m')).toBe('within 1 hour and 30 minutes');
    expect(deadlineInWords('15m')).toBe('within 15 minutes');
    const withTable = { ...sla, expectations: { ...sla.expectations, priorities: sla.expectations.priorities.map((p) => (p.id === 'P1' ? { ...p, resolution: '1 working day 2 hours' } : p)) } };
    expect(measureInWords(kpi('p1-resolution'), withTable)).toContain('is at most the resolution time of P1 (1 working day and 2 working hours)');
    expect(deadlineInWords('1 working day 2 hours')).toBe('within 1 working day and 2 working hours');
  });
});
