// Business-hours clocks and priority targets in the agreement's own words: a KPI that follows the
// priority table says its time as the table does.
import { describe, expect, it } from 'vitest';
import type { Kpi, Sla } from '../../src/core/model.js';
import { kpiInWords } from '../../src/render/kpi-words.js';
import { deadlineInWords } from '../../src/render/words.js';
import { exampleData } from './fixtures.js';

const sla = exampleData('ticket-export') as unknown as Sla;
const kpi = (id: string) => sla.metrics.find((k) => k.id === id) as Kpi;

describe('business-hours clocks in words', () => {
  it('a KPI over all priorities compares each record with its own priority', () => {
    expect(kpiInWords(kpi('response'), sla)).toBe("The percentage of records whose time to first response, in business hours, is at most the response time of the record's priority (3. Expectations).");
  });

  it("a KPI for one priority names that priority's target as the table writes it, and the pause", () => {
    expect(kpiInWords(kpi('p1-resolution'), sla)).toBe('The percentage of records with priority P1 whose time to resolution, in business hours and less the time the clock was paused, is at most the resolution time of P1, 4 business hours.');
  });

  it("says a fixed threshold in the units the priority table uses, on the KPI's clock", () => {
    const fixed = (value: number | string, clock: 'business' | 'calendar') => kpiInWords({ ...kpi('p1-resolution'), measure: { aggregate: 'attainment', duration: { from: 'a', to: 'b', clock }, threshold: { op: '<=', value } } } as Kpi, sla);
    expect(fixed(480, 'business')).toMatch(/ is at most 1 business day \(8 business hours\)\.$/);
    expect(fixed(240, 'business')).toMatch(/ is at most 4 business hours\.$/);
    expect(fixed('1h30m', 'calendar')).toMatch(/, around the clock, is at most 1 hour and 30 minutes \(90 minutes\)\.$/);
    expect(deadlineInWords('4 business hours')).toBe('within 4 business hours');
  });

  it('writes priorities and KPI targets in the same words, working days and compound times included', () => {
    expect(deadlineInWords('1 working day')).toBe('within 1 working day');
    expect(deadlineInWords('1h30m')).toBe('within 1 hour and 30 minutes');
    expect(deadlineInWords('15m')).toBe('within 15 minutes');
    const withTable = { ...sla, expectations: { ...sla.expectations, priorities: sla.expectations.priorities.map((p) => (p.id === 'P1' ? { ...p, resolution: '1 working day 2 hours' } : p)) } };
    expect(deadlineInWords('1 working day 2 hours')).toBe('within 1 working day and 2 working hours');
    expect(kpiInWords(kpi('p1-resolution'), withTable)).toContain('is at most the resolution time of P1, 1 working day and 2 working hours (10 business hours).');
  });
});
