// The report's view model: the evaluation of `sla check` (the same CheckResult, not a second
// computation) put into words and tables for templates. Pure: charts arrive as strings.
import { overallStatus, type CheckResult, type KpiResult, type ResultPeriod, type Status } from '../core/check/index.js';
import type { Kpi, Sla } from '../core/model.js';
import { capitalize, dateInWords, frequencyInWords, listInWords, nameInSentence, numberInWords, periodInWords, targetInWords, valueInWords } from '../render/words.js';
import { civilFromDays, isoWeekOf, MONTHS, pad4, parseDay, quarterOf } from '../core/dates.js';
import { OP_SYMBOL, unitSuffix } from '../formatters/text.js';

export interface ReportChart {
  /** Inline SVG markup, for HTML and PDF. */
  svg: string;
  /** The image as Markdown (a file beside the report, or an <img> with a data URI). */
  markdown: string;
  alt: string;
}

export interface ReportRow {
  period: string; periodText: string; actual: string; target: string; margin: string;
  status: Status; statusText: string; budgetUsed: string; samples: number; breached: boolean;
}

export interface ReportKpi {
  id: string; name: string; unit: string; target: string; period: string; status: Status; statusText: string;
  breaches: number; chart: ReportChart; rows: ReportRow[]; anchor: string;
  /** Rows still open at the end of the data and not counted yet (business-hours clocks), in words. */
  openText: string | null;
}

export interface ReportView {
  agreement: { id: string; title: string; version: string; status: string };
  provider: { name: string };
  recipients: { name: string; nameInText: string }[];
  recipientNames: string;
  span: { from: string | null; to: string | null; text: string };
  produced: string;
  producedText: string;
  summary: {
    kpis: number; met: number; breached: number; noData: number; breaches: number;
    periods: string[]; periodsText: string; periodCount: number; verdict: string; status: Status;
    credits: { recipient: string; items: string; total: string }[]; hasCredits: boolean;
  };
  kpis: ReportKpi[];
  consequences: { kpi: string; kpiName: string; period: string; remedy: string; escalation: string; credit: string | null }[];
  hasConsequences: boolean;
  skipped: { row: number; column: string; reason: string }[];
  hasSkipped: boolean;
  review: {
    frequencyText: string; participantsText: string; next: string; nextText: string; overdue: boolean; overdueText: string | null;
    reports: { name: string; frequencyText: string; audienceText: string; channel: string | null }[];
  };
}

const STATUS_TEXT: Record<Status, string> = { met: 'Met', breached: 'Breached', 'no-data': 'No data' };

/** A result's period in words: "January 2026", "Q1 2026", "Week 5, 2026", "31 January 2026", "All data". */
export function periodInWordsOf(p: ResultPeriod): string {
  if (p.periodKind === 'all') return 'All data';
  const start = p.start === null ? undefined : parseDay(p.start);
  if (start === undefined) return p.period; // the engine always gives a start; show the key rather than guess
  const { y, m } = civilFromDays(start);
  switch (p.periodKind) {
    case 'day': return dateInWords(p.start!);
    case 'week': {
      const { year, week } = isoWeekOf(start);
      return `Week ${week}, ${pad4(year)}`;
    }
    case 'month': return `${MONTHS[m - 1]} ${pad4(y)}`;
    case 'quarter': return `Q${quarterOf(m)} ${pad4(y)}`;
  }
}

export { unitSuffix };

export function unitLabel(unit: string): string {
  switch (unit) {
    case 'percent': return '%';
    case 'milliseconds': return 'milliseconds';
    case 'count': return 'count';
    case 'score': return 'score';
    default: return unit;
  }
}

/** The short label under a chart's bar: "Jan 2026" for a month, otherwise the period in words. */
export function periodLabelOf(p: ResultPeriod): string {
  const start = p.periodKind === 'month' && p.start !== null ? parseDay(p.start) : undefined;
  if (start === undefined) return periodInWordsOf(p);
  const { y, m } = civilFromDays(start);
  return `${MONTHS[m - 1]!.slice(0, 3)} ${pad4(y)}`;
}

