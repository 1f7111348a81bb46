import { durationMinutes, parseDuration } from '../duration.js';
import type { Rule } from './rule.js';

const DURATION_HINT = 'write it like "15m", "4h", "3 days" or "8 business hours"';

export const duration: Rule = {
  id: 'duration',
  severity: 'error',
  description: 'a response or resolution time, or a duration threshold, that does not parse',
  docs: 'docs/rules.md#duration',
  check(sla, facts, report) {
    sla.expectations.priorities.forEach((p, i) => {
      const times = facts.priorityTimes[i]!;
      if (!times.response) report(['expectations', 'priorities', i, 'response'], `"${p.response}" is not a duration: ${DURATION_HINT}`);
      if (!times.resolution) report(['expectations', 'priorities', i, 'resolution'], `"${p.resolution}" is not a duration: ${DURATION_HINT}`);
    });
    sla.metrics.forEach((kpi, i) => {
      const value = kpi.measure.threshold?.value;
      // Without a duration measure a written length of time is a `measure` finding instead.
      if (typeof value === 'string' && kpi.measure.duration !== undefined && !parseDuration(value)) {
        report(['metrics', i, 'measure', 'threshold', 'value'], `${kpi.id}: "${value}" is not a duration: ${DURATION_HINT}`);
      }
    });
  },
};

export const responseAfterResolution: Rule = {
  id: 'response-after-resolution',
  severity: 'warning',
  description: 'a priority that must be resolved before it must be answered',
  docs: 'docs/rules.md#response-after-resolution',
  check(sla, facts, report) {
    // Business days only compare with calendar time once coverage hours make a day.
    if (facts.businessDayMinutes <= 0) return;
    sla.expectations.priorities.forEach((p, i) => {
      const { response, resolution } = facts.priorityTimes[i]!;
      if (response && resolution && durationMinutes(response, facts.businessDayMinutes) > durationMinutes(resolution, facts.businessDayMinutes)) {
        report(['expectations', 'priorities', i, 'resolution'], `priority ${p.id} must be resolved (${p.resolution}) sooner than it must be answered (${p.response})`);
      }
    });
  },
};
