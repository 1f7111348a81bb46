// The corpus of version pairs: an example agreement, one edit, the sentence `sla diff` must say and the
// class of the change. Run in-process by pairs.test.ts (every pair) and through bin/sla by
// pairs.cli.test.ts (a sample), each pair compared both ways round (the way back in-process in both:
// through bin/sla it would only repeat the forward run's process path, at ~0.5 CPU-s a spawn).
import { afterAll, beforeAll, expect } from 'vitest';
import { CaseTable, runInProcess, tempDir, type Mode } from '../helpers.js';
import { exampleData, writeSla } from '../render/fixtures.js';

type Data = Record<string, any>;

export interface Pair {
  name: string;
  example: 'it-service-desk' | 'platform-api';
  edit: (sla: Data) => void;
  /** The sentence, or a part of it, of the one change the edit makes (beside the version's). */
  says: string;
  class: 'material' | 'editorial';
}

const kpi = (sla: Data, id: string) => sla.metrics.find((m: Data) => m.id === id);
const priority = (sla: Data, id: string) => sla.expectations.priorities.find((p: Data) => p.id === id);
const consequence = (sla: Data, id: string) => sla.consequences.find((c: Data) => c.id === id);

export const PAIRS: Pair[] = [
  // Targets and measures
  { name: 'a target lowered', example: 'it-service-desk', edit: (s) => (kpi(s, 'p1-response').objective.target = 90), says: 'KPI "P1 tickets answered within 15 minutes": target lowered from at least 95 % to at least 90 % (less demanding for the provider)', class: 'material' },
  { name: 'a target raised', example: 'platform-api', edit: (s) => (kpi(s, 'availability').objective.target = 99.95), says: 'target raised from at least 99.9 % to at least 99.95 % (more demanding for the provider)', class: 'material' },
  { name: 'an upper bound lowered is more demanding', example: 'platform-api', edit: (s) => (kpi(s, 'latency-p95').objective.target = 250), says: 'target lowered from at most 300 ms to at most 250 ms (more demanding for the provider)', class: 'material' },
  { name: 'the comparison changed', example: 'platform-api', edit: (s) => (kpi(s, 'incident-count').objective.op = '<'), says: 'target changed from at most 3 to less than 3', class: 'material' },
  { name: 'the period changed', example: 'platform-api', edit: (s) => (kpi(s, 'sev1-response').period = 'month'), says: 'period changed from "quarter" to "month"', class: 'material' },
  { name: 'the aggregation changed', example: 'platform-api', edit: (s) => (kpi(s, 'latency-p95').measure.aggregate = 'p99'), says: 'aggregate changed from "p95" to "p99"', class: 'material' },
  { name: 'minimum samples added', example: 'it-service-desk', edit: (s) => (kpi(s, 'satisfaction').minSamples = 20), says: 'minimum samples a period set to 20', class: 'material' },
  { name: 'a KPI added', example: 'platform-api', edit: (s) => s.metrics.push({ ...kpi(s, 'incident-count'), id: 'incident-count-2', name: 'Incidents, second count' }), says: 'KPI "Incidents, second count" added', class: 'material' },
  { name: 'a KPI removed (and its consequence with it)', example: 'it-service-desk', edit: (s) => { s.metrics = s.metrics.filter((m: Data) => m.id !== 'satisfaction'); s.consequences = s.consequences.filter((c: Data) => c.id !== 'satisfaction'); }, says: 'KPI "Average satisfaction score" removed', class: 'material' },
  { name: 'a KPI renamed', example: 'platform-api', edit: (s) => (kpi(s, 'availability').name = 'API availability'), says: 'KPI "API availability": name changed from "Monthly availability of the Payments API" to "API availability"', class: 'editorial' },
  { name: 'a KPI described differently', example: 'platform-api', edit: (s) => (kpi(s, 'availability').description = 'Measured from outside.'), says: 'description changed from', class: 'editorial' },
  // Priorities
  { name: 'a resolution time shortened', example: 'platform-api', edit: (s) => (priority(s, 'SEV3').resolution = '3 business days'), says: 'priority SEV3: resolution from 5 business days to 3 business days (faster)', class: 'material' },
  { name: 'a response time lengthened', example: 'platform-api', edit: (s) => (priority(s, 'SEV3').response = '6 business hours'), says: 'priority SEV3: response from 4 business hours to 6 business hours (slower)', class: 'material' },
  { name: 'the same time in other words', example: 'platform-api', edit: (s) => (priority(s, 'SEV3').resolution = '1 business week'), says: 'priority SEV3: resolution from 5 business days to 1 business week (the same time on these coverage hours)', class: 'material' },
  { name: 'a time moved onto the business clock', example: 'platform-api', edit: (s) => (priority(s, 'SEV2').resolution = '1 business day'), says: 'priority SEV2: resolution from 1 day to 1 business day (now counted in business time)', class: 'material' },
  { name: 'a priority renamed', example: 'it-service-desk', edit: (s) => (priority(s, 'P4').name = 'Lowest'), says: 'priority P4: name changed from', class: 'editorial' },
  // Scope
  { name: 'a service added', example: 'platform-api', edit: (s) => s.scope.services.push({ id: 'payouts-api', name: 'Payouts API' }), says: 'service Payouts API added', class: 'material' },
  { name: 'a service removed', example: 'it-service-desk', edit: (s) => (s.scope.services = s.scope.services.filter((x: Data) => x.id !== 'collaboration')), says: 'removed', class: 'material' },
  { name: 'an inclusion added', example: 'it-service-desk', edit: (s) => s.scope.included.push('Printers on every floor'), says: 'the scope: now included in the scope "Printers on every floor"', class: 'material' },
  { name: 'an exclusion dropped', example: 'it-service-desk', edit: (s) => s.scope.excluded.shift(), says: 'no longer excluded from the scope', class: 'material' },
  { name: 'the coverage moved to another time zone', example: 'it-service-desk', edit: (s) => (s.scope.coverage.timezone = 'Europe/Dublin'), says: 'the coverage hours: time zone changed from "Europe/London" to "Europe/Dublin"', class: 'material' },
  { name: 'a covered day added', example: 'it-service-desk', edit: (s) => s.scope.coverage.days.push('sat'), says: 'the coverage hours: now a covered day "sat"', class: 'material' },
  { name: 'a holiday added', example: 'it-service-desk', edit: (s) => s.scope.coverage.holidays.push({ date: '2026-12-24', name: 'Christmas Eve' }), says: 'holiday 2026-12-24 (Christmas Eve) added', class: 'material' },
  { name: 'a holiday renamed', example: 'it-service-desk', edit: (s) => (s.scope.coverage.holidays[0].name = 'New Year'), says: "name changed from \"New Year's Day\" to \"New Year\"", class: 'editorial' },
  { name: 'the scope summary reworded', example: 'it-service-desk', edit: (s) => (s.scope.summary = 'Everything the desk does.'), says: 'the scope: summary changed', class: 'editorial' },
  // Parties
  { name: 'a recipient added', example: 'platform-api', edit: (s) => s.parties.recipients.push({ id: 'search', name: 'Search team', contact: 'search@example.com', representative: 'Ana Ruiz' }), says: 'recipient Search team added', class: 'material' },
  { name: 'a representative replaced', example: 'platform-api', edit: (s) => (s.parties.provider.representative = 'Jo Park'), says: 'the provider: representative changed from', class: 'material' },
  { name: 'a contact changed', example: 'platform-api', edit: (s) => (s.parties.provider.contact = 'platform@example.org'), says: 'the provider: contact changed', class: 'editorial' },
  { name: 'a charge raised', example: 'platform-api', edit: (s) => (s.parties.recipients[0].charge.amount = 15000), says: 'recipient Checkout team: charge from 12,000 USD per month to 15,000 USD per month', class: 'material' },
  { name: 'a signatory signs again', example: 'platform-api', edit: (s) => (s.parties.signatories[0].signed = { date: '2026-03-02', version: '1.3.1', fingerprint: 'sha256:0123456789ab' }), says: 'signatory Marcus Lee: signed version 1.3.1 on 2026-03-02 (sha256:0123456789ab); before, signed version 1.3 on 2025-12-10 (sha256:', class: 'editorial' },
  { name: 'a signature record written back as a plain date', example: 'it-service-desk', edit: (s) => (s.parties.signatories[1].signed = '2025-12-17'), says: 'signatory Priya Raman: signed on 2025-12-17; before, signed version 2.1 on 2025-12-17', class: 'editorial' },
  { name: 'a signatory added', example: 'it-service-desk', edit: (s) => s.parties.signatories.push({ party: 'all-staff', name: 'Sam Lee' }), says: 'signatory Sam Lee added', class: 'material' },
  // Consequences
  { name: 'a credit tier raised', example: 'platform-api', edit: (s) => (consequence(s, 'availability-credits').credits[1].credit = 30), says: 'the credit tier below 99.5: credit raised from 25 % to 30 % (more for the recipients)', class: 'material' },
  { name: 'a credit tier added', example: 'platform-api', edit: (s) => consequence(s, 'availability-credits').credits.push({ below: 98, credit: 75 }), says: 'the credit tier below 98 added', class: 'material' },
  { name: 'the cap lowered', example: 'platform-api', edit: (s) => (consequence(s, 'availability-credits').cap = 20), says: 'cap lowered from 30 % to 20 % (less for the recipients)', class: 'material' },
  { name: 'the escalation path reordered', example: 'platform-api', edit: (s) => consequence(s, 'incident-response').escalation.reverse(), says: 'escalation from Director of Platform Engineering → VP Engineering to VP Engineering → Director of Platform Engineering', class: 'material' },
  { name: 'a remedy reworded', example: 'platform-api', edit: (s) => (consequence(s, 'performance').remedy = 'A plan at the next review.'), says: 'remedy changed from', class: 'material' },
  // Reporting, review, term, status
  { name: 'a report less often', example: 'it-service-desk', edit: (s) => (s.reporting.reports[0].frequency = 'quarterly'), says: 'frequency changed from "monthly" to "quarterly"', class: 'material' },
  { name: 'a report sent to one more audience', example: 'it-service-desk', edit: (s) => s.reporting.reports[0].audience.push('Finance'), says: 'now sent to "Finance"', class: 'material' },
  { name: 'a reviewer added', example: 'platform-api', edit: (s) => s.reporting.review.participants.push('Head of Finance'), says: 'the review: now reviewed by "Head of Finance"', class: 'material' },
  { name: 'the review moved', example: 'platform-api', edit: (s) => (s.reporting.review.next = '2034-11-10'), says: 'the review: next review changed from "2034-12-10" to "2034-11-10"', class: 'material' },
  { name: 'the term shortened', example: 'platform-api', edit: (s) => (s.term = '36 months'), says: 'the agreement: term changed from "120 months" to "36 months"', class: 'material' },
  { name: 'the status changed', example: 'platform-api', edit: (s) => (s.status = 'retired'), says: 'the agreement: status changed from "active" to "retired"', class: 'material' },
  { name: 'the title reworded', example: 'platform-api', edit: (s) => (s.title = 'Payments API agreement'), says: 'the agreement: title changed', class: 'editorial' },
];

