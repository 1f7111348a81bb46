// The report's view model: the evaluation of `sla check` (the same CheckResult, not a second
// computation) put into words and tables for templates. Pure: charts arrive as strings.
import { isMissing, overallStatus, type CheckResult, type KpiResult, type PeriodKind, type ResultPeriod, type Status } from '../core/check/index.js';
import type { Kpi, Sla } from '../core/model.js';
import { capitalize, dateInWords, frequencyInWords, listInWords, nameInSentence, numberInWords, periodInWords, targetInWords } from '../render/words.js';
import { civilFromDays, compareDates, isoWeekOf, MONTHS, pad4, parseDay, quarterOf } from '../core/dates.js';
import { money } from '../formatters/money.js';
import { actualNumber, budgetNumber, marginNumber, marginSuffix, OP_SYMBOL, unitSuffix } from '../formatters/text.js';

/**
 * The most results (KPIs × periods) a report shows: each is a bar of a chart and a row of a table,
 * and more than a few thousand make a document nobody reads (and charts that take seconds each).
 */
export const MAX_REPORT_RESULTS = 2_500;

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
  /** Percentage KPIs: how many samples each period's percentage is over, beside the chart. */
  samplesText: string | null;
  /** Rows still open at the end of the data and not counted yet (business-hours clocks), in words. */
  openText: string | null;
}

export interface ReportCreditLine {
  period: string; periodText: string;
  /** "25 % of the March 2026 charge" (with "capped" when a cap lowered it). */
  credit: string;
  /** "the monthly charge, $12,000.00", or null without a charge. */
  charge: string | null;
  amount: string | null;
  kpis: string;
}

export interface ReportRecipientCredits {
  recipient: string;
  lines: ReportCreditLine[];
  /** The sum of the amounts, or null when the recipient states no charge. */
  total: string | null;
  totalText: string;
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
    /** The periods evaluated by kind, "6 months and 2 quarters", and each kind's count for tiles. */
    periodsEvaluated: string; periodKinds: { count: number; label: string }[];
    /** Results (a KPI in a period) met, breached, and without data or with too few samples. */
    results: { total: number; met: number; breached: number; missing: number };
    /** Per recipient: a line per period (a share of that period's charge), a total only in money. */
    credits: ReportRecipientCredits[]; hasCredits: boolean;
  };
  kpis: ReportKpi[];
  /**
   * Sentences a reader must see before the figures: a draft agreement, rows outside the term (not
   * measured), partial periods, periods with too few samples.
   */
  notes: string[];
  consequences: { kpi: string; kpiName: string; period: string; remedy: string; escalation: string; credit: string | null }[];
  hasConsequences: boolean;
  skipped: { row: number; column: string; reason: string }[];
  hasSkipped: boolean;
  review: {
    frequencyText: string; participantsText: string; next: string; nextText: string; overdue: boolean; overdueText: string | null;
    reports: { name: string; frequencyText: string; audienceText: string; channel: string | null }[];
  };
}

const STATUS_TEXT: Record<Status, string> = { met: 'Met', breached: 'Breached', 'no-data': 'No data', 'insufficient-data': 'Too few samples' };

/** The days a partial period covers, in words: "1–15 March", "25 January–5 February", "30 December 2025–2 January 2026". */
export function spanInWords(start: string, end: string): string {
  const a = parseDay(start), b = parseDay(end);
  if (a === undefined || b === undefined) return `${start}–${end}`;
  const s = civilFromDays(a), e = civilFromDays(b);
  if (s.y !== e.y) return `${dateInWords(start)}–${dateInWords(end)}`;
  if (s.m !== e.m) return `${s.d} ${MONTHS[s.m - 1]}–${e.d} ${MONTHS[e.m - 1]}`;
  return s.d === e.d ? `${s.d} ${MONTHS[s.m - 1]}` : `${s.d}–${e.d} ${MONTHS[s.m - 1]}`;
}

/**
 * A result's period in words: "January 2026", "Q1 2026", "Week 5, 2026", "31 January 2026", "All
 * data"; a partial period with the days it was measured over, "March 2026 (1–15 March)".
 */
