// Preset: an internal platform API with monthly availability and credit tiers, p95 latency and
// incident response per severity, measured from long-format metrics (timestamp,metric,value).
import { dateOf, monthsFrom, pad2 } from '../dates.js';
import { durationInWords, durationMinutes, parseDuration } from '../duration.js';
import { banner, csv, header, joinNames, list, parties, random, reviewBlock, scalar, type PresetContext } from './common.js';

const SEVERITIES = [
  { id: 'SEV1', name: 'Critical', description: 'The API is down or unusable for most requests.', response: '15m', resolution: '4h' },
  { id: 'SEV2', name: 'Major', description: 'A feature is broken or the API is degraded for many requests.', response: '30m', resolution: '1 day' },
  { id: 'SEV3', name: 'Minor', description: 'A problem with a workaround, or one that affects few requests.', response: '4h', resolution: '5 days' },
];
type Severity = (typeof SEVERITIES)[number];

/**
 * An incident KPI on one severity's response or restore time, named in the priority table's words.
 * The incident data holds minutes (long format, no timestamps to time), so the threshold is the
 * table's time in minutes (around the clock: the service is covered every hour) rather than `target:`.
 */
function incidentKpi(sev: Severity, kind: 'response' | 'resolution', target: number): string {
  const time = parseDuration(sev[kind])!;
  const [id, verb, metric] = kind === 'response' ? ['response', 'answered', 'incident_response_minutes'] : ['restore', 'restored', 'incident_restore_minutes'];
  return `  - id: ${sev.id.toLowerCase()}-${id}
    name: ${sev.id} incidents ${verb} within ${durationInWords(time)}
    unit: percent
    objective: { op: ">=", target: ${target} }
    period: quarter
    measure: { aggregate: attainment, metric: ${metric}, where: { priority: ${sev.id} }, threshold: { op: "<=", value: ${durationMinutes(time)} } }`;
}

/**
 * The teaching comments of the sections an SRE team fills in by hand: shared with `sla import openslo`,
 * which writes the same banners above its placeholders.
 */
export const PLATFORM_API_TEACHING: Record<'scope' | 'expectations' | 'reporting' | 'consequences', [string, string[]]> = {
  scope: ['SCOPE: what is covered, what is not, and when', [
    'Say what the service is for and list what the agreement covers: the API itself, its environments.',
    'Exclusions prevent the classic dispute: is an outage caused by a client\'s bug, or by a dependency',
    'outside the provider\'s control, counted against the provider? Say so here. An API runs around the',
    'clock, so coverage is every day, 00:00-24:00; the people on call are part of that promise.',
  ]],
  expectations: ['EXPECTATIONS: what each side commits to', [
    'The provider commits to how fast it responds to and restores an incident of each severity; the',
    'recipients commit to using the API as documented and telling the provider what is coming.',
    'Severities must be defined so that anyone can tell which one an incident gets. These durations',
    'run on the clock (no "business"), because coverage is around the clock.',
  ]],
  reporting: ['REPORTING AND REVIEW: how results are shared and the agreement kept current', [
    'Say what is reported, how often, to whom and where. A monthly report with the error budget left',
    'tells the recipients whether the provider is shipping safely or needs to slow down.',
  ]],
  consequences: ['CONSEQUENCES: what happens when a target is missed', [
    'Every KPI needs a consequence (sla validate --strict warns about one without): a remedy and who is',
    'told, in order. Credit tiers give back a share of the month\'s charge (internal chargeback): the',
    'tier with the largest credit whose bound the measured value crosses applies, so 98.7 % gives 30 %.',
    'Use "below" for KPIs that must stay high and "above" for those that must stay low.',
  ]],
};

export const platformApiDefaults = { provider: 'Platform Engineering', recipients: ['Product Engineering'], service: 'Platform API' };

