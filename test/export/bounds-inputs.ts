// Inputs at the limits of `sla export` (an agreement of 20,000 YAML nodes, what the loader reads) and
// of `sla import openslo` (100,000 YAML nodes of OpenSLO files), built just under each bound.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_OPENSLO_NODES } from '../../src/core/import/openslo.js';
import { MAX_YAML_NODES, parseYaml, structureMarks } from '../../src/core/load/yaml-source.js';
import { repoRoot } from '../helpers.js';

const FIXTURE = join(repoRoot, 'test', 'fixtures', 'export', 'platform-api-promql.sla.yaml');
const marks = (text: string) => structureMarks(text).marks;

/** The promql platform-api agreement with its four KPIs repeated (promql, CSV, skipped) up to the node bound, every copy under one consequence. */
export function largeAgreement(): { text: string; kpis: number } {
  const base = readFileSync(FIXTURE, 'utf8');
  const start = base.indexOf('metrics:\n') + 'metrics:\n'.length;
  const end = base.indexOf('\nreporting:');
  const block = base.slice(start, end).trimEnd() + '\n';
  const ids = ['availability', 'latency-p95', 'sev1-response', 'incident-count'];
  const build = (n: number) => {
    const copies = Array.from({ length: n }, (_, i) => ids.reduce((b, id) => b.replaceAll(`id: ${id}\n`, `id: ${id}-${i}\n`), block));
    const all = Array.from({ length: n }, (_, i) => ids.map((id) => `${id}-${i}`)).flat();
    const consequences = `consequences:\n  - id: all\n    kpis: [${all.join(', ')}]\n    remedy: A plan.\n    escalation: [Platform on-call lead, Director of Platform Engineering]\n`;
    return base.slice(0, start) + copies.join('') + base.slice(end, base.indexOf('consequences:\n')) + consequences;
  };
  const per = marks(build(2)) - marks(build(1));
  let n = Math.floor((MAX_YAML_NODES - marks(build(0))) / per);
  // The loader counts nodes after parsing too (a key and its value are two): step down until it reads the file.
  while (marks(build(n)) > MAX_YAML_NODES || parseYaml(build(n)).problems.some((p) => p.rule === 'yaml/size')) n--;
  return { text: build(n), kpis: 4 * n };
}

/** An OpenSLO stream of SLI and SLO pairs, every SLO of the same name, up to the import's node bound. */
export function largeOpenslo(): { text: string; slos: number; onePair: string } {
  const pair = (i: number) => `---
apiVersion: openslo/v1
kind: SLI
metadata: { name: sli-${i} }
spec:
  ratioMetric:
    counter: true
    good: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{code!~"5..",shard="${i}"}[5m]))' } } }
    total: { metricSource: { type: Prometheus, spec: { query: 'sum(rate(http_requests_total{shard="${i}"}[5m]))' } } }
---
apiVersion: openslo/v1
kind: SLO
metadata: { name: same-name, displayName: Availability of a shard }
spec:
  service: shards
  indicatorRef: sli-${i}
  timeWindow: [{ duration: 1M, calendar: { startTime: "2026-01-01 00:00:00", timeZone: UTC } }]
  budgetingMethod: Occurrences
  objectives: [{ target: 0.999 }]
`;
  const n = Math.floor(MAX_OPENSLO_NODES / marks(pair(0)));
  return { text: Array.from({ length: n }, (_, i) => pair(i)).join(''), slos: n, onePair: pair(n) };
}
