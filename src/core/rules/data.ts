import { isTimeZone } from '../dates.js';
import { patternExample, patternProblem } from '../timestamp-pattern.js';
import type { Rule } from './rule.js';

/**
 * The data section must say one thing: a timestamp pattern sla reads (checked here, at validate
 * time, not at the first row of a million), a real zone, and priority names that mean one priority.
 */
export const dataFormat: Rule = {
  id: 'data-format',
  severity: 'error',
  description: 'a timestamp pattern or zone of the data section that cannot be read, or a priority name in the data that means two priorities',
  docs: 'docs/rules.md#data-format',
  check(sla, _facts, report) {
    const format = sla.data?.timestamps?.format;
    if (format !== undefined && format !== 'iso') {
      const problem = patternProblem(format);
      if (problem !== undefined) report(['data', 'timestamps', 'format'], `"${format}" is not a timestamp pattern sla reads: ${problem}; for example dd/MMM/yy h:mm a reads ${patternExample('dd/MMM/yy h:mm a')}`);
    }
    const zone = sla.data?.timestamps?.zone;
    if (zone !== undefined && !isTimeZone(zone)) report(['data', 'timestamps', 'zone'], `"${zone}" is not an IANA time zone (such as Europe/London or UTC)`);
    // Each name in the data means one priority: its own id, or one listed under matches.
    const owner = new Map<string, string>();
    for (const p of sla.expectations.priorities) owner.set(p.id, p.id);
    sla.expectations.priorities.forEach((p, i) => {
      (p.matches ?? []).forEach((name, j) => {
        const other = owner.get(name);
        if (other !== undefined && other !== p.id) report(['expectations', 'priorities', i, 'matches', j], `"${name}" already means priority ${other}${other === name ? ' (its id)' : ''}: a value in the data can mean one priority only`);
        else owner.set(name, p.id);
      });
    });
  },
};
