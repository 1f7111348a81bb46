import { isTimeZone, knownTimeZones } from '../dates.js';
import { closest } from '../text.js';
import type { Rule } from './rule.js';

/** "…; did you mean "Europe/London"?" for a near miss, as for misspelt keys. */
function notAZone(zone: string): string {
  const suggestion = typeof zone === 'string' ? closest(zone, knownTimeZones()) : undefined;
  return `"${zone}" is not an IANA time zone ${suggestion ? `; did you mean "${suggestion}"?` : '(such as Europe/London or UTC)'}`.replace(' ;', ';');
}

export const timezone: Rule = {
  id: 'timezone',
  severity: 'error',
  description: 'a time zone that is not an IANA name',
  docs: 'docs/rules.md#timezone',
  check(sla, _facts, report) {
    if (!isTimeZone(sla.timezone)) report(['timezone'], notAZone(sla.timezone));
    const coverageZone = sla.scope.coverage.timezone;
    if (coverageZone !== undefined && !isTimeZone(coverageZone)) report(['scope', 'coverage', 'timezone'], notAZone(coverageZone));
  },
};

/** Business time is counted within coverage hours, so they must make a day, on some days. */
export const coverageHours: Rule = {
  id: 'coverage-hours',
  severity: 'error',
  description: 'coverage that ends before it starts, or business-hours targets without coverage days',
  docs: 'docs/rules.md#coverage-hours',
  check(sla, facts, report) {
    const coverage = sla.scope.coverage;
    if (facts.businessDayMinutes <= 0) report(['scope', 'coverage', 'to'], `coverage ends (${coverage.to}) before it starts (${coverage.from})`);
    for (const { response, resolution } of facts.priorityTimes) {
      if ((response?.business || resolution?.business) && coverage.days.length === 0) report(['scope', 'coverage'], 'business-hours targets need coverage days');
    }
    sla.metrics.forEach((kpi, i) => {
      if (kpi.measure.duration?.clock === 'business' && facts.businessDayMinutes <= 0) {
        report(['metrics', i, 'measure', 'duration', 'clock'], `${kpi.id}: the business clock counts scope.coverage hours, and they end (${coverage.to}) before they start (${coverage.from})`);
      }
    });
  },
};
