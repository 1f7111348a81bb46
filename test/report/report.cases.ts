// One table of `sla report` cases, run in-process by report.test.ts (every case) and through the spawned
// bin/sla by report.cli.test.ts (a sample: see CaseTable in test/helpers.ts).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { periodInWordsOf } from '../../src/report/view-model.js';
import type { CheckResult } from '../../src/core/check/index.js';
import { CaseTable, example, tempDir, type Mode, type Runner } from '../helpers.js';
import { exampleData, writeSla } from '../render/fixtures.js';

let dir: string;
let cleanup: () => void;

const EXAMPLES = ['it-service-desk', 'platform-api'];

/** Bars of a chart: paths that carry a data index, less the target line (which is silent). */
export const barsIn = (svg: string) => (svg.match(/<path [^>]*ecmeta_data_index="\d+"[^>]*>/g) ?? []).filter((p) => !/ecmeta_silent/.test(p)).length;

async function checkJson(run: Runner, name: string): Promise<CheckResult> {
  const r = await run(['check', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '--format', 'json']);
  expect(r.code, r.stderr).toBe(1);
  return JSON.parse(r.stdout) as CheckResult;
}

/** Declares the cases (inside a describe); `mode` says how they run. */
export function reportCliCases(mode: Mode): void {
  beforeAll(() => ({ dir, cleanup } = tempDir('sla-report-')));
  afterAll(() => cleanup());
  const t = new CaseTable(mode);

  for (const name of EXAMPLES) {
    t.describe(`sla report on the ${name} example`, () => {
      t.case('holds every KPI with the statuses, periods and credits of sla check, and one chart per KPI with a bar per period', async (run) => {
        const check = await checkJson(run, name);
        const out = join(dir, `${name}.html`);
        const r = await run(['report', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '-o', out, '--as-of', '2026-07-01']);
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

      t.case('writes Markdown with a chart file per KPI beside it, or inline with --inline-images', async (run) => {
        const out = join(dir, `${name}.md`);
        const r = await run(['report', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '-o', out, '--as-of', '2026-07-01']);
        expect(r.code, r.stderr).toBe(0);
        const md = readFileSync(out, 'utf8');
        const sla = exampleData(name);
        const charts = readdirSync(join(dir, `${name}-charts`)).sort();
        expect(charts).toEqual((sla.metrics as { id: string }[]).map((m) => `${m.id}.svg`).sort());
        for (const chart of charts) {
          expect(md).toContain(`](${name}-charts/${chart})`);
          expect(readFileSync(join(dir, `${name}-charts`, chart), 'utf8')).toMatch(/^<svg /);
        }
        const inline = await run(['report', example(name, 'sla.yaml'), example(name, 'metrics.csv'), '--inline-images', '--as-of', '2026-07-01']);
        expect(inline.code).toBe(0);
        expect(inline.stdout.match(/<img alt="Chart: [^"]+" src="data:image\/svg\+xml;base64,/g)).toHaveLength(sla.metrics.length);
      });
    });
  }

  t.describe('sla report', () => {
    t.case('says how many tickets were still open and not counted, as check reports them', async (run) => {
      const r = await run(['check', example('ticket-export', 'sla.yaml'), example('ticket-export', 'tickets.csv'), '--format', 'json']);
      const check = JSON.parse(r.stdout) as CheckResult;
      const open = check.results.filter((x) => x.open > 0);
      expect(open.length).toBeGreaterThan(0);
      const report = await run(['report', example('ticket-export', 'sla.yaml'), example('ticket-export', 'tickets.csv'), '--inline-images', '--as-of', '2026-07-01']);
      expect(report.code, report.stderr).toBe(0);
      for (const kpi of new Set(open.map((x) => x.kpi))) {
        const total = open.filter((x) => x.kpi === kpi).reduce((n, x) => n + x.open, 0);
        const section = report.stdout.split('\n### ').find((part) => part.startsWith(check.results.find((x) => x.kpi === kpi)!.name))!;
        expect(section).toContain(`${total} row${total === 1 ? ' was' : 's were'} still open at the end of the data and not counted yet`);
      }
    });

    t.case('flags an overdue review as of --as-of, and not before', async (run) => {
      const args = ['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '--inline-images'];
      const early = await run([...args, '--as-of', '2029-12-10']);
      expect(early.stdout).not.toContain('Review overdue');
      const late = await run([...args, '--as-of', '2029-12-11']);
      expect(late.code).toBe(0);
      expect(late.stdout).toContain('> **Review overdue.** The review due on 10 December 2029 is overdue as of 11 December 2029');
    });

    t.case('never overwrites without --force, and writes nothing for an invalid SLA', async (run) => {
      const out = join(dir, 'kept.md');
      writeFileSync(out, 'mine');
      const r = await run(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('already exists; use --force to overwrite');
      expect(readFileSync(out, 'utf8')).toBe('mine');
      expect(existsSync(join(dir, 'kept-charts'))).toBe(false);
      const bad = exampleData('platform-api');
      bad.metrics[0].objective.target = '99.9%';
      const badFile = writeSla(dir, 'bad.yaml', bad);
      const refused = await run(['report', badFile, example('platform-api', 'metrics.csv'), '-o', join(dir, 'never.md')]);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('metrics[0].objective.target must be a number');
      expect(existsSync(join(dir, 'never.md'))).toBe(false);
    });

    t.case('names a bad CSV row and exits 2', async (run) => {
      const csv = join(dir, 'broken.csv');
      writeFileSync(csv, 'timestamp,metric,value,service,priority,good,total\n2026-01-02T00:00:00Z,auth_latency_ms,fast,payments-api,,,\n');
      const r = await run(['report', example('platform-api', 'sla.yaml'), csv]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/broken\.csv: row 2, column "value"/);
    });
  });
}