export function periodInWordsOf(p: ResultPeriod): string {
  const words = wholePeriodInWords(p);
  return p.partial === true && p.start !== null && p.end !== null ? `${words} (${spanInWords(p.start, p.end)})` : words;
}

function wholePeriodInWords(p: ResultPeriod): string {
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
  const month = `${MONTHS[m - 1]!.slice(0, 3)} ${pad4(y)}`;
  // A partial month says its days, so its bar is not read as the whole month's: "1–15 Mar 2026".
  if (p.partial === true && p.end !== null) return `${civilFromDays(start).d}–${civilFromDays(parseDay(p.end) ?? start).d} ${month}`;
  return month;
}

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
  // Pushed, not copied: a copy per result made this quadratic in the periods.
  for (const r of result.results) {
    const list = byKpi.get(r.kpi);
    if (list === undefined) byKpi.set(r.kpi, [r]);
    else list.push(r);
  }
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
      samplesText: kpi.unit === 'percent' && results.some((r) => r.actual !== null) ? samplesInWords(results) : null,
      chart: charts.get(kpi.id) ?? { svg: '', markdown: '', alt: '' },
      rows: results.map((r) => ({
        period: r.period,
        periodText: periodInWordsOf(r),
        actual: r.actual === null ? '—' : `${actualNumber(r)}${suffix}`,
        target: `${OP_SYMBOL[r.op] ?? r.op} ${numberInWords(r.target)}${suffix}`,
        margin: r.margin === null ? '—' : `${marginNumber(r)}${marginSuffix(r.unit)}`,
        status: r.status,
        statusText: STATUS_TEXT[r.status],
        budgetUsed: r.status === 'insufficient-data' ? `— (${r.samples} of ${r.minSamples} samples needed)` : r.budgetUsed === null ? '—' : `${budgetNumber(r.budgetUsed)} %`,
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
    credit: c.credit === null ? null : `${numberInWords(c.credit)} %${c.cap !== undefined && c.credit > c.cap ? ` (capped at ${numberInWords(c.cap)} % a period)` : ''}`,
  })));

  // Credits as sla check computed them: a share of each period's own charge, per recipient; the
  // only totals are sums of money (never of percentages of different periods).
  const credits = creditsInWords(result);
  // A loop, not Math.max(...): a spread of one argument per period overflows the stack.
  let maxCredit = 0;
  for (const c of result.credits) if (c.percent > maxCredit) maxCredit = c.percent;

  const met = kpis.filter((k) => k.status === 'met').length;
  const breached = kpis.filter((k) => k.status === 'breached').length;
  const noData = kpis.filter((k) => k.status === 'no-data').length;
  const from = result.from ?? null;
  const to = result.to ?? null;
  // Periods of different kinds (months and quarters) do not sort into one range; the dates do.
  const periodsText = from && to ? `${dateInWords(from)} to ${dateInWords(to)}` : periods.length === 0 ? 'no periods' : periods.length === 1 ? keyInWords(periods[0]!) : `${keyInWords(periods[0]!)} to ${keyInWords(periods[periods.length - 1]!)}`;
  // What was evaluated: distinct periods by kind, and results (a KPI in a period) by status.
  const kindCounts = new Map<PeriodKind, number>();
  for (const p of periodResults.values()) kindCounts.set(p.periodKind, (kindCounts.get(p.periodKind) ?? 0) + 1);
  const periodKinds = KIND_ORDER.filter((k) => kindCounts.has(k)).map((k) => ({ count: kindCounts.get(k)!, label: kindWord(k, kindCounts.get(k)!) }));
  const periodsEvaluated = periodKinds.length === 0 ? 'no periods' : listInWords(periodKinds.map((k) => `${k.count} ${k.label}`));
  const resultCounts = {
    total: result.results.length,
    met: result.results.filter((r) => r.status === 'met').length,
    breached: breachedResults.length,
    missing: result.results.filter((r) => isMissing(r.status)).length,
  };
  const verdict = verdictSentence({ total: kpis.length, met, breached, noData, breaches: breachedResults.length, periodsText, maxCredit });

  const review = sla.reporting.review;
  const overdue = compareDates(review.next, asOf) < 0;
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
      periodsEvaluated, periodKinds, results: resultCounts,
    },
    kpis,
    notes: reportNotes(result),
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

