import { DURATION_FORMS, durationMinutes, readDuration } from '../duration.js';
import type { Rule } from './rule.js';

/** `"quickly" is not a duration: write …`, with what is wrong when the text looks like one. */
function notADuration(text: string): string {
  const { problem } = readDuration(text);
  const why = problem !== undefined && /\d/.test(text) ? ` (${problem})` : '';
  return `"${text}" is not a duration${why}: ${DURATION_FORMS}`;
}

export const duration: Rule = {
  id: 'duration',
  severity: 'error',
  description: 'a response or resolution time, or a duration threshold, that does not parse',
  docs: 'docs/rules.md#duration',
  check(sla, facts, report) {
    sla.expectations.priorities.forEach((p, i) => {
      const times = facts.priorityTimes[i]!;
      if (!times.response) report(['expectations', 'priorities', i, 'response'], notADuration(p.response));
      if (!times.resolution) report(['expectations', 'priorities', i, 'resolution'], notADuration(p.resolution));
    });
    sla.metrics.forEach((kpi, i) => {
      const value = kpi.measure.threshold?.value;
      // Without a duration measure a written length of time is a `measure` finding instead.
      if (typeof value === 'string' && kpi.measure.duration !== undefined && readDuration(value).problem !== undefined) {
        report(['metrics', i, 'measure', 'threshold', 'value'], `${kpi.id}: ${notADuration(value)}`);
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
