// Each ticket tool's sample export (test/fixtures/exports/), checked end to end against the SLA beside
// it (through the spawned bin/sla for Jira; in this process, through main, for the rest: a spawn per
// command cost ~0.5 CPU-s and proved nothing more); every value below is worked out by hand from the CSV rows (the
// comments give the sums). Also --source and check.source, the one-line error of a bad cell, and the
// time and memory of a large export on both timestamp paths.
import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/core/check/types.js';
import { binPath, measureSla, repoRoot, runInProcess, runSla, tempDir, type Runner } from '../helpers.js';

const fixture = (name: string) => join(repoRoot, 'test/fixtures/exports', name);
const MAX_MS = 10_000;
const MAX_RSS_MB = 300;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('sla-exports-');
});
afterAll(() => tmp.cleanup());

async function checkJson(args: string[], cwd?: string, run: Runner = runInProcess): Promise<{ code: number; r: CheckResult; stderr: string }> {
  const { code, stdout, stderr } = await run(['check', ...args, '--format', 'json'], { cwd });
  return { code, r: JSON.parse(stdout) as CheckResult, stderr };
}

/** "kpi period: actual (samples, open)" per result, in the order the check prints them. */
const summary = (r: CheckResult) => r.results.map((x) => `${x.kpi} ${x.period}: ${x.actual} (${x.samples}, ${x.open})`);

describe('sample exports, end to end', () => {
  it('Jira (through bin/sla): dd/MMM/yy h:mm a in London, Highest/High/Medium, SLA clocks as text', async () => {
    const { code, r, stderr } = await checkJson([fixture('jira.yaml'), fixture('jira.csv')], undefined, runSla);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(r.skipped).toEqual([]);
    expect(summary(r)).toEqual([
      // November: HD-1 150 ≤ 240 min, HD-2 630 > 480, HD-3 1005 ≤ 1440, HD-4 310 > 240, HD-5 1065 ≤ 1440: 3 of 5.
      'resolution 2026-11: 60 (5, 0)',
      // December: HD-6 180 ≤ 480, HD-7 (12:05 AM to 2:05 AM) 120 ≤ 240; HD-8 still open, within target so far.
      'resolution 2026-12: 100 (2, 1)',
      'p1-tickets 2026-11: 2 (2, 0)', // HD-1, HD-4 (Highest)
      'p1-tickets 2026-12: 1 (1, 0)', // HD-7
      // Time to resolution: 1h 30m, -2h 30m, 7h 15m, -1h 10m, 6h 15m: 3 of 5 not negative.
      'ttr-kept 2026-11: 60 (5, 0)',
      'ttr-kept 2026-12: 100 (2, 0)', // 5h, 2h; HD-8's cell is empty
    ]);
  });

  it('ServiceNow: display values in the exporting user\'s zone (London) counted in New York days, "1 - Critical", durations as text', async () => {
    const { code, r } = await checkJson([fixture('servicenow.yaml'), fixture('servicenow.csv')]);
    expect(code).toBe(1);
    expect(r.skipped).toEqual([]);
    expect(summary(r)).toEqual([
      // INC0010004 opened 2026-12-01 03:30 London (GMT) = 30 November 22:30 in New York: a November ticket.
      // 150 ≤ 240, 600 > 480, 1565 > 1440, 90 ≤ 240: 2 of 4.
      'resolution 2026-11: 50 (4, 0)',
      'resolution 2026-12: 100 (1, 0)',
      'p1-tickets 2026-11: 2 (2, 0)',
      'p1-tickets 2026-12: 0 (0, 0)',
      // calendar_duration 2 Hours 30 Minutes, 10 Hours, 1 Day 2 Hours 5 Minutes, 1 Hour 30 Minutes = 2,405 minutes / 4 = 601.25 min = 10.0208333333 h.
      'handling-time 2026-11: 10.0208333333 (4, 0)',
      'handling-time 2026-12: 3 (1, 0)',
    ]);
  });

  it('Zendesk: Created at/Solved at in Berlin, Urgent/High/Normal, reply times in minutes', async () => {
    const { code, r } = await checkJson([fixture('zendesk.yaml'), fixture('zendesk.csv')]);
    expect(code).toBe(1);
    expect(summary(r)).toEqual([
      'resolution 2026-11: 66.6666666667 (3, 0)', // 180 ≤ 240, 570 > 480, 1200 ≤ 1440
      'resolution 2026-12: 100 (1, 0)', // ticket 104 at 00:30 on 1 December, Berlin
      'p1-tickets 2026-11: 1 (1, 0)',
      'p1-tickets 2026-12: 1 (1, 0)',
      'first-reply 2026-11: 53.3333333333 (3, 0)', // (20 + 95 + 45) / 3
      'first-reply 2026-12: 10 (1, 0)',
    ]);
  });

  it('Freshservice: Created Date/Resolved Time in Kolkata; an open ticket past its target counts as missed', async () => {
    const { code, r } = await checkJson([fixture('freshservice.yaml'), fixture('freshservice.csv')]);
    expect(code).toBe(1);
    expect(summary(r)).toEqual([
      'resolution 2026-11: 66.6666666667 (3, 0)', // 120 ≤ 240, 1560 > 1440, 420 ≤ 480
      // INC-5 90 ≤ 480; INC-4 is open and has run from 2 December 09:00 to the end of the data (7 December 09:30): missed.
      'resolution 2026-12: 50 (2, 0)',
      'p1-tickets 2026-11: 1 (1, 0)',
      'p1-tickets 2026-12: 0 (0, 0)',
    ]);
  });
});

