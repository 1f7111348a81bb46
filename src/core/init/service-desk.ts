// Preset: a service desk with P1-P4 response and resolution targets in business hours, modelled on
// examples/it-service-desk, plus a wide ticket export as sample metrics.
import { dateOf, formatDay, monthsFrom, pad2, parseDay, weekday, weekdayOf } from '../dates.js';
import { durationInWords, durationMinutes, parseDuration } from '../duration.js';
import { banner, csv, header, joinNames, list, parties, random, reviewBlock, scalar, shuffle, type PresetContext } from './common.js';

interface Level {
  id: string;
  name: string;
  description: string;
  response: string;
  resolution: string;
  responseTarget: number;
  resolutionTarget: number;
}

const LEVELS: Level[] = [
  { id: 'P1', name: 'Critical', description: 'A whole team or a business-critical service cannot work.', response: '15 business minutes', resolution: '4 business hours', responseTarget: 95, resolutionTarget: 90 },
  { id: 'P2', name: 'High', description: 'One person cannot work, or a team is seriously hindered.', response: '1 business hour', resolution: '1 business day', responseTarget: 95, resolutionTarget: 90 },
  { id: 'P3', name: 'Medium', description: 'Work is hindered but a workaround exists.', response: '2 business hours', resolution: '3 business days', responseTarget: 90, resolutionTarget: 85 },
  { id: 'P4', name: 'Low', description: 'Requests and questions.', response: '4 business hours', resolution: '5 business days', responseTarget: 90, resolutionTarget: 85 },
];

/** Coverage hours of the preset, in minutes of the day: 09:00-17:00, so a business day is 8 hours. */
const OPENS = 9 * 60;
const CLOSES = 17 * 60;

/** "4 business hours" from the priority table in words, and in business minutes for the sample data. */
const inWords = (time: string) => durationInWords(parseDuration(time)!);
const businessMinutes = (time: string) => durationMinutes(parseDuration(time)!, CLOSES - OPENS);

export const serviceDeskDefaults = { provider: 'IT Operations', recipients: ['All employees'], service: 'IT Service Desk' };