const signed = (n: number, suffix: string) => `${n > 0 ? '+' : n < 0 ? '−' : '±'}${numberInWords(Math.abs(n))}${suffix}`;

export interface ReportInputs {
  sla: Sla;
  result: CheckResult;
  /** The date the report is produced and overdue reviews are judged by (YYYY-MM-DD). */
  asOf: string;
  /** A chart per KPI id, made by the caller (the only part that needs a chart library). */
  charts: ReadonlyMap<string, ReportChart>;
}

export function buildReportView({ sla, result, asOf, charts }: ReportInputs): ReportView {
  const byKpi = new Map<string, KpiResult[]>();
  for (const r of result.results) byKpi.set(r.kpi, [...(byKpi.get(r.kpi) ?? []), r]);
  // The first result of each period speaks for it (results of one key share their kind and dates).
  const periodResults = new Map<string, ResultPeriod>();
  for (const r of result.results) if (!periodResults.has(r.period)) periodResults.set(r.period, r);
  const periods = [...periodResults.keys()].sort();
  const keyInWords = (key: string) => periodInWordsOf(periodResults.get(key)!);

  const kpis: ReportKpi[] = sla.metrics.map((kpi: Kpi) => {
    const results = byKpi.get(kpi.id) ?? [];
    const suffix = unitSuffix(kpi.unit);
    const breaches = results.filter((r) => r.status === 'breached').length;
    // A KPI's own line: periods without data show on their rows and make the KPI "no data" only when
    // every period is without data, whatever --allow-missing says (the report is not a gate).
    const status = overallStatus(results, { allowMissing: true });
    return {
      id: kpi.id,
      name: kpi.name,
      unit: kpi.unit,
      target: targetInWords(kpi),
      period: periodInWords(results[0]?.periodKind ?? kpi.period),
      status,
      statusText: STATUS_TEXT[status],
      breaches,
      anchor: `kpi-${kpi.id}`,
      openText: openInWords(results),
      chart: charts.get(kpi.id) ?? { svg: '', markdown: '', alt: '' },
      rows: results.map((r) => ({
        period: r.period,
        periodText: periodInWordsOf(r),
        actual: r.actual === null ? '—' : `${numberInWords(r.actual)}${suffix}`,
        target: `${OP_SYMBOL[r.op] ?? r.op} ${numberInWords(r.target)}${suffix}`,
        margin: r.margin === null ? '—' : signed(r.margin, suffix),
        status: r.status,
        statusText: STATUS_TEXT[r.status],
        budgetUsed: r.budgetUsed === null ? '—' : `${numberInWords(r.budgetUsed)} %`,
        samples: r.samples,
        breached: r.status === 'breached',
      })),
    };
  });

  const breachedResults = result.results.filter((r) => r.status === 'breached');
  const consequences = breachedResults.flatMap((r) => r.consequences.map((c) => ({
    kpi: r.kpi,
    kpiName: r.name,
    period: periodInWordsOf(r),
    remedy: c.remedy,
    escalation: c.escalation,
    credit: c.credit === null ? null : `${numberInWords(c.credit)} %`,
  })));

  // Credits are a share of each period's charge, owed by the provider to every recipient.
  const creditItems = breachedResults.flatMap((r) => r.consequences.filter((c) => c.credit !== null && c.credit > 0).map((c) => ({ period: periodInWordsOf(r), kpi: r.name, credit: c.credit! })));
  const creditText = creditItems.map((c) => `${numberInWords(c.credit)} % of the ${c.period} charge (${c.kpi})`).join('; ');
  const creditTotal = creditItems.reduce((sum, c) => sum + c.credit, 0);
  const credits = creditItems.length === 0 ? [] : sla.parties.recipients.map((r) => ({ recipient: r.name, items: creditText, total: `${numberInWords(creditTotal)} percentage points` }));

  const met = kpis.filter((k) => k.status === 'met').length;
  const breached = kpis.filter((k) => k.status === 'breached').length;
  const noData = kpis.filter((k) => k.status === 'no-data').length;
  const from = result.from ?? null;
  const to = result.to ?? null;
  // Periods of different kinds (months and quarters) do not sort into one range; the dates do.
  const periodsText = from && to ? `${dateInWords(from)} to ${dateInWords(to)}` : periods.length === 0 ? 'no periods' : periods.length === 1 ? keyInWords(periods[0]!) : `${keyInWords(periods[0]!)} to ${keyInWords(periods[periods.length - 1]!)}`;
  const verdict = verdictSentence({ total: kpis.length, met, breached, noData, breaches: breachedResults.length, periodsText, maxCredit: Math.max(0, ...creditItems.map((c) => c.credit)) });

  const review = sla.reporting.review;
  const overdue = review.next < asOf;
  return {
    agreement: { id: sla.id, title: sla.title, version: sla.version, status: sla.status },
    provider: { name: sla.parties.provider.name },
    recipients: sla.parties.recipients.map((r) => ({ name: r.name, nameInText: nameInSentence(r.name) })),
    recipientNames: listInWords(sla.parties.recipients.map((r) => r.name)),
    span: { from, to, text: periodsText },
    produced: asOf,
    producedText: dateInWords(asOf),
    summary: {
      kpis: kpis.length, met, breached, noData, breaches: breachedResults.length, periods, periodsText, periodCount: periods.length,
      verdict, status: result.status, credits, hasCredits: credits.length > 0,
    },
    kpis,
    consequences,
    hasConsequences: consequences.length > 0,
    skipped: result.skipped.map((s) => ({ ...s })),
    hasSkipped: result.skipped.length > 0,
    review: {
      frequencyText: frequencyInWords(review.frequency),
      participantsText: listInWords(review.participants),
      next: review.next,
      nextText: dateInWords(review.next),
      overdue,
      overdueText: overdue ? `The review due on ${dateInWords(review.next)} is overdue as of ${dateInWords(asOf)}: hold it and set the next date.` : null,
      reports: sla.reporting.reports.map((r) => ({ name: r.name, frequencyText: capitalize(frequencyInWords(r.frequency)), audienceText: listInWords(r.audience), channel: r.channel ?? null })),
    },
  };
}

