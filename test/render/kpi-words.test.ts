// KPIs in the words of the agreement: no CSV column names, no raw minutes; the columns go to the
// Data sources appendix.
import { describe, expect, it } from 'vitest';
import type { Kpi, Sla } from '../../src/core/model.js';
import { columnQuantity, dataSourcesOf, kpiInWords, minutesInWords } from '../../src/render/kpi-words.js';
import { buildAgreementView } from '../../src/render/view-model.js';
import { nameInSentence } from '../../src/render/words.js';
import { exampleData } from './fixtures.js';

const desk = exampleData('it-service-desk') as unknown as Sla;
const tickets = exampleData('ticket-export') as unknown as Sla;
const api = exampleData('platform-api') as unknown as Sla;
const kpi = (sla: Sla, id: string) => sla.metrics.find((k) => k.id === id) as Kpi;

describe('KPIs in words', () => {
  it('a business-minutes column reads as business days and hours, as the issue asks', () => {
    // 1440 business minutes on an 8-hour business day (09:00 to 17:00) = 24 business hours = 3 business days.
    expect(kpiInWords(kpi(desk, 'p3-resolution'), desk)).toBe('The percentage of records with priority P3 whose resolution time, in business hours, is at most 3 business days (24 business hours).');
    expect(kpiInWords(kpi(desk, 'p1-response'), desk)).toBe('The percentage of records with priority P1 whose response time is at most 15 minutes.');
  });

  it('never prints a column name or a bare number of minutes', () => {
    for (const sla of [desk, tickets, api]) {
      for (const k of sla.metrics) {
        const text = kpiInWords(k, sla);
        expect(text).not.toMatch(/_|"/);
        expect(text).not.toMatch(/\b(1440|2400|480|240)\b/);
      }
    }
  });

  it('a duration names the interval, the clock and the pause, and the priority target in time', () => {
    expect(kpiInWords(kpi(tickets, 'response'), tickets)).toBe("The percentage of records whose time to first response, in business hours, is at most the response time of the record's priority (3. Expectations).");
    expect(kpiInWords(kpi(tickets, 'p2-resolution'), tickets)).toBe('The percentage of records with priority P2 whose time to resolution, in business hours and less the time the clock was paused, is at most the resolution time of P2, 1 business day (8 business hours).');
    expect(kpiInWords(kpi(tickets, 'resolution-p90'), tickets)).toBe('The 90th percentile of the time to resolution, in business hours and less the time the clock was paused.');
  });

  it('long-format metrics, ratios and counts', () => {
    expect(kpiInWords(kpi(api, 'availability'), api)).toBe('The sum of good requests as a percentage of the sum of total requests.');
    expect(kpiInWords(kpi(api, 'latency-p95'), api)).toBe('The 95th percentile of authorisation latency, over the records with service payments-api.');
  });

  it('minutes as a reader counts them', () => {
    expect(minutesInWords(1440, true, 480)).toBe('3 business days (24 business hours)');
    expect(minutesInWords(240, true, 480)).toBe('4 business hours');
    expect(minutesInWords(90, true, 480)).toBe('90 business minutes');
    expect(minutesInWords(2880, false, 480)).toBe('2 days');
    expect(minutesInWords(15, false, 480)).toBe('15 minutes');
  });

  it('column names to quantities', () => {
    expect(columnQuantity('resolution_business_minutes')).toEqual({ what: 'resolution time', unit: 'minutes', business: true });
    expect(columnQuantity('auth_latency_ms')).toEqual({ what: 'authorisation latency', unit: 'milliseconds', business: false });
    expect(columnQuantity('satisfaction')).toEqual({ what: 'satisfaction', unit: null, business: false });
  });
});

describe('the Data sources appendix', () => {
  it('lists every column the KPIs read, once, with what it holds', () => {
    expect(dataSourcesOf(tickets)).toEqual([
      { column: 'opened_at', meaning: 'When the clock starts; decides the period the record counts in' },
      { column: 'first_response_at', meaning: 'When the time to first response ends (empty while the record is open)' },
      { column: 'resolved_at', meaning: 'When the time to resolution ends (empty while the record is open)' },
      { column: 'paused_minutes', meaning: 'Minutes the clock was paused, on the same clock; subtracted' },
      { column: 'priority', meaning: 'The record\'s priority (an id from 3. Expectations), which sets its response and resolution times; selects the records a KPI counts ("P1", "P2", "P3", "P4")' },
    ]);
    expect(dataSourcesOf(desk).map((d) => d.column)).toEqual(['opened_at', 'response_minutes', 'resolution_business_minutes', 'satisfaction', 'priority']);
    expect(dataSourcesOf(api).map((d) => d.column)).toEqual(['timestamp', 'good', 'total', 'value', 'metric', 'service', 'priority']);
  });
});

describe('the document around the words', () => {
  it('says the business-hours definition once, under the metrics table, not in every row', () => {
    const view = buildAgreementView(tickets);
    expect(view.metrics.filter((m) => /Monday|Europe\/London|\.ics/.test(m.measured))).toEqual([]);
    expect(view.metricsNotes[0]).toBe('Business hours are the hours of service in 2. Scope, holidays excluded.');
    expect(view.scope.coverage.businessDay).toBe('8 hours');
  });

  it('leaves out columns empty in every row', () => {
    const view = buildAgreementView(tickets);
    expect(view.scope.hasServiceDescriptions).toBe(false);
    expect(buildAgreementView(desk).scope.hasServiceDescriptions).toBe(true);
    expect(view.expectations.hasPriorityDescriptions).toBe(true);
    expect(view.hasSignatoryRoles).toBe(false);
  });

  it('a group name reads lower-case inside a sentence, a proper name does not', () => {
    expect(nameInSentence('All employees of Example Ltd')).toBe('all employees of Example Ltd');
    expect(nameInSentence('Every engineering team')).toBe('every engineering team');
    expect(nameInSentence('Checkout team')).toBe('Checkout team');
    expect(nameInSentence('The Guardian')).toBe('The Guardian');
    expect(buildAgreementView(desk).recipientNames).toBe('all employees of Example Ltd');
  });

  it('contents pages: none outside a PDF, a placeholder on the first print, the numbers on the second', () => {
    expect(buildAgreementView(desk).sections.map((s) => s.page)).toEqual(Array(8).fill(null));
    expect(buildAgreementView(desk, 'placeholder').sections.every((s) => s.page === '0')).toBe(true);
    const pages = new Map([['1-parties', 1], ['signatures', 4], ['data-sources', 5]]);
    expect(buildAgreementView(desk, pages).sections.map((s) => s.page)).toEqual(['1', '', '', '', '', '', '4', '5']);
  });
});