/** Writes the example before and after the edit (with the version raised) and compares them. */
export function diffPairCases(mode: Mode): void {
  let dir = '';
  let cleanup = () => {};
  beforeAll(() => ({ dir, cleanup } = tempDir('sla-diff-')));
  afterAll(() => cleanup());
  const t = new CaseTable(mode, () => ({ cwd: dir }));
  PAIRS.forEach((pair, i) => {
    t.case(`${pair.name}: ${pair.class}`, async (run) => {
      const before = exampleData(pair.example);
      const after = exampleData(pair.example);
      pair.edit(after);
      after.version = `${before.version}.1`;
      const a = writeSla(dir, `before-${i}.yaml`, before);
      const b = writeSla(dir, `after-${i}.yaml`, after);
      const r = await run(['diff', a, b, '--format', 'json']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(pair.class === 'material' ? 1 : 0);
      const changes = (JSON.parse(r.stdout) as { changes: { path: string; class: string; summary: string; before: unknown; after: unknown }[] }).changes.filter((c) => c.path !== '/version');
      expect(changes.length, JSON.stringify(changes)).toBeGreaterThan(0);
      expect(changes.map((c) => c.summary).join('\n')).toContain(pair.says);
      expect(changes.every((c) => c.class === pair.class), JSON.stringify(changes)).toBe(true);
      // The other way round: the same paths, before and after swapped.
      const back = await runInProcess(['diff', b, a, '--format', 'json'], { cwd: dir });
      const reversed = (JSON.parse(back.stdout) as { changes: typeof changes }).changes.filter((c) => c.path !== '/version');
      expect(reversed.map((c) => c.path).sort()).toEqual(changes.map((c) => c.path).sort());
      for (const c of changes) {
        const r2 = reversed.find((x) => x.path === c.path)!;
        expect([r2.before, r2.after]).toEqual([c.after, c.before]);
      }
    });
  });
}
