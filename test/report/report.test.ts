import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReportView, periodInWordsOf } from '../../src/report/view-model.js';
import { kpiChartSvg } from '../../src/report/chart.js';
import { creditsOf, type CheckResult } from '../../src/core/check/index.js';
import { example, runSla, tempDir } from '../helpers.js';
import { exampleData, pdfText, pdfUnavailable, writeSla } from '../render/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('sla-report-')));
afterAll(() => cleanup());

const EXAMPLES = ['it-service-desk', 'platform-api'];

/** Bars of a chart: paths that carry a data index, less the target line (which is silent). */
const barsIn = (svg: string) => (svg.match(/<path [^>]*ecmeta_data_index="\d+"[^>]*>/g) ?? []).filter((p) => !/ecmeta_silent/.test(p)).length;

async function checkJson(name: string): Promise<CheckResult> {
  const r = await runSla(['check', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '--format', 'json']);
  expect(r.code, r.stderr).toBe(1);
  return JSON.parse(r.stdout) as CheckResult;
}

describe.each(EXAMPLES)('sla report on the %s example', (name) => {
  it('holds every KPI with the statuses, periods and credits of sla check, and one chart per KPI with a bar per period', async () => {
    const check = await checkJson(name);
    const out = join(dir, `${name}.html`);
    const r = await runSla(['report', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '-o', out, '--as-of', '2026-07-01']);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, 'utf8');
    const sla = exampleData(name);
    const sections = html.split('<div class="kpi kpi-').slice(1);
    expect(sections).toHaveLength(sla.metrics.length);
    for (const [i, kpi] of (sla.metrics as { id: string; name: string }[]).entries()) {
      const section = sections[i]!;
      const results = check.results.filter((x) => x.kpi === kpi.id);
      expect(section).toContain(`id="kpi-${kpi.id}"`);
      expect(section).toContain(kpi.name.replace(/&/g, '&amp;'));
      // The rows say what check says, period by period.
      const rowStatuses = [...section.matchAll(/<tr class="row-([a-z-]+)"><td class="nowrap">([^<]+)</g)].map((m) => [m[1], m[2]]);
      expect(rowStatuses).toEqual(results.map((x) => [x.status, periodInWordsOf(x)]));
      expect((section.match(/<svg /g) ?? []).length).toBe(1);
      expect(barsIn(section)).toBe(results.length);
      const overall = results.some((x) => x.status === 'breached') ? 'breached' : results.every((x) => x.status === 'no-data') ? 'no-data' : 'met';
      expect(section.startsWith(`${overall}"`)).toBe(true);
    }
    // Every credit check reports appears in the summary, once per recipient and period, and every
    // money total; never a total of percentages.
    const texts = check.credits.map((c) => `${c.percent} % of the ${periodInWordsOf(c)} charge`);
    for (const text of new Set(texts)) expect(html.split(text).length - 1).toBe(texts.filter((t) => t === text).length);
    for (const t of check.creditTotals) expect(html).toContain(new Intl.NumberFormat('en-US', { style: 'currency', currency: t.currency }).format(t.amount));
    expect(html).not.toContain('percentage points');
    const breaches = check.results.filter((x) => x.status === 'breached').length;
    expect(html).toContain(`(${breaches} breach${breaches === 1 ? '' : 'es'} in all)`);
  });

  it('writes Markdown with a chart file per KPI beside it, or inline with --inline-images', async () => {
    const out = join(dir, `${name}.md`);
    const r = await runSla(['report', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '-o', out, '--as-of', '2026-07-01']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, 'utf8');
    const sla = exampleData(name);
    const charts = readdirSync(join(dir, `${name}-charts`)).sort();
    expect(charts).toEqual((sla.metrics as { id: string }[]).map((m) => `${m.id}.svg`).sort());
    for (const chart of charts) {
      expect(md).toContain(`](${name}-charts/${chart})`);
      expect(readFileSync(join(dir, `${name}-charts`, chart), 'utf8')).toMatch(/^<svg /);
    }
    const inline = await runSla(['report', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '--inline-images', '--as-of', '2026-07-01']);
    expect(inline.code).toBe(0);
    expect(inline.stdout.match(/<img alt="Chart: [^"]+" src="data:image\/svg\+xml;base64,/g)).toHaveLength(sla.metrics.length);
  });
});

