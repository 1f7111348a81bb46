import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check/types.js';
import { example, repoRoot, runInProcess, runSla, tempDir } from '../helpers.js';

const desk = [example('it-service-desk', 'sla.yaml'), example('it-service-desk', 'metrics.csv')];
const platform = [example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv')];

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

describe('sla check on the examples (spawned)', () => {
  it('platform-api: breached, exit 1, with the March availability credit', async () => {
    const { code, stdout } = await runSla(['check', ...platform, '--format', 'json']);
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r).toMatchObject({ sla: 'payments-api-platform', status: 'breached', from: '2026-01-01', to: '2026-06-30', skipped: [] });
    expect(Object.keys(r.results[0]!)).toEqual(['kpi', 'name', 'period', 'periodKind', 'start', 'end', 'status', 'actual', 'target', 'op', 'unit', 'samples', 'open', 'margin', 'budgetUsed', 'consequences']);
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

  it('platform-api: a month in which everything was met exits 0', async () => {
    const { code, stdout } = await runSla(['check', ...platform, '--from', '2026-02-01', '--to', '2026-02-28', '--format', 'json']);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.status).toBe('met');
    expect(r.results.map((x) => x.period)).toEqual(['2026-02', '2026-02', '2026-Q1', '2026-02']);
    expect(code).toBe(0);
    const table = await runSla(['check', ...platform, '--from', '2026-02-01', '--to', '2026-02-28']);
    expect(table.stdout.trim().split('\n').at(-1)).toBe('✔ 4 of 4 results met, 4 KPIs');
  });

  it('it-service-desk: the March P1 answered late breaches p1-response, exit 1', async () => {
    const { code, stdout, stderr } = await runSla(['check', ...desk, '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.results).toHaveLength(36);
    expect(r.results.find((x) => x.kpi === 'p1-response' && x.period === '2026-03')).toMatchObject({ status: 'breached', actual: 75, samples: 4, margin: -20, budgetUsed: 500 });
    expect(r.results.find((x) => x.kpi === 'satisfaction' && x.period === '2026-04')!.status).toBe('breached');
  });

  it('the table names every KPI and period and ends with a summary; no colour when piped', async () => {
    const { code, stdout } = await runSla(['check', ...desk]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^p1-response\s+2026-03\s+75 %\s+≥ 95 %\s+−20\s+500 %\s+✖ breached$/m);
    expect(stdout).toContain('Consequences triggered');
    expect(stdout.trim().split('\n').at(-1)).toMatch(/^✖ \d+ of 36 results breached, 6 KPIs$/);
    expect(stdout).not.toContain('\u001b[');
  });

  it('markdown, github and junit', async () => {
    const md = await runSla(['check', ...platform, '--format', 'markdown']);
    expect(md.code).toBe(1);
    expect(md.stdout).toMatch(/^## ✖ SLA check: Payments API/);
    expect(md.stdout).toContain('| Monthly availability of the Payments API | 2026-03 |');
    expect(md.stdout).toContain('**25 % service credit**');

    const gh = await runSla(['check', ...platform, '--format', 'github']);
    const lines = gh.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines.slice(4)).toEqual([
      '::notice title=SLA credits for Checkout team::2026-03: 25 %25 of the monthly charge, $12,000.00 = $3,000.00 (availability); total $3,000.00',
      "::notice title=SLA credits for Subscriptions team::2026-03: 25 %25 of the period's charge (availability)",
    ]);
    expect(lines[0]).toMatch(/^::error file=.*sla\.yaml,line=\d+,title=SLA availability breached::Monthly availability of the Payments API: 99\.\d+ %25 in 2026-03, target ≥ 99\.9 %25 \(25 %25 service credit\)$/);

    const junit = await runSla(['check', ...platform, '--format', 'junit']);
    expect(junit.stdout).toContain('tests="20" failures="4" skipped="0"');
    expect(junit.stdout).toContain('<testcase classname="sla.check.availability" name="availability 2026-03">');
  });
});

describe('sla check with charges (spawned)', () => {
  const credits = [join(repoRoot, 'test/fixtures/credits/sla.yaml'), join(repoRoot, 'test/fixtures/credits/metrics.csv')];

  it('json: credits per recipient and period, capped where the cap applies, money totals only', async () => {
    const { code, stdout } = await runSla(['check', ...credits, '--format', 'json']);
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

  it('table: a line per recipient and period, the basis of each amount, a total in euros', async () => {
    const { code, stdout } = await runSla(['check', ...credits]);
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
});

describe('sla check: bad input and options', () => {
  const sla = example('platform-api', 'sla.yaml');

  it('a value that is not a number: exit 2, one line naming file, row and column', async () => {
    const csv = file('bad-value.csv', 'timestamp,metric,value,service,good,total,priority\n2026-01-01T00:00:00Z,requests,,payments-api,10,10,\n2026-01-01T01:00:00Z,auth_latency_ms,fast,payments-api,,,\n');
    const { code, stdout, stderr } = await runSla(['check', sla, csv]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`sla: ${csv}: row 3, column "value": "fast" is not a number; fix the row, or run with --skip-invalid to skip and list such rows\n`);
  });

  it('--format json stays one JSON document on bad input', async () => {
    const csv = file('bad-ts.csv', 'timestamp,metric,value,service,good,total,priority\nlast tuesday,requests,,payments-api,10,10,\n');
    const { code, stdout } = await runSla(['check', sla, csv, '--format', 'json']);
    expect(code).toBe(2);
    expect(JSON.parse(stdout).error.message).toContain('row 2, column "timestamp": "last tuesday" is not an ISO-8601 date');
  });

  it('a column the KPIs need is missing: exit 2 naming the KPI and the column', async () => {
    const csv = file('no-total.csv', 'timestamp,metric,value,service,good,priority\n');
    const { code, stderr } = await runSla(['check', sla, csv]);
    expect(code).toBe(2);
    expect(stderr).toContain('KPI "availability" needs the column "total", which the header does not have');
  });

  it('--skip-invalid lists the skipped rows in the JSON and says so on stderr', async () => {
    const csv = file('skip.csv', 'timestamp,metric,value,service,good,total,priority\n2026-01-05T10:00:00Z,requests,,payments-api,999,1000,\n2026-01-05T11:00:00Z,requests,,payments-api,lots,1000,\n2026-01-05T12:00:00Z,requests\n');
    const { code, stdout, stderr } = await runSla(['check', sla, csv, '--format', 'json', '--skip-invalid', '--allow-missing']);
    const r = JSON.parse(stdout) as CheckResult;
    expect(r.skipped).toEqual([{ row: 3, column: 'good', reason: '"lots" is not a number' }, { row: 4, column: 'value', reason: 'the row has 2 fields, the header 7' }]);
    expect(r.results.find((x) => x.kpi === 'availability')).toMatchObject({ actual: 99.9, samples: 1, status: 'met' });
    expect(stderr).toContain('skipped 2 invalid rows');
    expect(code).toBe(0);
  });

  it('no data fails unless --allow-missing; a header-only file is no data, not a crash', async () => {
    const csv = file('empty.csv', 'timestamp,metric,value,service,good,total,priority\n');
    const strict = await runSla(['check', sla, csv, '--format', 'json']);
    expect(strict.code).toBe(1);
    expect(JSON.parse(strict.stdout)).toMatchObject({ status: 'no-data', from: null, to: null });
    const allowed = await runSla(['check', sla, csv, '--allow-missing']);
    expect(allowed.code).toBe(0);
    const empty = await runSla(['check', sla, file('zero.csv', '')]);
    expect(empty.code).toBe(1);
  });

  it('reads the CSV from standard input, semicolons and CRLF included', async () => {
    const text = '\uFEFFtimestamp;metric;value;service;good;total;priority\r\n2026-01-05T10:00:00Z;requests;;payments-api;999;1000;\r\n';
    const { code, stdout } = await runSla(['check', sla, '-', '--format', 'json', '--allow-missing'], { input: text });
    expect(JSON.parse(stdout).results[0]).toMatchObject({ kpi: 'availability', actual: 99.9 });
    expect(code).toBe(0);
  });

  it('an invalid SLA is refused with the diagnostics of validate, exit 1', async () => {
    const bad = file('bad.yaml', 'sla: 1\nid: Not An Id\n');
    const { code, stderr } = await runSla(['check', bad, example('platform-api', 'metrics.csv')]);
    expect(code).toBe(1);
    expect(stderr).toContain('is not a valid SLA');
  });

  it('usage errors exit 2: a missing file, a bad date, a bad period', async () => {
    expect((await runSla(['check', sla, join(tmp.dir, 'nope.csv')])).stderr).toContain('nope.csv: no such file or directory');
    expect((await runSla(['check', sla, join(tmp.dir, 'nope.csv')])).code).toBe(2);
    expect((await runSla(['check', ...platform, '--from', '2026-02-30'])).code).toBe(2);
    expect((await runSla(['check', ...platform, '--period', 'fortnight'])).code).toBe(2);
    expect((await runSla(['check', ...platform, '--from', '2026-03-01', '--to', '2026-02-01'])).code).toBe(2);
  });
});

describe('sla check in-process (same cases, no spawn)', () => {
  it('exit codes and output match the spawned binary', async () => {
    for (const args of [['check', ...platform, '--format', 'json'], ['check', ...platform, '--from', '2026-02-01', '--to', '2026-02-28', '--format', 'json']]) {
      const spawned = await runSla(args);
      const inProcess = await runInProcess(args);
      expect(inProcess.code).toBe(spawned.code);
      expect(JSON.parse(inProcess.stdout)).toEqual(JSON.parse(spawned.stdout));
    }
  });

  it('colours the table on a terminal, and not with NO_COLOR', async () => {
    const coloured = await runInProcess(['check', ...desk], { tty: true });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await runInProcess(['check', ...desk], { tty: true, env: { NO_COLOR: '1' } });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});
