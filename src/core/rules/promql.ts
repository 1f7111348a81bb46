import type { Path, Rule } from './rule.js';

/** Fields that read a metrics CSV, which a PromQL measure replaces. */
const CSV_FIELDS = ['metric', 'column', 'duration', 'denominator', 'where', 'timestamp', 'priorityColumn'] as const;

/** A PromQL measure is one value per instant: it cannot also read CSV columns, and a ratio of it means nothing. */
export const promql: Rule = {
  id: 'promql',
  severity: 'error',
  description: 'a promql measure with fields that read a CSV, or with ratio; a step without promql (a warning)',
  docs: 'docs/rules.md#promql',
  check(sla, _facts, report) {
    sla.metrics.forEach((kpi, i) => {
      const at = (...rest: Path) => ['metrics', i, 'measure', ...rest];
      const m = kpi.measure;
      if (m.promql === undefined) {
        if (m.step !== undefined) report(at('step'), `${kpi.id}: "step" is only used with "promql" and is ignored here`, 'warning');
        return;
      }
      for (const field of CSV_FIELDS) {
        if (m[field] !== undefined) report(at(field), `${kpi.id}: "${field}" reads a metrics CSV, but this measure's values come from its "promql" query; remove one of them`);
      }
      if (m.aggregate === 'ratio') {
        report(at('aggregate'), `${kpi.id}: ratio sums a column over a denominator, but a query returns one value per instant; let the query compute the ratio (good / total) and use mean, min or attainment`);
      }
    });
  },
};