export function platformApiYaml(ctx: PresetContext): string {
  const p = ctx.provider.name;
  const r = joinNames(ctx.recipients.map((x) => x.name));
  const s = ctx.answers.service;
  return `${header(ctx)}

${parties(ctx)}

${banner(2, ...PLATFORM_API_TEACHING.scope)}
scope:
  summary: ${scalar(`${s}, run by ${p} for ${r}: the production API, its availability, speed and incident handling.`)}
  services:
    - id: ${scalar(ctx.serviceId)}
      name: ${scalar(s)}
      description: The production API and its public endpoints, including authentication.
  included:
    - The production environment and its public endpoints
    - Incident response by an on-call engineer at any hour
    - Capacity planning for the traffic the recipients forecast
  excluded:
    - Staging and development environments (best effort)
    - Outages caused by a recipient's own code or by traffic above the agreed rate limits
    - Planned maintenance announced at least five business days in advance, up to four hours a month
  coverage:
    days: [mon, tue, wed, thu, fri, sat, sun]
    from: "00:00"
    to: "24:00"              # 24:00 means the end of the day: the service is covered around the clock
  outcomes:
    - ${scalar(`${r} can build on the API without running their own fallback.`)}
    - Incidents are noticed, worked on and explained without the recipients having to chase.

${banner(3, ...PLATFORM_API_TEACHING.expectations)}
expectations:
  provider:
    - Page the on-call engineer automatically when the API is unavailable or slow.
    - Post updates on the status page at least every 30 minutes during a SEV1 incident.
    - Publish a post-incident review within five business days of every SEV1 incident.
  recipient:
    - Use the API within the documented rate limits, and retry with backoff.
    - Forecast large traffic changes (launches, migrations) at least two weeks ahead.
    - Report suspected incidents through the on-call channel, with request ids.
  quality:
    - Breaking changes to the API are announced at least 90 days ahead and versioned.
  priorities:
${SEVERITIES.map((x) => `    - id: ${x.id}
      name: ${x.name}
      description: ${x.description}
      response: ${x.response}
      resolution: ${x.resolution}`).join('\n')}

${banner(4, 'METRICS: KPIs both sides agree are measurable and realistic', [
  'Each KPI says what is measured, from which data, over which period, and the target. The data here',
  'is long format, one measurement a row: timestamp,metric,value (see metrics.csv if you used',
  '--with-metrics); "metric" picks a KPI\'s rows and "where" filters them further. Be realistic:',
  '99.9 % a month allows 43 minutes of downtime; 99.99 % allows 4. Rare events such as incidents',
  'need a longer period (a quarter) or one late answer swings the result. Try a target on data with:',
  `sla check ${ctx.fileName} ${ctx.metricsFile}`,
])}
metrics:
  - id: availability
    name: Monthly availability of the API
    description: The share of minutes in which the health check succeeded, measured every minute from outside; one row a day.
    unit: percent
    objective: { op: ">=", target: 99.9 }
    period: month
    measure: { aggregate: mean, metric: availability }
  - id: latency-p95
    name: 95th percentile response time
    description: 95 % of sampled requests are answered in this time or less. A percentile, not an average, because averages hide the slow requests users feel.
    unit: milliseconds
    objective: { op: "<=", target: 300 }
    period: month
    measure: { aggregate: p95, metric: request_latency_ms }
${incidentKpi(SEVERITIES[0]!, 'response', 95)}
${incidentKpi(SEVERITIES[1]!, 'response', 90)}
${incidentKpi(SEVERITIES[0]!, 'resolution', 90)}

${banner(5, ...PLATFORM_API_TEACHING.reporting)}
reporting:
  reports:
    - name: ${scalar(`Monthly ${s} reliability report`)}
      content:
        - Availability and latency against their targets, with the error budget used
        - Every incident with its severity, timeline, cause and follow-up actions
        - Credits owed, if any
      frequency: monthly
      audience:
${list([...ctx.recipients.map((x) => x.name), p], '        ')}
      channel: The status page and the engineering wiki
${reviewBlock(ctx, [`Head of ${p}`, ...ctx.recipients.map((x) => `Representative of ${x.name}`)])}

${banner(6, ...PLATFORM_API_TEACHING.consequences)}
consequences:
  - id: availability-credits
    kpis: [availability]
    remedy: ${scalar(`${p} publishes a post-incident review for every outage in the month and credits the recipients according to the tiers.`)}
    escalation:
${list([`On-call lead, ${p}`, `Head of ${p}`, 'CTO'], '      ')}
    credits:
      - { below: 99.9, credit: 10 }
      - { below: 99.0, credit: 30 }
      - { below: 95.0, credit: 100 }
  - id: latency
    kpis: [latency-p95]
    remedy: ${scalar(`${p} finds the slowest endpoints and presents a plan to bring them back under target at the next review.`)}
    escalation:
${list([`Head of ${p}`], '      ')}
  - id: incident-response
    kpis: [sev1-response, sev2-response, sev1-restore]
    remedy: ${scalar(`${p} reviews its on-call rota and alerting, and reports the changes made at the next review.`)}
    escalation:
${list([`On-call lead, ${p}`, `Head of ${p}`], '      ')}
`;
}