function openInWords(results: readonly KpiResult[]): string | null {
  const open = results.filter((r) => (r.open ?? 0) > 0);
  if (open.length === 0) return null;
  const total = open.reduce((n, r) => n + (r.open ?? 0), 0);
  const where = listInWords(open.map((r) => `${r.open} in ${periodInWordsOf(r)}`));
  return `${total} row${total === 1 ? ' was' : 's were'} still open at the end of the data and not counted yet (${where}).`;
}

function verdictSentence(s: { total: number; met: number; breached: number; noData: number; breaches: number; periodsText: string; maxCredit: number }): string {
  const kpiWord = (n: number) => `${n} KPI${n === 1 ? '' : 's'}`;
  if (s.total === s.noData) return `There was no data for any of the ${kpiWord(s.total)} in ${s.periodsText}, so the agreement could not be measured.`;
  const missing = s.noData > 0 ? ` ${kpiWord(s.noData)} had no data.` : '';
  const all = (n: number) => (n === 1 ? 'The KPI' : `All ${kpiWord(n)}`);
  const target = (n: number) => (n === 1 ? 'its target' : 'their targets');
  if (s.breached === 0) return `${s.met === s.total ? all(s.total) : `${s.met} of ${kpiWord(s.total)}`} met ${target(s.met)} in every period from ${s.periodsText}.${missing}`;
  const credit = s.maxCredit > 0 ? `, and service credits of up to ${numberInWords(s.maxCredit)} % of a period's charge are due` : '';
  return `${s.breached === s.total ? all(s.total) : `${s.breached} of ${kpiWord(s.total)}`} missed ${target(s.breached)} in at least one period from ${s.periodsText} (${s.breaches} breach${s.breaches === 1 ? '' : 'es'} in all)${credit}.${missing}`;
}
