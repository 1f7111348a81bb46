// sla import openslo on random OpenSLO-shaped input: it never throws, every error names a line, and
// whatever it accepts becomes an agreement that loads without errors (the user fills in placeholders,
// never repairs what the import wrote).
import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { agreementText, importOpenslo } from '../../src/core/import/openslo.js';
import { loadSla } from '../../src/core/load/load.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 300);
const anything = fc.oneof(fc.string({ maxLength: 20 }), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('lte', 'gt', 'Prometheus', 'sla-metrics-csv', '1M', '28d', 'success', 'failure'));
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
const source = fc.record({ metricSource: fc.record({ type: maybe(fc.constantFrom('Prometheus', 'sla-metrics-csv', 'Datadog', '')), spec: maybe(fc.dictionary(fc.constantFrom('query', 'metric', 'column', 'where', 'timestamp'), fc.oneof(anything, fc.dictionary(fc.string({ maxLength: 5 }), anything)))) }, { requiredKeys: [] }) }, { requiredKeys: [] });
const indicator = fc.oneof(
  fc.record({ ratioMetric: fc.record({ counter: maybe(fc.boolean()), good: maybe(source), bad: maybe(source), total: maybe(source), raw: maybe(source), rawType: maybe(fc.constantFrom('success', 'failure', 'x')) }, { requiredKeys: [] }) }),
  fc.record({ thresholdMetric: source }),
  fc.dictionary(fc.string({ maxLength: 5 }), anything),
);
const slo = fc.record({
  apiVersion: fc.constantFrom('openslo/v1', 'openslo/v1', 'openslo/v1alpha'),
  kind: fc.constantFrom('SLO', 'SLO', 'SLI', 'Service', 'DataSource'),
  metadata: fc.record({ name: maybe(fc.oneof(fc.string({ maxLength: 30 }), anything)), displayName: maybe(fc.string({ maxLength: 30 })), labels: maybe(fc.record({ provider: maybe(fc.string({ maxLength: 20 })), recipients: maybe(fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }))) }, { requiredKeys: [] })) }, { requiredKeys: [] }),
  spec: maybe(fc.record({
    description: maybe(fc.string({ maxLength: 40 })),
    indicator: maybe(fc.record({ spec: indicator }, { requiredKeys: [] })),
    indicatorRef: maybe(fc.string({ maxLength: 10 })),
    timeWindow: maybe(fc.array(fc.record({ duration: maybe(fc.oneof(fc.constantFrom('1d', '1w', '1M', '1Q', '28d', '30d', '1Y'), fc.string({ maxLength: 4 }))), isRolling: maybe(fc.boolean()), calendar: maybe(fc.record({ timeZone: maybe(fc.constantFrom('UTC', 'Europe/Berlin', 'Nowhere/City', '')) }, { requiredKeys: [] })) }, { requiredKeys: [] }), { maxLength: 2 })),
    objectives: maybe(fc.array(fc.record({ displayName: maybe(fc.string({ maxLength: 20 })), op: maybe(fc.constantFrom('lte', 'lt', 'gte', 'gt', 'eq')), value: maybe(fc.oneof(fc.double(), fc.integer())), target: maybe(fc.double()), targetPercent: maybe(fc.double()), timeSliceWindow: maybe(fc.oneof(fc.constantFrom('1m', '5m', '30s'), fc.double(), fc.integer())) }, { requiredKeys: [] }), { maxLength: 3 })),
  }, { requiredKeys: [] })),
}, { requiredKeys: ['apiVersion', 'kind'] });