describe('sla report', () => {
  it('says how many tickets were still open and not counted, as check reports them', async () => {
    const r = await runSla(['check', example('ticket-export', 'sla.yaml'), example('ticket-export', 'tickets.csv'), '--format', 'json']);
    const check = JSON.parse(r.stdout) as CheckResult;
    const open = check.results.filter((x) => x.open > 0);
    expect(open.length).toBeGreaterThan(0);
    const report = await runSla(['report', example('ticket-export', 'sla.yaml'), example('ticket-export', 'tickets.csv'), '--inline-images', '--as-of', '2026-07-01']);
    expect(report.code, report.stderr).toBe(0);
    for (const kpi of new Set(open.map((x) => x.kpi))) {
      const total = open.filter((x) => x.kpi === kpi).reduce((n, x) => n + x.open, 0);
      const section = report.stdout.split('\n### ').find((part) => part.startsWith(check.results.find((x) => x.kpi === kpi)!.name))!;
      expect(section).toContain(`${total} row${total === 1 ? ' was' : 's were'} still open at the end of the data and not counted yet`);
    }
  });

  it('flags an overdue review as of --as-of, and not before', async () => {
    const args = ['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '--inline-images'];
    const early = await runSla([...args, '--as-of', '2027-01-10']);
    expect(early.stdout).not.toContain('Review overdue');
    const late = await runSla([...args, '--as-of', '2027-01-11']);
    expect(late.code).toBe(0);
    expect(late.stdout).toContain('> **Review overdue.** The review due on 10 January 2027 is overdue as of 11 January 2027');
  });

  it('never overwrites without --force, and writes nothing for an invalid SLA', async () => {
    const out = join(dir, 'kept.md');
    writeFileSync(out, 'mine');
    const r = await runSla(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('already exists; use --force to overwrite');
    expect(readFileSync(out, 'utf8')).toBe('mine');
    expect(existsSync(join(dir, 'kept-charts'))).toBe(false);
    const bad = exampleData('platform-api');
    bad.metrics[0].objective.target = '99.9%';
    const badFile = writeSla(dir, 'bad.yaml', bad);
    const refused = await runSla(['report', badFile, example('platform-api', 'metrics.csv'), '-o', join(dir, 'never.md')]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('metrics[0].objective.target must be a number');
    expect(existsSync(join(dir, 'never.md'))).toBe(false);
  });

  it('names a bad CSV row and exits 2', async () => {
    const csv = join(dir, 'broken.csv');
    writeFileSync(csv, 'timestamp,metric,value,service,priority,good,total\n2026-01-01T00:00:00Z,auth_latency_ms,fast,payments-api,,,\n');
    const r = await runSla(['report', example('platform-api', 'sla.yaml'), csv]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken\.csv: row 2, column "value"/);
  });
});

const unavailable = pdfUnavailable();
describe.skipIf(unavailable !== undefined && !process.env.CI)(`sla report to PDF${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  it('reads back with the summary sentence, every KPI and its table, and reproducibly with SOURCE_DATE_EPOCH', async () => {
    const out = join(dir, 'report.pdf');
    const env = { SOURCE_DATE_EPOCH: '1782864000' };
    const r = await runSla(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', out, '--as-of', '2026-07-01'], { env });
    expect(r.code, r.stderr).toBe(0);
    const text = pdfText(out).replace(/\s+/g, ' ');
    expect(text).toContain('All 4 KPIs missed their targets in at least one period from 1 January 2026 to 30 June 2026');
    expect(text).toContain('Results by KPI');
    for (const m of exampleData('platform-api').metrics as { name: string }[]) expect(text).toContain(m.name);
    expect(text).toMatch(/March 2026 99\.464 % ≥ 99\.9 % −0\.436 % ✗ Breached/);
    expect(text).toContain('Page 1 of');
    const again = join(dir, 'again.pdf');
    await runSla(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', again, '--as-of', '2026-07-01'], { env });
    expect(readFileSync(again).equals(readFileSync(out))).toBe(true);
  }, 60_000);
});

describe('the report core', () => {
  const result = (statuses: ('met' | 'breached' | 'no-data')[]): CheckResult => withCredits({
    sla: 'x', status: statuses.includes('breached') ? 'breached' : 'met', from: '2026-01-01', to: '2026-03-31', skipped: [], credits: [], creditTotals: [],
    results: statuses.map((status, i) => ({
      kpi: 'uptime', name: 'Availability', period: `2026-0${i + 1}`, periodKind: 'month', start: `2026-0${i + 1}-01`, end: `2026-0${i + 1}-${['31', '28', '31'][i]}`, status, actual: status === 'no-data' ? null : status === 'met' ? 99.9 : 98.7,
      target: 99.5, op: '>=', unit: 'percent', samples: status === 'no-data' ? 0 : 10, open: 0, margin: null, budgetUsed: null,
      consequences: status === 'breached' ? [{ remedy: 'Fix it', escalation: 'Boss', credit: 25 }] : [],
    })),
  });
  const sla = () => {
    const data = exampleData('platform-api');
    data.metrics = [{ id: 'uptime', name: 'Availability', unit: 'percent', objective: { op: '>=', target: 99.5 }, period: 'month', measure: { aggregate: 'mean', metric: 'availability' } }];
    data.consequences = [{ kpis: ['uptime'], remedy: 'Fix it', escalation: ['Boss'], credits: [{ below: 99.5, credit: 25 }] }];
    return data as never;
  };
  // The credits as the engine adds them (the example's Checkout team pays 12,000 USD a month).
  const withCredits = (r: CheckResult): CheckResult => ({ ...r, ...creditsOf(sla(), r.results) });

  it('says in one sentence that all KPIs were met', () => {
    const view = buildReportView({ sla: sla(), result: result(['met', 'met', 'met']), asOf: '2026-04-01', charts: new Map() });
    expect(view.summary.verdict).toBe('The KPI met its target in every period from 1 January 2026 to 31 March 2026.');
    expect(view.summary).toMatchObject({ kpis: 1, met: 1, breached: 0, hasCredits: false, periodCount: 3 });
  });

  it('counts breaches and credits for every recipient', () => {
    const view = buildReportView({ sla: sla(), result: result(['met', 'breached', 'no-data']), asOf: '2026-04-01', charts: new Map() });
    expect(view.summary.verdict).toBe("The KPI missed its target in at least one period from 1 January 2026 to 31 March 2026 (1 breach in all), and service credits of up to 25 % of a period's charge are due.");
    const line = { period: '2026-02', periodText: 'February 2026', credit: '25 % of the February 2026 charge', kpis: 'Availability' };
    expect(view.summary.credits).toEqual([
      { recipient: 'Checkout team', lines: [{ ...line, charge: 'the monthly charge, $12,000.00', amount: '$3,000.00' }], total: '$3,000.00', totalText: '$3,000.00' },
      { recipient: 'Subscriptions team', lines: [{ ...line, charge: null, amount: null }], total: null, totalText: 'No charge stated, so no total' },
    ]);
    expect(view.kpis[0]!.rows.map((r) => r.statusText)).toEqual(['Met', 'Breached', 'No data']);
    expect(view.consequences).toEqual([{ kpi: 'uptime', kpiName: 'Availability', period: 'February 2026', remedy: 'Fix it', escalation: 'Boss', credit: '25 %' }]);
  });

  it('draws a bar per period, marks breaches in print and labels periods without data', () => {
    const svg = kpiChartSvg({ axisLabel: 'Availability (%)', unitSuffix: ' %', target: 99.5, points: [
      { period: 'Jan 2026', actual: 99.9, status: 'met' }, { period: 'Feb 2026', actual: 98.7, status: 'breached' }, { period: 'Mar 2026', actual: null, status: 'no-data' },
    ] });
    expect(barsIn(svg)).toBe(3);
    expect(svg).toContain('98.7 % ✗');
    expect(svg).toContain('no data');
    expect(svg).toContain('target 99.5 %');
    expect(svg).toMatch(/<pattern /); // the hatch that survives black-and-white print
  });
});
