import type { Rule } from './rule.js';

export const creditTier: Rule = {
  id: 'credit-tier',
  severity: 'error',
  description: 'a credit tier without exactly one of below/above, or pointing the wrong way for its KPI (a warning)',
  docs: 'docs/rules.md#credit-tier',
  check(sla, facts, report) {
    sla.consequences.forEach((c, i) => {
      c.credits?.forEach((tier, j) => {
        const at = ['consequences', i, 'credits', j];
        if ((tier.below === undefined) === (tier.above === undefined)) {
          report(at, 'a credit tier needs exactly one bound: "below" (for a KPI that must stay high) or "above" (for one that must stay low)');
          return;
        }
        for (const id of c.kpis) {
          const kpi = facts.kpisById.get(id);
          if (!kpi) continue;
          const { op } = kpi.objective;
          const mustStayHigh = op === '>=' || op === '>';
          const mustStayLow = op === '<=' || op === '<';
          if (mustStayHigh && tier.above !== undefined) report([...at, 'above'], `KPI "${id}" must stay at or above its target, so its credit tiers should use "below"`, 'warning');
          if (mustStayLow && tier.below !== undefined) report([...at, 'below'], `KPI "${id}" must stay at or below its target, so its credit tiers should use "above"`, 'warning');
        }
      });
    });
  },
};

export const uncoveredKpi: Rule = {
  id: 'uncovered-kpi',
  severity: 'warning',
  description: 'a KPI that no consequence covers',
  docs: 'docs/rules.md#uncovered-kpi',
  check(sla, facts, report) {
    sla.metrics.forEach((kpi, i) => {
      if (!facts.coveredKpiIds.has(kpi.id)) report(['metrics', i, 'id'], `KPI "${kpi.id}" has no consequence: say what happens when it misses its target`);
    });
  },
};