/**
 * Long-format metrics for the first three whole months of the agreement's term (inside it, so `sla check` measures them): daily availability, sampled
 * request latencies and incident timings. Fixed outage minutes make the result known: the middle
 * month's availability (99.86 %) misses 99.9 %, so a first `sla check` shows the 10 % credit tier.
 */
export function platformApiCsv(ctx: PresetContext): string {
  const rnd = random(11);
  const rows: (string | number)[][] = [];
  const outages = [
    [{ day: 9, minutes: 12 }, { day: 23, minutes: 7 }],
    [{ day: 4, minutes: 35 }, { day: 17, minutes: 27 }],
    [{ day: 14, minutes: 5 }],
  ];
  monthsFrom(ctx.answers.effective, 3).forEach(({ year, month, days }, mi) => {
    let sample = 0;
    for (let d = 1; d <= days; d++) {
      const down = outages[mi]!.find((o) => o.day === d)?.minutes ?? 0;
      rows.push([dateOf(year, month, d), 'availability', Number((((1440 - down) / 1440) * 100).toFixed(4)), '']);
      // Eight sampled requests a day, between 08:00 and 22:00 (clear of daylight-saving gaps);
      // one in 33 is slow, under the 5 % a p95 of 300 ms allows.
      for (let h = 8; h <= 22; h += 2) {
        const slow = sample++ % 33 === 7;
        const ms = slow ? 320 + Math.round(rnd() * 600) : 60 + Math.round(rnd() * 170);
        rows.push([`${dateOf(year, month, d)}T${pad2(h)}:${pad2(Math.floor(rnd() * 60))}:00`, 'request_latency_ms', ms, '']);
      }
    }
    // One SEV1 and two SEV2 incidents a month, all answered in time.
    const incident = (day: number, priority: string, response: number, restore: number) => {
      const at = `${dateOf(year, month, day)}T${pad2(9 + Math.floor(rnd() * 11))}:${pad2(Math.floor(rnd() * 60))}:00`;
      rows.push([at, 'incident_response_minutes', response, priority]);
      rows.push([at, 'incident_restore_minutes', restore, priority]);
    };
    incident(outages[mi]![0]!.day, 'SEV1', 6 + Math.floor(rnd() * 8), 60 + Math.floor(rnd() * 150));
    incident(6, 'SEV2', 10 + Math.floor(rnd() * 15), 180 + Math.floor(rnd() * 600));
    incident(20, 'SEV2', 10 + Math.floor(rnd() * 15), 180 + Math.floor(rnd() * 600));
  });
  rows.sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  return csv(['timestamp', 'metric', 'value', 'priority'], rows);
}
