// One table of `sla check` cases, run in-process by cli.test.ts (every case) and through the spawned
// bin/sla by cli.cli.test.ts (a sample: see CaseTable in test/helpers.ts).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CheckResult } from '../../src/core/check/types.js';
import { CaseTable, example, repoRoot, tempDir, type Mode } from '../helpers.js';

export const desk = [example('it-service-desk', 'sla.yaml'), example('it-service-desk', 'metrics.csv')];
export const platform = [example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv')];

/** Declares the cases (inside a describe); `mode` says how they run. */
export function checkCliCases(mode: Mode): void {
  let tmp: { dir: string; cleanup: () => void };
  beforeAll(() => {
    tmp = tempDir('sla-check-');
  });
  afterAll(() => tmp.cleanup());
  const file = (name: string, text: string) => {
    const path = join(tmp.dir, name);
    writeFileSync(path, text);
    return path;
  };
  const sla = example('platform-api', 'sla.yaml');
  const t = new CaseTable(mode);

  t.case('platform-api: breached, exit 1, with the March availability credit', async (run) => {
    const { code, stdout } = await run(['check', ...platform, '--format', 'json']);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r).toMatchObject({ sla: 'payments-api-platform', status: 'breached', from: '2026-01-01', to: '2026-06-30', skipped: [] });
    expect(Object.keys(r.results[0]!)).toEqual(['kpi', 'name', 'period', 'periodKind', 'start', 'end', 'partial', 'status', 'actual', 'target', 'op', 'unit', 'samples', 'minSamples', 'open', 'margin', 'budgetUsed', 'consequences']);
    const march = r.results.find((x) => x.kpi === 'availability' && x.period === '2026-03')!;
    expect(march.status).toBe('breached');
    expect(march.actual).toBeLessThan(99.5);
    expect(march.actual).toBeGreaterThan(99);
    expect(march.consequences).toEqual([expect.objectContaining({ credit: 25, escalation: 'Platform on-call lead → Director of Platform Engineering → VP Engineering' })]);
    expect(march).toMatchObject({ periodKind: 'month', start: '2026-03-01', end: '2026-03-31' });
    const jan = r.results.find((x) => x.kpi === 'availability' && x.period === '2026-01')!;
    expect(jan).toMatchObject({ status: 'met', consequences: [] });
    expect(jan.budgetUsed).toBeGreaterThan(0);
    expect(jan.budgetUsed).toBeLessThan(100);
    expect(r.results.filter((x) => x.kpi === 'sev1-response').map((x) => [x.period, x.status])).toEqual([['2026-Q1', 'met'], ['2026-Q2', 'breached']]);
    expect(r.results.filter((x) => x.kpi === 'sev1-response').map((x) => [x.periodKind, x.start, x.end])).toEqual([['quarter', '2026-01-01', '2026-03-31'], ['quarter', '2026-04-01', '2026-06-30']]);
    expect(r.results.find((x) => x.kpi === 'incident-count' && x.period === '2026-03')).toMatchObject({ actual: 4, status: 'breached' });
    // Hourly rows: 24 a day for each of two services, minus the hour lost to DST in March.
    expect(r.results.find((x) => x.kpi === 'latency-p95' && x.period === '2026-03')!.samples).toBe(31 * 24 - 1);
  });

  t.case('platform-api: a month in which everything was met exits 0', async (run) => {
    const { code, stdout } = await run(['check', ...platform, '--from', '2026-02-01', '--to', '2026-02-28', '--format', 'json']);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.status).toBe('met');
    expect(r.results.map((x) => x.period)).toEqual(['2026-02', '2026-02', '2026-Q1', '2026-02']);
    expect(code).toBe(0);
    const table = await run(['check', ...platform, '--from', '2026-02-01', '--to', '2026-02-28']);
    expect(table.stdout.trim().split('\n').at(-1)).toBe('✔ 4 of 4 results met, 4 KPIs');
  });

  t.case('it-service-desk: the March P1 answered late breaches p1-response, exit 1', async (run) => {
    const { code, stdout, stderr } = await run(['check', ...desk, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.results).toHaveLength(36);
    expect(r.results.find((x) => x.kpi === 'p1-response' && x.period === '2026-03')).toMatchObject({ status: 'breached', actual: 75, samples: 4, margin: -20, budgetUsed: 500 });
    expect(r.results.find((x) => x.kpi === 'satisfaction' && x.period === '2026-04')!.status).toBe('breached');
  });

  t.case('the table names every KPI and period and ends with a summary; no colour when piped', async (run) => {
    const { code, stdout } = await run(['check', ...desk]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^p1-response\s+2026-03\s+75 %\s+≥ 95 %\s+−20 pp\s+500 %\s+✖ breached$/m);
    expect(stdout).toContain('Consequences triggered');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^✖ \d+ of 36 results breached, 6 KPIs$/);
    expect(stdout).not.toContain('\u001b[');
  });

  t.case('markdown, github and junit', async (run) => {
    const md = await run(['check', ...platform, '--format', 'markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## ✖ SLA check: Payments API/);
    expect(md.stdout).toContain('| Monthly availability of the Payments API | 2026-03 |');
    expect(md.stdout).toContain('**25 % service credit**');

    const gh = await run(['check', ...platform, '--format', 'github']);
    const lines = gh.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.slice(4)).toEqual([
      '::notice title=SLA credits for Checkout team::2026-03: 25 %25 of the monthly charge, $12,000.00 = $3,000.00 (availability); total $3,000.00',
      "::notice title=SLA credits for Subscriptions team::2026-03: 25 %25 of the period's charge (availability)",
    ]);
    expect(lines[0]).toMatch(/^::error file=.*sla\.yaml,line=\d+,title=SLA availability breached::Monthly availability of the Payments API: 99\.\d+ %25 in 2026-03, target ≥ 99\.9 %25 \(25 %25 service credit\)$/);

    const junit = await run(['check', ...platform, '--format', 'junit']);
    expect(junit.stdout).toContain('tests="20" failures="4" skipped="0"');
    expect(junit.stdout).toContain('<testcase classname="sla.check.availability" name="availability 2026-03">');
  });


  t.case('a value that is not a number: exit 2, one line naming file, row and column', async (run) => {
    // Dated inside the term (from 1 January in New York): a row before it would not be read at all.
    const csv = file('bad-value.csv', 'timestamp,metric,value,service,good,total,priority\n2026-01-02T00:00:00Z,requests,,payments-api,10,10,\n2026-01-02T01:00:00Z,auth_latency_ms,fast,payments-api,,,\n');
    const { code, stdout, stderr } = await run(['check', sla, csv]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`sla: ${csv}: row 3, column "value": "fast" is not a number; fix the row, or run with --skip-invalid to skip and list such rows\n`);
  });

  t.case('--format json stays one JSON document on bad input', async (run) => {
    const csv = file('bad-ts.csv', 'timestamp,metric,value,service,good,total,priority\nlast tuesday,requests,,payments-api,10,10,\n');
    const { code, stdout } = await run(['check', sla, csv, '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.message).toContain('row 2, column "timestamp": "last tuesday" is not an ISO-8601 date');
  });

  t.case('a column the KPIs need is missing: exit 2 naming the KPI and the column', async (run) => {
    const csv = file('no-total.csv', 'timestamp,metric,value,service,good,priority\n');
    const { code, stderr } = await run(['check', sla, csv]);
    expect(code).toBe(2);
    expect(stderr).toContain('KPI "availability" needs the column "total", which the header does not have');
  });

  t.case('--skip-invalid lists the skipped rows in the JSON and says so on stderr', async (run) => {
    const csv = file('skip.csv', 'timestamp,metric,value,service,good,total,priority\n2026-01-05T10:00:00Z,requests,,payments-api,999,1000,\n2026-01-05T11:00:00Z,requests,,payments-api,lots,1000,\n2026-01-05T12:00:00Z,requests\n');
    const { code, stdout, stderr } = await run(['check', sla, csv, '--format', 'json', '--skip-invalid', '--allow-missing']);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.skipped).toEqual([{ row: 3, column: 'good', reason: '"lots" is not a number' }, { row: 4, column: 'value', reason: 'the row has 2 fields, the header 7' }]);
    expect(r.results.find((x) => x.kpi === 'availability')).toMatchObject({ actual: 99.9, samples: 1, status: 'met' });
    expect(stderr).toContain('skipped 2 invalid rows');
    expect(code).toBe(0);
  });

  t.case('no data fails unless --allow-missing; a header-only file is no data, not a crash', async (run) => {
    const csv = file('empty.csv', 'timestamp,metric,value,service,good,total,priority\n');
    const strict = await run(['check', sla, csv, '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ status: 'no-data', from: null, to: null });
    const allowed = await run(['check', sla, csv, '--allow-missing']);
    expect(allowed.code).toBe(0);
    const empty = await run(['check', sla, file('zero.csv', '')]);
    expect(empty.code).toBe(1);
  });

  t.case('reads the CSV from standard input, semicolons and CRLF included', async (run) => {
    const text = '\uFEFFtimestamp;metric;value;service;good;total;priority\r\n2026-01-05T10:00:00Z;requests;;payments-api;999;1000;\r\n';
    const { code, stdout } = await run(['check', sla, '-', '--format', 'json', '--allow-missing'], { input: text });
    expect(JSON.parse(stdout).results[0]).toMatchObject({ kpi: 'availability', actual: 99.9 });
    expect(code).toBe(0);
  }, { process: 'standard input through a real pipe' });

  t.case('an invalid SLA is refused with the diagnostics of validate, exit 1', async (run) => {
    const bad = file('bad.yaml', 'sla: 1\nid: Not An Id\n');
    const { code, stderr } = await run(['check', bad, example('platform-api', 'metrics.csv')]);
    expect(code).toBe(1);
    expect(stderr).toContain('is not a valid SLA');
  });

  t.case('usage errors exit 2: a missing file, a bad date, a bad period', async (run) => {
    expect((await run(['check', sla, join(tmp.dir, 'nope.csv')])).stderr).toContain('nope.csv: no such file or directory');
    expect((await run(['check', sla, join(tmp.dir, 'nope.csv')])).code).toBe(2);
    expect((await run(['check', ...platform, '--from', '2026-02-30'])).code).toBe(2);
    expect((await run(['check', ...platform, '--period', 'fortnight'])).code).toBe(2);
    expect((await run(['check', ...platform, '--from', '2026-03-01', '--to', '2026-02-01'])).code).toBe(2);
  }, { process: 'usage errors from commander end the real process with exit 2' });

  // The platform-api example signed from 1 February to 15 March 2026, as a draft, over its January–June data.
  const termSla = () => {
    const text = readFileSync(platform[0]!, 'utf8').replace(/^status: active$/m, 'status: draft').replace(/^effective: .*$/m, 'effective: 2026-02-01').replace(/^term: .*$/m, 'expires: 2026-03-15');
    return file('term.yaml', text);
  };

  t.case('inside the term, table: the draft and outside notices once, "2026-03 (1–15 Mar)", no January or April', async (run) => {
    const { code, stdout, stderr } = await run(['check', termSla(), platform[1]!, '--no-color']);
    expect(code, stderr).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[2]).toBe('This agreement is a draft (status: draft): checked all the same, but nothing here is agreed yet.');
    expect(lines[3]).toBe("9944 rows outside the agreement's term (2026-02-01 to 2026-03-15) not measured: 2234 before, 7710 after.");
    expect(stdout.match(/outside the agreement's term/g)).toHaveLength(1);
    expect(stdout).toMatch(/\navailability +2026-03 \(1–15 Mar\) +99\.975 %/);
    expect(stdout).toMatch(/\nsev1-response +2026-Q1 \(1 Feb–15 Mar\) /);
    expect(stdout).not.toMatch(/2026-01|2026-04/);
  });

  t.case('inside the term, json: draft, term, outside counts, and start, end and partial on every result', async (run) => {
    const { code, stdout } = await run(['check', termSla(), platform[1]!, '--format', 'json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r).toMatchObject({ draft: true, term: { start: '2026-02-01', end: '2026-03-15' }, status: 'met' });
    // Counted apart with awk on the local date each timestamp writes (every row is read by some KPI):
    // 2234 rows dated in January, 7710 from 16 March to 30 June; 3096 inside.
    expect(r.outside).toEqual({ before: 2234, after: 7710 });
    expect(r.results.map((x) => [x.kpi, x.period, x.start, x.end, x.partial])).toEqual([
      ['availability', '2026-02', '2026-02-01', '2026-02-28', false],
      ['availability', '2026-03', '2026-03-01', '2026-03-15', true],
      ['latency-p95', '2026-02', '2026-02-01', '2026-02-28', false],
      ['latency-p95', '2026-03', '2026-03-01', '2026-03-15', true],
      ['sev1-response', '2026-Q1', '2026-02-01', '2026-03-15', true],
      ['incident-count', '2026-02', '2026-02-01', '2026-02-28', false],
      ['incident-count', '2026-03', '2026-03-01', '2026-03-15', true],
    ]);
  });

  const charged = [join(repoRoot, 'test/fixtures/credits/sla.yaml'), join(repoRoot, 'test/fixtures/credits/metrics.csv')];

  t.case('with charges, json: credits per recipient and period, capped where the cap applies, money totals only', async (run) => {
    const { code, stdout } = await run(['check', ...charged, '--format', 'json']);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as CheckResult;
    const month = (m: string, end: string) => ({ periodKind: 'month', start: `2026-${m}-01`, end: `2026-${m}-${end}` });
    expect(r.credits).toEqual([
      { recipient: 'finance', period: '2026-02', ...month('02', '28'), percent: 25, amount: 3000, currency: 'EUR', charge: 12000, chargeBasis: 'the monthly charge', kpis: ['uptime'] },
      { recipient: 'finance', period: '2026-03', ...month('03', '31'), percent: 30, capped: true, uncappedPercent: 50, amount: 3600, currency: 'EUR', charge: 12000, chargeBasis: 'the monthly charge', kpis: ['uptime'] },
      { recipient: 'finance', period: '2026-Q2', periodKind: 'quarter', start: '2026-04-01', end: '2026-06-30', percent: 15, amount: 5400, currency: 'EUR', charge: 36000, chargeBasis: '3 monthly charges', kpis: ['sev1'] },
      { recipient: 'ops', period: '2026-02', ...month('02', '28'), percent: 25, kpis: ['uptime'] },
      { recipient: 'ops', period: '2026-03', ...month('03', '31'), percent: 30, capped: true, uncappedPercent: 50, kpis: ['uptime'] },
      { recipient: 'ops', period: '2026-Q2', periodKind: 'quarter', start: '2026-04-01', end: '2026-06-30', percent: 15, kpis: ['sev1'] },
    ]);
    expect(r.creditTotals).toEqual([{ recipient: 'finance', currency: 'EUR', amount: 12000 }]);
    expect(r.results.find((x) => x.kpi === 'uptime' && x.period === '2026-03')!.consequences).toEqual([{ remedy: 'Write a plan.', escalation: 'Head of provider', credit: 50, cap: 30 }]);
  });

  t.case('with charges, table: a line per recipient and period, the basis of each amount, a total in euros', async (run) => {
    const { code, stdout } = await run(['check', ...charged]);
    expect(code).toBe(1);
    expect(stdout).toContain('✖ uptime 2026-03 (97 % against ≥ 99.5 %): 50 % service credit, capped at 30 %');
    expect(stdout).toContain([
      '  Finance team',
      '    2026-02  25 % of the monthly charge, €12,000.00 = €3,000.00 (uptime)',
      '    2026-03  30 % (capped; the tiers reached 50 %) of the monthly charge, €12,000.00 = €3,600.00 (uptime)',
      '    2026-Q2  15 % of 3 monthly charges, €36,000.00 = €5,400.00 (sev1)',
      '    Total €12,000.00',
      '  Ops team',
      "    2026-02  25 % of the period's charge (uptime)",
      "    2026-03  30 % (capped; the tiers reached 50 %) of the period's charge (uptime)",
      "    2026-Q2  15 % of the period's charge (sev1)",
      '    no charge stated: no total (percentages of different periods do not add up)',
    ].join('\n'));
    expect(stdout).not.toMatch(/percentage points|\b70 %/);
  });
}