describe('--source and check.source', () => {
  // The Jira SLA without its data section: the tool's defaults come from the flag or the config file.
  const bare = () => {
    const file = join(tmp.dir, 'jira-bare.yaml');
    writeFileSync(file, readFileSync(fixture('jira.yaml'), 'utf8').replace(/\n# The data is[\s\S]*$/, '\n'));
    copyFileSync(fixture('jira.csv'), join(tmp.dir, 'jira.csv'));
    return file;
  };

  it('--source jira gives the same figures as the SLA’s data section', async () => {
    const sla = bare();
    const plain = await runInProcess(['check', sla, join(tmp.dir, 'jira.csv')]);
    expect(plain.code).toBe(2);
    expect(plain.stderr.trim()).toMatch(/needs the column "opened_at", which the header does not have \(columns: Summary, Issue key/);
    const { code, r } = await checkJson([sla, join(tmp.dir, 'jira.csv'), '--source', 'jira']);
    expect(code).toBe(1);
    expect(summary(r).slice(0, 2)).toEqual(['resolution 2026-11: 60 (5, 0)', 'resolution 2026-12: 100 (2, 1)']);
  });

  it('check.source in sla.config.yaml; the flag beats it', async () => {
    const sla = bare();
    writeFileSync(join(tmp.dir, 'sla.config.yaml'), 'check:\n  source: jira\n');
    const { code, r } = await checkJson(['jira-bare.yaml', 'jira.csv'], tmp.dir);
    expect(code).toBe(1);
    expect(summary(r)[0]).toBe('resolution 2026-11: 60 (5, 0)');
    const other = await runInProcess(['check', sla, 'jira.csv', '--source', 'zendesk'], { cwd: tmp.dir });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain('(data.columns or the zendesk source maps it to "Created at")');
    writeFileSync(join(tmp.dir, 'sla.config.yaml'), 'check:\n  source: jra\n');
    const bad = await runInProcess(['check', sla, 'jira.csv'], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sla\.config\.yaml:2:11: check\.source must be one of "jira", "servicenow", "zendesk", "freshservice" \(got "jra"\)/);
  });

  it('an unknown --source is a usage error', async () => {
    const r = await runInProcess(['check', fixture('jira.yaml'), fixture('jira.csv'), '--source', 'remedy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("option '--source <tool>' argument 'remedy' is invalid. Allowed choices are jira, servicenow, zendesk, freshservice.");
  });

  it('sla report reads the export the same way', async () => {
    const out = join(tmp.dir, 'report.md');
    const r = await runInProcess(['report', fixture('jira.yaml'), fixture('jira.csv'), '-o', out, '--inline-images', '--as-of', '2026-12-31']);
    expect(r.stderr).toMatch(/wrote/);
    expect(r.code).toBe(0);
    expect(readFileSync(out, 'utf8')).toMatch(/60 %/);
  });
});

describe('start-up', () => {
  // The files of dist/ a command loads, through a module hook; date-fns is known by one of its messages.
  const loaded = (args: string[]) => {
    writeFileSync(join(tmp.dir, 'hooks.mjs'), "export async function load(url, context, next) { if (url.includes('/dist/')) process.stderr.write('@@load ' + url + '\\n'); return next(url, context); }\n");
    writeFileSync(join(tmp.dir, 'register.mjs'), `import { register } from 'node:module';\nregister(${JSON.stringify(`file://${join(tmp.dir, 'hooks.mjs')}`)});\n`);
    const r = spawnSync(process.execPath, ['--import', join(tmp.dir, 'register.mjs'), binPath, ...args], { cwd: repoRoot, encoding: 'utf8' });
    return [...r.stderr.matchAll(/@@load file:\/\/(\S+)/g)].map((m) => m[1]!);
  };
  const hasDateFns = (files: string[]) => files.some((f) => readFileSync(f, 'utf8').includes('unescaped latin alphabet character'));

  it('sla validate does not load date-fns; sla check of an export does', () => {
    expect(hasDateFns(loaded(['validate', '--as-of', '2026-11-30', fixture('jira.yaml')]))).toBe(false);
    expect(hasDateFns(loaded(['check', fixture('jira.yaml'), fixture('jira.csv')]))).toBe(true);
  });
});

describe('the data section in sla diff', () => {
  it('a changed timestamp pattern is material: it changes the figures', async () => {
    const after = join(tmp.dir, 'jira-us.yaml');
    writeFileSync(after, readFileSync(fixture('jira.yaml'), 'utf8').replace('format: dd/MMM/yy h:mm a', 'format: MM/dd/yyyy h:mm a').replace('version: "1.0"', 'version: "1.1"'));
    const r = await runInProcess(['diff', fixture('jira.yaml'), after]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('material   the timestamps of the metrics data: format changed from "dd/MMM/yy h:mm a" to "MM/dd/yyyy h:mm a"');
  });
});

describe('bad cells in an export', () => {
  it('one line naming the file, row, column, the pattern and an example; --skip-invalid lists them', async () => {
    const csv = join(tmp.dir, 'jira-bad.csv');
    const rows = readFileSync(fixture('jira.csv'), 'utf8').replace('03/Nov/26 10:15 AM', '2026-11-03 10:15').replace('1h 30m', '1 hour and a half');
    writeFileSync(csv, rows);
    const r = await runInProcess(['check', fixture('jira.yaml'), csv]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      `sla: ${csv}: row 2, column "Custom field (Time to resolution)": "1 hour and a half" is not a number or a duration: expected a duration such as 2h 15m, -1h 5m or 1 Day 2 Hours 5 Minutes; fix the row, or run with --skip-invalid to skip and list such rows`,
    ]);
    const { code, r: json } = await checkJson([fixture('jira.yaml'), csv, '--skip-invalid']);
    expect(code).toBe(1);
    expect(json.skipped).toEqual([
      { row: 2, column: 'Custom field (Time to resolution)', reason: '"1 hour and a half" is not a number or a duration: expected a duration such as 2h 15m, -1h 5m or 1 Day 2 Hours 5 Minutes' },
      { row: 3, column: 'Created', reason: '"2026-11-03 10:15" is not a timestamp in the declared format (data.timestamps.format): expected dd/MMM/yy h:mm a such as 30/Nov/26 4:15 PM' },
    ]);
  });
});

describe('a large export: time and peak memory on each timestamp path (spawned)', () => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const jira = (ms: number, ampm: (pm: boolean) => string) => {
    const d = new Date(ms);
    const h = d.getUTCHours();
    return `${String(d.getUTCDate()).padStart(2, '0')}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear() % 100} ${h % 12 === 0 ? 12 : h % 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${ampm(h >= 12)}`;
  };
  /** `rows` tickets over November in time order, their timestamps written by `stamp`. */
  const write = (name: string, rows: number, stamp: (ms: number) => string) => {
    const file = join(tmp.dir, name);
    const lines = ['Summary,Issue key,Issue id,Issue Type,Status,Priority,Resolution,Assignee,Reporter,Created,Updated,Resolved,Custom field (Time to first response),Custom field (Time to resolution)'];
    const start = Date.UTC(2026, 10, 1);
    for (let i = 0; i < rows; i++) {
      const opened = start + Math.floor((i * 43_200) / rows) * 60_000; // whole minutes, in time order
      lines.push(`T,HD-${i},${i},Incident,Resolved,${['Highest', 'High', 'Medium'][i % 3]},Done,A,R,${stamp(opened)},${stamp(opened)},${stamp(opened + (i % 500) * 60_000)},1h,${i % 7}h ${i % 60}m`);
    }
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  };
  const measured = async (args: string[], what: string, stderr = '') => {
    const r = await measureSla(args);
    if (process.env.SLA_SHOW_MEASURES) console.log(`${what}: ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.maxRssMb.toFixed(0)} MB`);
    expect(r.stderr).toBe(stderr);
    return r;
  };

  it(`200,000 Jira rows through the compiled reader: under ${MAX_MS / 1000} s and ${MAX_RSS_MB} MB`, async () => {
    const csv = write('big.csv', 200_000, (ms) => jira(ms, (pm) => (pm ? 'PM' : 'AM')));
    const r = await measured(['check', fixture('jira.yaml'), csv, '--format', 'json'], 'compiled reader');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as CheckResult;
    // Every ticket read: 200,000 samples in November, a third of them Highest.
    expect(json.results.find((x) => x.kpi === 'resolution' && x.period === '2026-11')).toMatchObject({ samples: 200_000 });
    expect(json.results.find((x) => x.kpi === 'p1-tickets' && x.period === '2026-11')).toMatchObject({ actual: 66_667 });
    expect(r.wallMs).toBeLessThan(MAX_MS);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, 60_000);

  // The JSON list of skipped rows, not the reading, is what grows here (about 1.5 KB a row at 200,000).
  it(`50,000 rows in the wrong format, --skip-invalid: every row listed, under ${MAX_MS / 1000} s and ${MAX_RSS_MB} MB`, async () => {
    // Dotted dates against the Jira pattern: turned away before date-fns (no "/"), each row listed.
    // (ISO text is read under any pattern without an offset: a workbook's date cells arrive so.)
    const csv = write('big-dotted.csv', 50_000, (ms) => new Date(ms).toISOString().slice(0, 16).replace(/-/g, '.').replace('T', ' '));
    const r = await measured(['check', fixture('jira.yaml'), csv, '--format', 'json', '--skip-invalid'], 'wrong format, skipped', `sla: skipped 50000 invalid rows of ${csv} (--skip-invalid); the output lists them\n`);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as CheckResult;
    expect(json.skipped).toHaveLength(50_000);
    expect(json.skipped[0]).toEqual({ row: 2, column: 'Created', reason: '"2026.11.01 00:00" is not a timestamp in the declared format (data.timestamps.format): expected dd/MMM/yy h:mm a such as 30/Nov/26 4:15 PM' });
    expect(r.wallMs).toBeLessThan(MAX_MS);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, 60_000);

  it('2,000 rows only date-fns reads ("4:15 p.m."): read, at a fraction of a millisecond a cell', async () => {
    const csv = write('dotted.csv', 2_000, (ms) => jira(ms, (pm) => (pm ? 'p.m.' : 'a.m.')));
    const r = await measured(['check', fixture('jira.yaml'), csv, '--format', 'json'], 'date-fns for every cell');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as CheckResult;
    expect(json.skipped).toEqual([]);
    expect(json.results.find((x) => x.kpi === 'resolution' && x.period === '2026-11')).toMatchObject({ samples: 2_000 });
    expect(r.wallMs).toBeLessThan(MAX_MS);
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, 60_000);
});
