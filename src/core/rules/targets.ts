import { isZeroDuration } from '../duration.js';
import type { Kpi } from '../model.js';
import type { Rule } from './rule.js';

const TIME_UNITS = ['milliseconds', 'seconds', 'minutes', 'hours', 'days'];
export const isTimeUnit = (unit: Kpi['unit']): boolean => TIME_UNITS.includes(unit);

const isPercentInRange = (target: number) => target >= 0 && target <= 100;

export const percentRange: Rule = {
  id: 'percent-range',
  severity: 'error',
  description: 'a percentage target outside 0–100',
  docs: 'docs/rules.md#percent-range',
  check(sla, _facts, report) {
    sla.metrics.forEach((kpi, i) => {
      const { target } = kpi.objective;
      if (kpi.unit === 'percent' && (target < 0 || target > 100)) report(['metrics', i, 'objective', 'target'], `${kpi.id}: a percentage target must be between 0 and 100 (got ${target})`);
    });
  },
};

export const impossibleTarget: Rule = {
  id: 'impossible-target',
  severity: 'error',
  description: 'a percentage that must be above 100',
  docs: 'docs/rules.md#impossible-target',
  check(sla, _facts, report) {
    sla.metrics.forEach((kpi, i) => {
      const { op, target } = kpi.objective;
      // A target outside 0–100 is already a `percent-range` error.
      if (kpi.unit === 'percent' && isPercentInRange(target) && op === '>' && target >= 100) report(['metrics', i, 'objective', 'target'], `${kpi.id}: no percentage is above ${target}`);
    });
  },
};

export const unrealisticTarget: Rule = {
  id: 'unrealistic-target',
  severity: 'warning',
  description: 'a 100 % target, a zero response or resolution time, a time target of zero',
  docs: 'docs/rules.md#unrealistic-target',
  check(sla, facts, report) {
    sla.expectations.priorities.forEach((p, i) => {
      const { response, resolution } = facts.priorityTimes[i]!;
      if (response && isZeroDuration(response)) report(['expectations', 'priorities', i, 'response'], `priority ${p.id} promises a response time of zero, which no team can meet`);
      if (resolution && isZeroDuration(resolution)) report(['expectations', 'priorities', i, 'resolution'], `priority ${p.id} promises a resolution time of zero, which no team can meet`);
    });
    sla.metrics.forEach((kpi, i) => {
      const { op, target } = kpi.objective;
      const at = ['metrics', i, 'objective', 'target'];
      if (kpi.unit === 'percent' && (op === '>=' || op === '==') && target === 100) report(at, `${kpi.id}: a target of 100 % leaves no room for a single failure; agree a realistic target such as 99.9`);
      if (isTimeUnit(kpi.unit) && (op === '<=' || op === '<' || op === '==') && target <= 0) report(at, `${kpi.id}: a time of ${target} ${kpi.unit} or less cannot be met`);
    });
  },
};