export function serviceDeskYaml(ctx: PresetContext): string {
  const p = ctx.provider.name;
  const r = joinNames(ctx.recipients.map((x) => x.name));
  const s = ctx.answers.service;
  const kpiIds = LEVELS.flatMap((l) => [`${l.id.toLowerCase()}-response`, `${l.id.toLowerCase()}-resolution`]);

  // The names say the priority table's times in its words; target: compares each ticket with them.
  const kpis = LEVELS.map((l) => {
    const low = l.id.toLowerCase();
    return `  - id: ${low}-response
    name: ${l.id} tickets answered within ${inWords(l.response)}
    unit: percent
    objective: { op: ">=", target: ${l.responseTarget} }
    period: month
    measure: { aggregate: attainment, duration: { from: opened_at, to: first_response_at, clock: business }, where: { priority: ${l.id} }, threshold: { op: "<=", target: response } }
  - id: ${low}-resolution
    name: ${l.id} tickets resolved within ${inWords(l.resolution)}
    unit: percent
    objective: { op: ">=", target: ${l.resolutionTarget} }
    period: month
    measure: { aggregate: attainment, duration: { from: opened_at, to: resolved_at, clock: business }, where: { priority: ${l.id} }, threshold: { op: "<=", target: resolution } }`;
  }).join('\n');

  return `${header(ctx)}

${parties(ctx)}

${banner(2, 'SCOPE: what is covered, what is not, and when', [
  'Say in a sentence or two what the service is for, list the services, and be explicit about what',
  'is excluded: most disputes come from work one side thought was included. Coverage hours matter',
  'because every "business hours" target below only counts time inside them.',
])}
scope:
  summary: ${scalar(`${s}: first- and second-line support from ${p} for ${r}, covering incidents, service requests and questions.`)}
  services:
    - id: ${scalar(ctx.serviceId)}
      name: ${scalar(s)}
      description: Incidents, service requests and questions raised through the service portal, by e-mail or by phone.
  included:
    - Incidents and service requests raised through the service portal, by e-mail or by phone
    - Installation of software from the approved catalogue
    - Accounts and access for joiners, movers and leavers
  excluded:
    - Personal devices and home networks
    - Development of custom software or reports
    - Systems run by other teams under their own agreements
  coverage:
    days: [mon, tue, wed, thu, fri]
    from: "09:00"            # quote times: unquoted, some YAML tools read 09:00 as a number
    to: "17:00"
    # Public holidays stop the business-hours clock. List them, or point holidayCalendar at an .ics file:
    # holidays:
    #   - { date: ${ctx.answers.effective.slice(0, 4)}-12-25, name: Christmas Day }
    # holidayCalendar: holidays.ics
  outcomes:
    - ${scalar(`${r} get back to work quickly after an IT problem.`)}
    - Every request is acknowledged, tracked and closed with a clear answer.

${banner(3, 'EXPECTATIONS: what each side commits to', [
  'An agreement binds both sides. The provider commits to response and resolution times per priority;',
  'the recipients commit to what the provider needs to meet them (clear tickets, being reachable).',
  'Define each priority so anyone can tell which one a ticket gets. "business" durations only count',
  'coverage hours: "4 business hours" raised at 16:00 on a Friday is due at 12:00 on Monday.',
])}
expectations:
  provider:
    - Acknowledge every ticket within the response time of its priority.
    - Keep the requester informed at least once a business day until the ticket is resolved.
    - Announce planned maintenance at least five business days in advance.
  recipient:
    - Raise requests through the service portal with a clear description and the affected device or account.
    - Be reachable while a ticket they raised is being worked on.
    - Follow the acceptable use policy.
  quality:
    - Every resolved incident records its cause and the fix.
    - Requesters confirm the resolution, or the ticket reopens if they say it is not fixed within five business days.
  priorities:
${LEVELS.map((l) => `    - id: ${l.id}
      name: ${l.name}
      description: ${l.description}
      response: ${l.response}
      resolution: ${l.resolution}`).join('\n')}

${banner(4, 'METRICS: KPIs both sides agree are measurable and realistic', [
  'Each KPI says what is measured, from which data, over which period, and the target. A target',
  'must be measurable from data you already have (here a ticket export, one row per ticket: see',
  'metrics.csv if you used --with-metrics) and realistic: check it against last quarter before you',
  'sign. "duration" times each ticket from opened_at to its first response or its resolution in',
  'business hours; "attainment" is the share of tickets within the threshold, so "95 % of P1',
  'tickets answered within 15 business minutes" tolerates one slow ticket in twenty; a 100 %',
  'target would fail on the first. "where" keeps only the rows of one priority, and',
  '"target: response" compares each ticket with that priority\'s own time in section 3: change the',
  'table and the KPIs follow (rename them too). Try a target on data with:',
  `sla check ${ctx.fileName} ${ctx.metricsFile}`,
])}
metrics:
${kpis}
  - id: satisfaction
    name: Average satisfaction score
    description: Requesters rate each resolved ticket from 1 (poor) to 5 (excellent).
    unit: score
    objective: { op: ">=", target: 4.2 }
    period: month
    measure: { aggregate: mean, column: satisfaction, timestamp: opened_at }

${banner(5, 'REPORTING AND REVIEW: how results are shared and the agreement kept current', [
  'Say what is reported, how often, to whom and where. A monthly report of each KPI against its',
  'target, with the causes of breaches, is what keeps an agreement alive.',
])}
reporting:
  reports:
    - name: ${scalar(`Monthly ${s} report`)}
      content:
        - Each KPI against its target, per priority
        - Breaches with their causes and the actions taken
        - Ticket volumes and trends
      frequency: monthly
      audience:
${list([...ctx.recipients.map((x) => x.name), p], '        ')}
      channel: The intranet page of the service desk, and by e-mail
${reviewBlock(ctx, [`Head of ${p}`, ...ctx.recipients.map((x) => `Representative of ${x.name}`)])}

${banner(6, 'CONSEQUENCES: what happens when a target is missed', [
  'Every KPI needs a consequence (sla validate --strict warns about one without): a remedy the',
  'provider carries out, and who is told, in order. Internal agreements rarely pay money back, but',
  'where teams charge each other you can add credit tiers, e.g. credits: [{ below: 80, credit: 10 }].',
])}
consequences:
  - id: response-and-resolution
    kpis: [${kpiIds.join(', ')}]
    remedy: ${scalar(`${p} publishes the cause of the breach and a recovery plan within five business days, and reports on the plan at the next monthly review.`)}
    escalation:
${list([`Service desk manager, ${p}`, `Head of ${p}`, 'Chief Operating Officer'], '      ')}
  - id: satisfaction
    kpis: [satisfaction]
    remedy: ${scalar(`${p} asks the dissatisfied requesters what went wrong and presents improvements at the next review.`)}
    escalation:
${list([`Head of ${p}`], '      ')}
`;
}

