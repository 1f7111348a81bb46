import type { Path, Rule } from './rule.js';

/** Ids are how sections refer to each other: a duplicate makes a reference ambiguous. */
export const uniqueIds: Rule = {
  id: 'unique-ids',
  severity: 'error',
  description: 'two parties, services, priorities, KPIs or consequences with the same id',
  docs: 'docs/rules.md#unique-ids',
  check(sla, facts, report) {
    // Provider and recipients share one namespace: signatories name either.
    const partySeen = new Map<string, string>();
    facts.parties.forEach(({ party, at }, i) => {
      const earlier = partySeen.get(party.id);
      if (earlier !== undefined) report(at, `party id "${party.id}" is used twice (also ${earlier})`);
      else partySeen.set(party.id, i === 0 ? 'by the provider' : `by recipient ${i - 1}`);
    });
    const unique = (what: string, items: readonly { id?: string | undefined }[], base: Path) => {
      const first = new Map<string, number>();
      items.forEach((item, i) => {
        if (item.id === undefined) return;
        const earlier = first.get(item.id);
        if (earlier === undefined) first.set(item.id, i);
        else report([...base, i, 'id'], `${what} id "${item.id}" is used twice (also at ${base.join('.')}[${earlier}])`);
      });
    };
    unique('service', sla.scope.services, ['scope', 'services']);
    unique('priority', sla.expectations.priorities, ['expectations', 'priorities']);
    unique('KPI', sla.metrics, ['metrics']);
    unique('consequence', sla.consequences, ['consequences']);
  },
};

export const unknownReference: Rule = {
  id: 'unknown-reference',
  severity: 'error',
  description: 'a reference to a party, priority or KPI that is not defined',
  docs: 'docs/rules.md#unknown-reference',
  check(sla, facts, report) {
    sla.parties.signatories?.forEach((s, i) => {
      if (!facts.partyIds.has(s.party)) report(['parties', 'signatories', i, 'party'], `signatory "${s.name}" signs for party "${s.party}", which is not the provider or a recipient (parties: ${[...facts.partyIds].join(', ')})`);
    });
    sla.metrics.forEach((kpi, i) => {
      const m = kpi.measure;
      const priorityColumn = m.priorityColumn ?? 'priority';
      const wherePriority = m.where?.[priorityColumn];
      // With no priorities defined there is nothing to check the filter against.
      if (wherePriority !== undefined && facts.priorityIds.size > 0 && !facts.priorityIds.has(String(wherePriority))) {
        report(['metrics', i, 'measure', 'where', priorityColumn], `${kpi.id}: priority "${String(wherePriority)}" is not defined in expectations.priorities (${[...facts.priorityIds].join(', ')})`);
      }
      const target = m.threshold?.target;
      if (target !== undefined && m.duration !== undefined && sla.expectations.priorities.length === 0) {
        report(['metrics', i, 'measure', 'threshold', 'target'], `${kpi.id}: the threshold is each priority's ${target} time, but expectations.priorities defines no priorities`);
      }
    });
    sla.consequences.forEach((c, i) => {
      c.kpis.forEach((id, j) => {
        if (!facts.kpisById.has(id)) report(['consequences', i, 'kpis', j], `consequence refers to KPI "${id}", which is not defined in metrics (${[...facts.kpisById.keys()].join(', ')})`);
      });
    });
  },
};