// Mostly well-formed SLOs with random text and numbers where users write them, so most are imported.
const text = fc.string({ minLength: 1, maxLength: 30 });
const goodSource = fc.oneof(
  fc.record({ metricSource: fc.record({ type: fc.constant('Prometheus'), spec: fc.record({ query: text }) }) }),
  fc.record({ metricSource: fc.record({ type: fc.constant('sla-metrics-csv'), spec: fc.record({ metric: text, column: maybe(text), where: maybe(fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.oneof(text, fc.integer(), fc.boolean()), { maxKeys: 2 })) }, { requiredKeys: ['metric'] }) }) }),
  fc.record({ metricSource: fc.record({ type: fc.constantFrom('Datadog', 'CloudWatch'), spec: fc.record({ query: text }) }) }),
);
const goodIndicator = fc.oneof(
  fc.record({ thresholdMetric: goodSource }),
  fc.record({ ratioMetric: fc.record({ counter: fc.boolean(), good: goodSource, total: goodSource }) }),
  fc.record({ ratioMetric: fc.record({ rawType: fc.constantFrom('success', 'failure'), raw: goodSource }) }),
);
const wellFormed = fc.record({
  apiVersion: fc.constant('openslo/v1'),
  kind: fc.constant('SLO'),
  metadata: fc.record({ name: text, displayName: maybe(text), labels: maybe(fc.record({ provider: maybe(text), recipients: maybe(fc.array(text, { maxLength: 3 })) }, { requiredKeys: [] })), annotations: maybe(fc.record({ 'sla-as-code/kpi': maybe(text), 'sla-as-code/unit': maybe(fc.constantFrom('percent', 'milliseconds', 'parsecs')), 'sla-as-code/aggregate': maybe(fc.constantFrom('p95', 'mean', 'median', 'p42')), 'sla-as-code/min-samples': maybe(fc.constantFrom('3', '0', '-1', 'x', '1e9')) }, { requiredKeys: [] })) }, { requiredKeys: ['name'] }),
  spec: fc.record({
    description: maybe(text),
    indicator: fc.record({ spec: goodIndicator }),
    timeWindow: fc.array(fc.record({ duration: fc.constantFrom('1d', '1w', '1M', '1Q', '28d', '30d', '1Y', '2M'), isRolling: maybe(fc.boolean()), calendar: maybe(fc.record({ startTime: fc.constant('2026-01-01 00:00:00'), timeZone: fc.constantFrom('UTC', 'Europe/Berlin', 'Nowhere/City') })) }, { requiredKeys: ['duration'] }), { minLength: 1, maxLength: 1 }),
    objectives: fc.array(fc.record({ displayName: maybe(text), op: fc.constantFrom('lte', 'lt', 'gte', 'gt'), value: fc.oneof(fc.integer({ min: -1e6, max: 1e6 }), fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e20, max: 1e20 })), target: maybe(fc.double({ min: 0, max: 0.99999, noNaN: true })), targetPercent: maybe(fc.double({ min: 0, max: 99.999, noNaN: true })), timeSliceWindow: maybe(fc.oneof(fc.constantFrom('1m', '5m', '2h'), fc.integer({ min: 1, max: 60 }), fc.double({ min: 0.01, max: 10, noNaN: true }))) }, { requiredKeys: ['op', 'value'] }), { minLength: 1, maxLength: 3 }),
  }),
});

describe('sla import openslo on random input', () => {
  it('never throws, locates every error, and writes only agreements that load', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(wellFormed, wellFormed, wellFormed, slo), { minLength: 1, maxLength: 4 }), (docs) => {
        const text = docs.map((d) => `---\n${stringify(d)}`).join('');
        const result = importOpenslo([{ file: 'in.yaml', text }]);
        for (const e of [...result.errors, ...result.notices]) {
          expect(e.line).toBeGreaterThanOrEqual(1);
          expect(e.column).toBeGreaterThanOrEqual(1);
          expect(e.message).not.toBe('');
        }
        if (result.errors.length > 0) return;
        const loaded = loadSla(agreementText(result.agreement!, { fileName: 'sla.yaml', schemaRef: 'x', today: '2026-03-01' }), 'sla.yaml', { asOf: '2026-03-01' });
        expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
      }),
      { numRuns: runs },
    );
  }, Math.max(120_000, runs * 300));
});