const KIND_ORDER: readonly PeriodKind[] = ['day', 'week', 'month', 'quarter', 'all'];
const kindWord = (kind: PeriodKind, n: number) => (kind === 'all' ? (n === 1 ? 'whole span' : 'whole spans') : `${kind}${n === 1 ? '' : 's'}`);

/** The sentences `notes` holds; see ReportView. */
function reportNotes(result: CheckResult): string[] {
  const notes: string[] = [];
  if (result.draft) notes.push('This agreement is a draft: the figures below show how it would be measured, but nothing in it has been agreed yet.');
  const { before, after } = result.outside ?? { before: 0, after: 0 };
  if (before + after > 0) {
    const term = result.term.end === null ? `from ${dateInWords(result.term.start)}` : `from ${dateInWords(result.term.start)} to ${dateInWords(result.term.end)}`;
    const where = listInWords([before > 0 ? `${before} before it started` : '', after > 0 ? `${after} after it ended` : ''].filter(Boolean));
    notes.push(`The agreement runs ${term}; ${before + after} row${before + after === 1 ? '' : 's'} of the data fell outside it (${where}) and ${before + after === 1 ? 'was' : 'were'} not measured.`);
  }
  const partial = [...new Set(result.results.filter((r) => r.partial).map((r) => periodInWordsOf(r)))];
  if (partial.length > 0) notes.push(`${listInWords(partial)} ${partial.length === 1 ? 'was' : 'were'} measured only over the days shown, where the agreement's term or the requested dates cut ${partial.length === 1 ? 'it' : 'them'}.`);
  const few = result.results.filter((r) => r.status === 'insufficient-data');
  if (few.length > 0) {
    const items = few.map((r) => `${r.name} in ${periodInWordsOf(r)} (${r.samples} of at least ${r.minSamples})`);
    notes.push(`Too few samples to judge, so neither met nor breached and no error budget or credit is stated: ${listInWords(items)}.`);
  }
  return notes;
}

/** "Samples per period: 120 in January 2026, 2 in February 2026 (too few to judge)." */
function samplesInWords(results: readonly KpiResult[]): string {
  const items = results.map((r) => `${r.samples} in ${periodInWordsOf(r)}${r.status === 'insufficient-data' ? ' (too few to judge)' : ''}`);
  return `Each percentage is a share of the period's samples: ${listInWords(items)}.`;
}

function creditsInWords(result: CheckResult): ReportRecipientCredits[] {
  const kpiNames = new Map(result.results.map((r) => [r.kpi, r.name]));
  const out: ReportRecipientCredits[] = [];
  for (const c of result.credits) {
    let group = out.find((g) => g.recipient === c.recipientName);
    if (!group) {
      const total = result.creditTotals.find((t) => t.recipient === c.recipient);
      out.push((group = { recipient: c.recipientName, lines: [], total: total ? money(total.amount, total.currency) : null, totalText: '' }));
      group.totalText = group.total ?? 'No charge stated, so no total';
    }
    const periodText = periodInWordsOf(c);
    const capped = c.capped ? ` (capped; the tiers reached ${numberInWords(c.uncappedPercent ?? c.percent)} %)` : '';
    group.lines.push({
      period: c.period,
      periodText,
      credit: `${numberInWords(c.percent)} % of the ${periodText} charge${capped}`,
      charge: c.charge !== undefined && c.currency !== undefined ? `${c.chargeBasis ?? 'the charge'}, ${money(c.charge, c.currency)}` : null,
      amount: c.amount !== undefined && c.currency !== undefined ? money(c.amount, c.currency) : null,
      kpis: listInWords(c.kpis.map((k) => kpiNames.get(k) ?? k)),
    });
  }
  return out;
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
