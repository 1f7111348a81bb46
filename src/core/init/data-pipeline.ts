// Preset: a data pipeline with freshness, completeness and failed-run recovery, measured from a run
// log (one row per scheduled run and dataset).
import { dateOf, monthsFrom } from '../dates.js';
import { banner, csv, header, joinNames, list, parties, random, reviewBlock, scalar, shuffle, type PresetContext } from './common.js';

export const dataPipelineDefaults = { provider: 'Data Engineering', recipients: ['Analytics'], service: 'Daily Data Pipeline' };

export function dataPipelineYaml(ctx: PresetContext): string {
  const p = ctx.provider.name;
  const r = joinNames(ctx.recipients.map((x) => x.name));
  const s = ctx.answers.service;
  return `${header(ctx)}

${parties(ctx)}

${banner(2, 'SCOPE: what is covered, what is not, and when', [
  'Say which datasets the pipeline delivers, where to, and by when. Exclusions matter most for data:',
  'late or wrong data from an upstream system the provider does not run should not count against it,',
  'but the provider should still detect it and say so. The pipeline runs every day; the coverage',
  'hours below are when people fix it, and "business" durations only count those hours.',
])}
scope:
  summary: ${scalar(`${s}: ${p} loads the daily datasets into the warehouse for ${r}, complete and on time.`)}
  services:
    - id: ${scalar(ctx.serviceId)}
      name: ${scalar(s)}
      description: The scheduled daily loads of the orders, customers and inventory datasets into the warehouse.
  included:
    - The daily loads of the orders, customers and inventory datasets, scheduled at 06:00
    - Monitoring of every run, with alerts on failure, lateness and missing rows
    - Re-running failed loads and backfilling the missing days
  excluded:
    - Errors in the source systems' own data (the provider reports them to their owners)
    - Ad-hoc extracts, dashboards and reports built on top of the datasets
    - Datasets added without a change to this agreement
  coverage:
    days: [mon, tue, wed, thu, fri]
    from: "08:00"            # quote times: unquoted, some YAML tools read 08:00 as a number
    to: "18:00"
  outcomes:
    - ${scalar(`${r} can start each day from yesterday's complete data.`)}
    - Late or incomplete data is announced before anyone builds on it.

${banner(3, 'EXPECTATIONS: what each side commits to', [
  'The provider commits to delivery and to how fast it responds to a data incident; the recipients',
  'commit to reporting problems with enough detail and announcing changes that affect the loads.',
  'Define each priority so anyone can tell which one a data incident gets.',
])}
expectations:
  provider:
    - Announce a late or failed load on the data channel within 30 minutes of noticing it.
    - Keep the data dictionary and lineage of every dataset up to date.
    - Announce schema changes to the datasets at least two weeks ahead.
  recipient:
    - Report data problems with the dataset, the query and the rows that look wrong.
    - Tell the provider about new reports that depend on a dataset, so they are monitored.
  quality:
    - Every load passes its row-count and schema checks before it is published.
  priorities:
    - id: P1
      name: Critical
      description: A dataset is missing, or wrong in a way that affects decisions made today.
      response: 1 business hour
      resolution: 1 business day
    - id: P2
      name: High
      description: A dataset is late or partly wrong, and a workaround exists.
      response: 4 business hours
      resolution: 3 business days
    - id: P3
      name: Low
      description: Questions, small inconsistencies and requests for change.
      response: 1 business day
      resolution: 10 business days

${banner(4, 'METRICS: KPIs both sides agree are measurable and realistic', [
  'Each KPI says what is measured, from which data, over which period, and the target. Here the data',
  'is the pipeline\'s run log, one row per dataset and scheduled run (see metrics.csv if you used',
  '--with-metrics): freshness is how long after the scheduled time the data was ready; completeness',
  'compares rows loaded with rows expected ("ratio" sums both over the period); recovery counts only',
  'the failed runs ("where"). "timestamp" names the column that places a row in a period.',
  `Try a target on data with: sla check ${ctx.fileName} ${ctx.metricsFile}`,
])}
metrics:
  - id: freshness
    name: Daily loads ready within 2 hours of schedule
    description: A load is ready when its data can be queried in the warehouse.
    unit: percent
    objective: { op: ">=", target: 95 }
    period: month
    measure: { aggregate: attainment, column: freshness_minutes, threshold: { op: "<=", value: 120 }, timestamp: scheduled_for }
  - id: completeness
    name: Rows loaded out of rows expected
    description: Rows expected come from the source system's own count for the day.
    unit: percent
    objective: { op: ">=", target: 99.5 }
    period: month
    measure: { aggregate: ratio, column: rows_loaded, denominator: rows_expected, timestamp: scheduled_for }
  - id: failed-run-recovery
    name: Failed runs recovered within 4 hours
    description: From the failure to a successful re-run. A month without failures has no data for this KPI; sla check --allow-missing does not count that as a breach.
    unit: percent
    objective: { op: ">=", target: 90 }
    period: month
    measure: { aggregate: attainment, column: recovery_minutes, where: { status: failed }, threshold: { op: "<=", value: 240 }, timestamp: scheduled_for }

${banner(5, 'REPORTING AND REVIEW: how results are shared and the agreement kept current', [
  'Say what is reported, how often, to whom and where. For data, a short daily status and a monthly',
  'report of each KPI against its target are common.',
])}
reporting:
  reports:
    - name: Daily load status
      content:
        - Which loads ran, when they were ready and how many rows they loaded
      frequency: daily
      audience:
${list(ctx.recipients.map((x) => x.name), '        ')}
      channel: The data team's announcement channel
    - name: ${scalar(`Monthly ${s} report`)}
      content:
        - Each KPI against its target
        - Failed and late runs with their causes and the actions taken
      frequency: monthly
      audience:
${list([...ctx.recipients.map((x) => x.name), p], '        ')}
${reviewBlock(ctx, [`Head of ${p}`, ...ctx.recipients.map((x) => `Representative of ${x.name}`)])}

${banner(6, 'CONSEQUENCES: what happens when a target is missed', [
  'Every KPI needs a consequence (sla validate --strict warns about one without): a remedy the',
  'provider carries out, and who is told, in order. Where teams charge each other you can add',
  'credit tiers, e.g. credits: [{ below: 90, credit: 10 }].',
])}
consequences:
  - id: late-or-incomplete-data
    kpis: [freshness, completeness]
    remedy: ${scalar(`${p} backfills the missing data, publishes the cause and a fix within five business days, and reports on it at the next review.`)}
    escalation:
${list([`Data on-call engineer, ${p}`, `Head of ${p}`, 'Chief Data Officer'], '      ')}
  - id: slow-recovery
    kpis: [failed-run-recovery]
    remedy: ${scalar(`${p} reviews its alerting and runbooks for the failed runs and presents the changes at the next review.`)}
    escalation:
${list([`Head of ${p}`], '      ')}
`;
}

const DATASETS = [
  { name: 'orders', rows: 120_000 },
  { name: 'customers', rows: 8_000 },
  { name: 'inventory', rows: 30_000 },
];

/**
 * The run log for the first three whole months of the agreement's term (inside it, so `sla check` measures them). Three failed runs a month, all
 * recovered in time; freshness misses its target only in the middle month (92 %), so a first
 * `sla check` shows a breach and its consequence.
 */
export function dataPipelineCsv(ctx: PresetContext): string {
  const rnd = random(23);
  const rows: (string | number)[][] = [];
  let runId = 1;
  monthsFrom(ctx.answers.effective, 3).forEach(({ year, month, days }, mi) => {
    const runs = days * DATASETS.length;
    // Which runs fail and which are late besides, chosen by index so the counts are exact.
    const fate = shuffle([...Array(3).fill('failed'), ...Array([1, 4, 0][mi]!).fill('late'), ...Array(runs - 3 - [1, 4, 0][mi]!).fill('ok')] as string[], rnd);
    let i = 0;
    for (let d = 1; d <= days; d++) {
      for (const ds of DATASETS) {
        const f = fate[i++]!;
        const expected = Math.round(ds.rows * (0.85 + rnd() * 0.3));
        const loaded = expected - Math.floor(rnd() * expected * 0.002);
        const recovery = f === 'failed' ? 45 + Math.floor(rnd() * 150) : 0;
        const freshness = f === 'failed' ? 130 + recovery : f === 'late' ? 125 + Math.floor(rnd() * 120) : 25 + Math.floor(rnd() * 70);
        rows.push([`run-${String(runId++).padStart(5, '0')}`, ds.name, `${dateOf(year, month, d)}T06:00:00`, f === 'failed' ? 'failed' : 'succeeded', freshness, expected, loaded, recovery]);
      }
    }
  });
  return csv(['run_id', 'dataset', 'scheduled_for', 'status', 'freshness_minutes', 'rows_expected', 'rows_loaded', 'recovery_minutes'], rows);
}
