// The report on the agreement's term, partial periods, drafts, minSamples and its summary counts (issue 12).
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCsv, type CheckResult } from '../../src/core/check/index.js';
import type { Kpi, Sla } from '../../src/core/model.js';
import { buildReportCharts } from '../../src/report/charts.js';
import { buildReportView, periodInWordsOf, periodLabelOf } from '../../src/report/view-model.js';
import { check, kpi } from '../check/fixtures.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { exampleData, writeSla } from '../render/fixtures.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('sla-report-term-')));
afterAll(() => cleanup());

/** The platform-api example, with changes, as a loaded SLA. */
const platform = (changes: Record<string, unknown> = {}) => ({ ...exampleData('platform-api'), ...changes }) as unknown as Sla;
const checkPlatform = (sla: Sla) => checkCsv(sla, createReadStream(example('platform-api', 'metrics.csv'), 'utf8'));
const view = (sla: Sla, result: CheckResult) => buildReportView({ sla, result, asOf: '2026-07-01', charts: new Map() });

describe('the report summary counts what a reader expects', () => {
  it('platform-api: 4 KPIs, "6 months and 2 quarters", 16 results met and 4 breached', async () => {
    const sla = platform();
    const v = view(sla, await checkPlatform(sla));
    expect(v.summary.kpis).toBe(4);
    expect(v.summary.periodsEvaluated).toBe('6 months and 2 quarters');
    expect(v.summary.periodKinds).toEqual([{ count: 6, label: 'months' }, { count: 2, label: 'quarters' }]);
    // March: availability and incidents breached; May: latency; Q2: SEV1 response. 20 results in all.
    expect(v.summary.results).toEqual({ total: 20, met: 16, breached: 4, missing: 0 });
    expect(v.notes).toEqual([]);
  });

  it('the Markdown report says it in its summary table', async () => {
    const r = await runInProcess(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '--as-of', '2026-07-01']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('| KPIs | Periods evaluated | Results met | Results breached | Without data or too few samples |');
    expect(r.stdout).toContain('| 4 | 6 months and 2 quarters (1 January 2026 to 30 June 2026) | 16 | 4 | 0 |');
    // Sample counts beside the chart of a percentage KPI.
    expect(r.stdout).toContain("Each percentage is a share of the period's samples: 1488 in January 2026,");
  });
});

describe('the report on a term cut mid-month, for a draft', () => {
  const sla = platform({ status: 'draft', effective: '2026-02-01', expires: '2026-03-15', term: undefined });

  it('measures February and 1–15 March only, and says so in sentences', async () => {
    const result = await checkPlatform(sla);
    const v = view(sla, result);
    const availability = v.kpis.find((k) => k.id === 'availability')!;
    expect(availability.rows.map((r) => r.periodText)).toEqual(['February 2026', 'March 2026 (1–15 March)']);
    expect(v.kpis.find((k) => k.id === 'sev1-response')!.rows.map((r) => r.periodText)).toEqual(['Q1 2026 (1 February–15 March)']);
    expect(v.notes[0]).toBe('This agreement is a draft: the figures below show how it would be measured, but nothing in it has been agreed yet.');
    expect(v.notes[1]).toMatch(/^The agreement runs from 1 February 2026 to 15 March 2026; \d+ rows of the data fell outside it \(\d+ before it started and \d+ after it ended\) and were not measured\.$/);
    expect(v.notes[1]).toContain(`(${result.outside.before} before it started and ${result.outside.after} after it ended)`);
    expect(v.notes[2]).toBe("March 2026 (1–15 March) and Q1 2026 (1 February–15 March) were measured only over the days shown, where the agreement's term or the requested dates cut them.");
    expect(v.summary.periodsEvaluated).toBe('2 months and 1 quarter');
    // No credit for a month outside the term: nothing was breached inside it.
    expect(v.consequences).toEqual([]);
  });

  it('names partial periods in words and on chart labels', () => {
    const march = { period: '2026-03', periodKind: 'month' as const, start: '2026-03-01', end: '2026-03-15', partial: true };
    expect(periodInWordsOf(march)).toBe('March 2026 (1–15 March)');
    expect(periodLabelOf(march)).toBe('1–15 Mar 2026');
    expect(periodInWordsOf({ ...march, partial: false, end: '2026-03-31' })).toBe('March 2026');
    expect(periodInWordsOf({ period: '2026-Q4', periodKind: 'quarter', start: '2026-10-01', end: '2027-01-01', partial: true })).toBe('Q4 2026 (1 October 2026–1 January 2027)');
  });

  it('the HTML report shows the notes and the period tiles', async () => {
    const file = writeSla(dir, 'draft.yaml', { ...exampleData('platform-api'), status: 'draft', effective: '2026-02-01', expires: '2026-03-15', term: undefined });
    const r = await runInProcess(['report', file, example('platform-api', 'metrics.csv'), '--format', 'html', '--as-of', '2026-07-01']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('<p class="note">This agreement is a draft:');
    // The verdict at the top says it binds nobody: a reader who stops there must not read "Breached" as agreed.
    expect(r.stdout).toMatch(/<dt>Verdict<\/dt><dd class="verdict-[a-z-]+">(Met|Breached|No data) <span class="verdict-draft">\(draft: not binding\)<\/span><\/dd>/);
    // One tile for the periods evaluated, a figure per kind: "2 months", "1 quarter".
    expect(r.stdout).toContain('<div class="tile"><span class="figure">2</span><span class="label">months</span><span class="figure">1</span><span class="label">quarter</span></div>');
    expect(r.stdout).toContain('March 2026 (1–15 March)');
  });
});

describe('the report on too few samples', () => {
  const answered = kpi('answered', { aggregate: 'attainment', threshold: { op: '<=', value: 10 } }, { op: '>=', target: 95 }, { unit: 'percent', minSamples: 3 } as Partial<Kpi>);
  const csv = 'timestamp,metric,value\n2026-01-05,m,5\n2026-01-06,m,30\n2026-02-02,m,5\n2026-02-03,m,5\n2026-02-04,m,5\n';
  const sla = { ...exampleData('platform-api'), metrics: [answered], consequences: [] } as unknown as Sla;

  it('says "too few samples" instead of an error budget, and names the period in a note', async () => {
    const result = await check(sla, csv);
    const v = view(sla, result);
    const [jan, feb] = v.kpis[0]!.rows;
    expect(jan).toMatchObject({ statusText: 'Too few samples', budgetUsed: '— (2 of 3 samples needed)', margin: '—', samples: 2, breached: false });
    expect(feb).toMatchObject({ statusText: 'Met', budgetUsed: '0 %', samples: 3 });
    expect(v.notes).toEqual(['Too few samples to judge, so neither met nor breached and no error budget or credit is stated: answered in January 2026 (2 of at least 3).']);
    expect(v.kpis[0]!.samplesText).toBe("Each percentage is a share of the period's samples: 2 in January 2026 (too few to judge) and 3 in February 2026.");
    expect(v.summary.results).toEqual({ total: 2, met: 1, breached: 0, missing: 1 });
  });

  it('draws the period as a gap labelled "too few samples", not as a 50 % bar', async () => {
    const result = await check(sla, csv);
    const svg = buildReportCharts(sla, result, { format: 'html', inline: true, chartDir: '' }).charts.get('answered')!.svg;
    expect(svg).toContain('too few samples');
    expect(svg).not.toMatch(/>50 %/);
  });
});