/**
 * A wide ticket export, one row per ticket, for the first three whole months of the agreement's term (inside it, so `sla check` measures them): the
 * baseline to test the targets on. Counts are fixed per month so the result is known: every KPI is
 * met except P1 resolution in the last month, so a first `sla check` shows a breach and its consequence.
 */
export function serviceDeskCsv(ctx: PresetContext): string {
  const rnd = random(7);
  const perMonth: Record<string, { n: number; responseMisses: number; resolutionMisses: number }> = {
    P1: { n: 4, responseMisses: 0, resolutionMisses: 0 },
    P2: { n: 15, responseMisses: 0, resolutionMisses: 1 },
    P3: { n: 40, responseMisses: 2, resolutionMisses: 4 },
    P4: { n: 25, responseMisses: 2, resolutionMisses: 2 },
  };
  const rows: (string | number)[][] = [];
  const months = monthsFrom(ctx.answers.effective, 3);
  months.forEach(({ year, month, days }, mi) => {
    const workdays: number[] = [];
    for (let d = 1; d <= days; d++) if (![0, 6].includes(weekday(year, month, d))) workdays.push(d);
    const tickets: { opened: string; priority: string; response: number; resolution: number }[] = [];
    for (const level of LEVELS) {
      const plan = perMonth[level.id]!;
      const resolutionMisses = level.id === 'P1' && mi === months.length - 1 ? 1 : plan.resolutionMisses;
      const within = (limit: number, miss: boolean) => Math.max(1, Math.round(miss ? limit * (1.1 + rnd() * 0.9) : limit * (0.15 + rnd() * 0.8)));
      for (let i = 0; i < plan.n; i++) {
        const day = workdays[Math.floor(rnd() * workdays.length)]!;
        const minute = OPENS + Math.floor(rnd() * (CLOSES - OPENS));
        tickets.push({
          opened: `${dateOf(year, month, day)}T${pad2(Math.floor(minute / 60))}:${pad2(minute % 60)}:00`,
          priority: level.id,
          response: within(businessMinutes(level.response), i < plan.responseMisses),
          resolution: within(businessMinutes(level.resolution), i < resolutionMisses),
        });
      }
    }
    // Exact counts of each rating keep the monthly mean at 4.40, above the 4.2 target.
    const scores = shuffle([...Array(47).fill(5), ...Array(28).fill(4), ...Array(6).fill(3), 2, 2, 1] as number[], rnd);
    tickets.sort((a, b) => a.opened.localeCompare(b.opened));
    tickets.forEach((t, i) => rows.push([`INC-${year}${pad2(month)}-${String(i + 1).padStart(3, '0')}`, t.priority, t.opened, afterBusinessMinutes(t.opened, t.response), afterBusinessMinutes(t.opened, Math.max(t.response, t.resolution)), scores[i]!]));
  });
  return csv(['ticket_id', 'priority', 'opened_at', 'first_response_at', 'resolved_at', 'satisfaction'], rows);
}

/** The local time `minutes` business minutes after `opened` (YYYY-MM-DDTHH:MM:00 within coverage), Monday to Friday 09:00-17:00. */
function afterBusinessMinutes(opened: string, minutes: number): string {
  let day = parseDay(opened.slice(0, 10))!;
  let at = Number(opened.slice(11, 13)) * 60 + Number(opened.slice(14, 16));
  let left = minutes;
  for (;;) {
    const weekend = weekdayOf(day) === 0 || weekdayOf(day) === 6;
    if (!weekend) {
      const start = Math.max(at, OPENS);
      if (start + left <= CLOSES) {
        at = start + left;
        break;
      }
      left -= Math.max(0, CLOSES - start);
    }
    day += 1;
    at = OPENS;
  }
  return `${formatDay(day)}T${pad2(Math.floor(at / 60))}:${pad2(at % 60)}:00`;
}
