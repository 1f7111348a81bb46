// Export and import as a round trip on random exportable KPIs: every OpenSLO document keeps our
// reading of the spec, and importing the export gives back the same KPIs, whatever text the names,
// descriptions, queries and filters hold (quotes, braces, colons, '#', unicode, line breaks).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { opensloDocuments, yamlStream } from '../../src/core/export/openslo.js';
import { planAgreement } from '../../src/core/export/plan.js';
import { agreementText, importOpenslo } from '../../src/core/import/openslo.js';
import { loadSla } from '../../src/core/load/load.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { checkDocument, checkReferences, type Doc } from '../export/openslo-rules.js';
import { repoRoot } from '../helpers.js';

// Each run loads an agreement twice (about 60 ms): 300 in every npm test, more with npm run fuzz.
const runs = Number(process.env.SLA_FUZZ_RUNS ?? 300);
const base = loadSla(readFileSync(join(repoRoot, 'test', 'fixtures', 'export', 'platform-api-promql.sla.yaml'), 'utf8'), 'base.yaml', { asOf: '2026-03-01' }).sla!;

// Text of the kinds that break hand-written YAML: quotes, braces, '#', ': ', leading '-', unicode.
const text = fc.oneof(
  fc.string({ minLength: 1, maxLength: 30 }),
  fc.constantFrom('a: b', '#hash', '- dash', '{{ $value }}', '"quoted"', "it's", 'yes', 'null', '0x1F', '1e3', 'ümlaut ✓', '[x]', 'a\\b', '*alias', '&anchor', '!tag', '%', '@at', '`tick`'),
).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f\u2028\u2029\ud800-\udfff]/.test(s));
// Up to 70 characters: past the 63 of a DNS label, so shortened names must stay distinct.
const id = fc.oneof(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,20}$/), fc.stringMatching(/^[a-z0-9][a-z0-9-]{55,70}$/));
const percent = fc.integer({ min: 1, max: 99_999 }).map((n) => n / 1000).filter((n) => n > 0 && n < 100);
const period = fc.constantFrom('day', 'week', 'month', 'quarter') as fc.Arbitrary<Kpi['period']>;
const step = fc.option(fc.constantFrom('1m', '30s', '10m', '1h', '1d'), { nil: undefined });
const where = fc.option(fc.dictionary(fc.stringMatching(/^[a-z][a-z_]{0,8}$/).filter((k) => k !== 'priority' && k !== 'constructor'), fc.oneof(text, fc.integer({ min: -1000, max: 1000 }), fc.boolean()), { minKeys: 1, maxKeys: 3 }), { nil: undefined });
const op = fc.constantFrom('<=', '<', '>=', '>') as fc.Arbitrary<'<=' | '<' | '>=' | '>'>;

const measure = fc.oneof(
  fc.record({ aggregate: fc.constant('ratio' as const), metric: text, column: text, denominator: text, where }),
  fc.record({ aggregate: fc.constant('mean' as const), promql: text, step }),
  fc.record({ aggregate: fc.constant('attainment' as const), metric: text, where, threshold: fc.record({ op, value: fc.integer({ min: 1, max: 100_000 }) }) }),
  fc.record({ aggregate: fc.constant('attainment' as const), promql: text, step, threshold: fc.record({ op, value: fc.integer({ min: 1, max: 100_000 }) }) }),
  fc.record({ aggregate: fc.constantFrom('median', 'p90', 'p95', 'p99'), promql: text, step }),
  fc.record({ aggregate: fc.constantFrom('median', 'p90', 'p95', 'p99'), metric: text, column: text, where }),
);

const strip = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const kpi = fc.record({ id, name: text, description: fc.option(text, { nil: undefined }), period, measure, target: percent, latency: fc.integer({ min: 1, max: 5000 }), percentileOp: op }).map((k): Kpi => {
  const m = strip(k.measure as Record<string, unknown>) as unknown as Kpi['measure'];
  const percentile = ['median', 'p90', 'p95', 'p99'].includes(m.aggregate);
  return strip({
    id: k.id,
    name: k.name,
    description: k.description,
    unit: percentile ? 'milliseconds' : 'percent',
    objective: percentile ? { op: k.percentileOp, target: k.latency } : { op: '>=', target: k.target },
    period: k.period,
    measure: m,
  }) as Kpi;
});

describe('export -> import round trip on random KPIs', () => {
  it('keeps the OpenSLO rules and gives the KPIs back', () => {
    fc.assert(
      fc.property(fc.uniqueArray(kpi, { minLength: 1, maxLength: 4, selector: (k) => k.id }), (kpis) => {
        const sla: Sla = { ...base, metrics: kpis as Sla['metrics'], consequences: [{ ...base.consequences[0]!, kpis: kpis.map((k) => k.id) as [string, ...string[]] }] };
        const plans = planAgreement(sla);
        expect(plans.skipped).toEqual([]);
        const docs = opensloDocuments(sla, plans);
        const stream = yamlStream(docs);
        const parsed = parseAllDocuments(stream).map((d) => d.toJS() as Doc);
        for (const d of parsed) expect(checkDocument(d)).toEqual([]);
        expect(checkReferences(parsed)).toEqual([]);
        const imported = importOpenslo([{ file: 'export.yaml', text: stream }]);
        expect(imported.errors).toEqual([]);
        const agreement = agreementText(imported.agreement!, { fileName: 'sla.yaml', schemaRef: 'x', today: '2026-03-01' });
        const loaded = loadSla(agreement, 'sla.yaml', { asOf: '2026-03-01' });
        expect(loaded.problems.filter((p) => p.severity === 'error')).toEqual([]);
        const normal = (k: Kpi) => (k.measure.promql !== undefined && k.measure.step === undefined ? { ...k, measure: { ...k.measure, step: '5m' } } : k);
        expect(loaded.sla!.metrics.map(normal)).toEqual(kpis.map(normal));
      }),
      { numRuns: runs },
    );
  }, Math.max(120_000, runs * 300));
});
