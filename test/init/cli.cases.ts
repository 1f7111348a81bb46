// `sla init` as users run it, in a temporary directory; every file it writes is then checked by
// `sla validate --strict`, the same judge a user would call. One table of cases, run in-process by
// cli.test.ts (every case) and through the spawned bin/sla by cli.cli.test.ts (a sample, see
// CaseTable in test/helpers.ts).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { parse } from 'yaml';
import { CaseTable, runInProcess, tempDir, type Mode } from '../helpers.js';
import { parseCsv } from './evaluate.js';

const PRESETS = ['service-desk', 'platform-api', 'data-pipeline'];
let dir: string;
let cleanup: () => void;
const read = (file: string) => readFileSync(join(dir, file), 'utf8');
const hasCheck = (await runInProcess(['check', '--help'])).code === 0;

/** Declares the cases (inside a describe); `mode` says how they run. */
export function initCliCases(mode: Mode): void {
  beforeEach(() => ({ dir, cleanup } = tempDir('sla-init-')));
  afterEach(() => cleanup());
  const t = new CaseTable(mode, () => ({ cwd: dir }));
  const init = (args: string[], env: Record<string, string | undefined> = {}) => t.run(['init', ...args], { env: { CI: undefined, ...env } });
  const validateStrict = (file: string) => t.run(['validate', '--strict', file]);

  t.case('-q writes the file and says nothing; validate -o says what it wrote, once, and -q silences that too', async () => {
    const r = await init(['quiet.yaml', '--yes', '-q']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(existsSync(join(dir, 'quiet.yaml'))).toBe(true);
    const v = await t.run(['validate', 'quiet.yaml', '-o', 'report.json', '--format', 'json']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stderr).toBe('sla: wrote report.json\n');
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).valid).toBe(true);
    expect((await t.run(['validate', 'quiet.yaml', '-o', 'report.json', '-q'])).stderr).toBe('');
  });

  for (const preset of PRESETS) {
    t.describe(`sla init --preset ${preset}`, () => {
      t.case('with defaults only writes sla.yaml that validate --strict accepts', async (run) => {
        const r = await init(['--preset', preset]);
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe('');
        expect(r.stderr).toContain(`Created sla.yaml (preset ${preset})`);
        const v = await validateStrict('sla.yaml');
        expect(v.code, v.stdout).toBe(0);
      });

      t.case('with every flag puts the answers in a file validate --strict accepts', async (run) => {
        const r = await init(['agreements/payments.yaml', '--preset', preset, '--provider', 'Payments Platform', '--recipient', 'Checkout', '--recipient', 'Finance Ops', '--service', 'Card Gateway', '--timezone', 'asia/tokyo', '--effective', '2027-04-01', '--with-metrics', '--ci', 'github']);
        expect(r.code, r.stderr).toBe(0);
        const v = await validateStrict('agreements/payments.yaml');
        expect(v.code, v.stdout).toBe(0);
        const doc = parse(read('agreements/payments.yaml'));
        expect(doc).toMatchObject({ id: 'card-gateway', effective: '2027-04-01', timezone: 'Asia/Tokyo', parties: { provider: { id: 'payments-platform', name: 'Payments Platform' }, recipients: [{ name: 'Checkout' }, { id: 'finance-ops', name: 'Finance Ops' }] } });
        const csv = parseCsv(read('agreements/metrics.csv'));
        for (const kpi of doc.metrics) {
      const m = kpi.measure;
      for (const column of m.duration ? [m.duration.from, m.duration.to] : [m.column ?? 'value']) expect(csv.header).toContain(column);
    }
        // The sample covers the first three months of the term, so sla check measures all of it.
        const stamps = csv.rows.map((row) => row[doc.metrics[0].measure.timestamp ?? doc.metrics[0].measure.duration?.from ?? 'timestamp']!).sort();
        expect(stamps[0]!.slice(0, 7)).toBe('2027-04');
        expect(stamps[stamps.length - 1]!.slice(0, 7)).toBe('2027-06');
        expect(parse(read('.github/workflows/sla.yml')).jobs.validate.steps.at(-1).run).toContain('validate --format github agreements/payments.yaml');
      });
    });
  }

  // `sla check` lands separately; until it does, the CSV is held to the KPI columns above and in core.test.ts.
  if (hasCheck) t.describe('sla check on the sample metrics', () => {
    for (const preset of PRESETS) t.case(`${preset}: every KPI has data, nothing is skipped, one result is breached`, async (run) => {
      expect((await init(['--yes', '--preset', preset, '--with-metrics'])).code).toBe(0);
      const r = await run(['check', 'sla.yaml', 'metrics.csv', '--format', 'json'], { cwd: dir });
      expect(r.code, r.stderr).toBe(1);
      const report = JSON.parse(r.stdout) as { results: { kpi: string; status: string; samples: number; consequences: unknown[] }[]; skipped: unknown[]; outside: { before: number; after: number } };
      expect(report.skipped).toEqual([]);
      // Dated inside the agreement's term: no sample row is left out as before or after it.
      expect(report.outside).toEqual({ before: 0, after: 0 });
      const kpis = parse(read('sla.yaml')).metrics.map((k: { id: string }) => k.id);
      expect([...new Set(report.results.map((x) => x.kpi))].sort()).toEqual([...kpis].sort());
      expect(report.results.every((x) => x.samples > 0 && x.status !== 'no-data')).toBe(true);
      const breached = report.results.filter((x) => x.status === 'breached');
      expect(breached).toHaveLength(1);
      expect(breached[0]!.consequences.length).toBeGreaterThan(0);
    });
  });

  t.describe('sla init never overwrites', () => {
    t.case('leaves an existing file byte-identical and exits 2 naming it', async (run) => {
      const original = 'keep: me\r\n# not an SLA \u00e9\n';
      writeFileSync(join(dir, 'sla.yaml'), original);
      const r = await init(['--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('sla: sla.yaml already exists; nothing was written. Use --force to overwrite it, or give another path\n');
      expect(read('sla.yaml')).toBe(original);
    });

    t.case('writes nothing at all when only one of several targets exists', async (run) => {
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
      writeFileSync(join(dir, '.github', 'workflows', 'sla.yml'), 'name: mine\n');
      const r = await init(['--yes', '--with-metrics', '--ci', 'github']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('.github/workflows/sla.yml already exists');
      expect(existsSync(join(dir, 'sla.yaml'))).toBe(false);
      expect(existsSync(join(dir, 'metrics.csv'))).toBe(false);
      expect(read('.github/workflows/sla.yml')).toBe('name: mine\n');
    });

    t.case('overwrites with --force', async (run) => {
      writeFileSync(join(dir, 'sla.yaml'), 'old\n');
      const r = await init(['--yes', '--force', '--preset', 'data-pipeline']);
      expect(r.code, r.stderr).toBe(0);
      expect(read('sla.yaml')).toContain('preset data-pipeline');
      expect((await validateStrict('sla.yaml')).code).toBe(0);
    });
  });

  t.describe('sla init output and flags', () => {
    t.case('--stdout prints the agreement and writes nothing', async (run) => {
      const r = await init(['--stdout', '--preset', 'platform-api', '--service', 'Edge Gateway']);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout.startsWith('# yaml-language-server: $schema=https://sla-as-code.dev/schemas/sla-1.schema.json\n')).toBe(true);
      expect(parse(r.stdout).title).toBe('Edge Gateway Service Level Agreement');
      expect(existsSync(join(dir, 'sla.yaml'))).toBe(false);
      const v = await run(['validate', '--strict', '-'], { cwd: dir, input: r.stdout });
      expect(v.code, v.stdout).toBe(0);
    }, { process: 'standard output and standard input through real pipes' });

    t.case('points the schema comment at a local copy when sla is installed in node_modules above', async (run) => {
      mkdirSync(join(dir, 'node_modules', '@sla-as-code', 'cli', 'schemas'), { recursive: true });
      writeFileSync(join(dir, 'node_modules', '@sla-as-code', 'cli', 'schemas', 'sla.schema.json'), '{}');
      expect((await init(['--yes', 'slas/team.yaml'])).code).toBe(0);
      expect(read('slas/team.yaml').split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/@sla-as-code/cli/schemas/sla.schema.json');
    });

    t.case('--list-presets lists each preset on one line', async (run) => {
      const r = await init(['--list-presets']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trimEnd().split('\n');
      expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(PRESETS);
    });

    for (const [args, message] of [
      [['--preset', 'helpdesk'], 'sla: --preset: unknown preset "helpdesk"; choose one of service-desk, platform-api, data-pipeline (sla init --list-presets describes them)\n'],
      [['--timezone', 'Mars/Olympus'], 'sla: --timezone: "Mars/Olympus" is not an IANA time zone; use a name such as Europe/London, America/New_York or UTC\n'],
      [['--effective', '2027-02-30'], 'sla: --effective: the effective date must be a date written YYYY-MM-DD, such as 2027-01-01 (got "2027-02-30")\n'],
      [['--effective', 'next month'], 'sla: --effective: the effective date must be a date written YYYY-MM-DD, such as 2027-01-01 (got "next month")\n'],
      [['--provider', ''], 'sla: --provider must not be empty\n'],
      [['--stdout', '--with-metrics'], 'sla: --stdout prints only the agreement; leave it out to write the metrics CSV or the CI workflow as files\n'],
    ] as [string[], string][]) t.case(`refuses ${JSON.stringify(args)} with one line and exit 2, writing nothing`, async () => {
      const r = await init([...args, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(message);
      expect(existsSync(join(dir, 'sla.yaml'))).toBe(false);
    });

    t.case('refuses an unknown --ci provider as a usage error', async (run) => {
      const r = await init(['--ci', 'jenkins']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("'jenkins' is invalid");
    }, { process: 'usage errors from commander end the real process with exit 2' });

    t.case('keeps hostile names as typed, in a file validate --strict accepts', async (run) => {
      const names = ['R&D: "Ops" #1', '- [x] {y}', 'null', '2026', "'; rm -rf / #", '${HOME} `id`'];
      const r = await init(['--yes', '--preset', 'service-desk', '--provider', names[0]!, ...names.slice(1, -1).flatMap((n) => ['--recipient', n]), '--service', names.at(-1)!, '--with-metrics', '--ci', 'github']);
      expect(r.code, r.stderr).toBe(0);
      const v = await validateStrict('sla.yaml');
      expect(v.code, v.stdout).toBe(0);
      const doc = parse(read('sla.yaml'));
      expect([doc.parties.provider.name, ...doc.parties.recipients.map((x: { name: string }) => x.name), doc.scope.services[0].name]).toEqual(names);
    });
  });
}
