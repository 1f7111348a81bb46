// The pure core of `sla init`: answers in, files out, checked with the same loader `sla validate` uses.
import fc from 'fast-check';
import { hasUnprintable } from '../../src/core/printable.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSla } from '../../src/core/load/load.js';
import { addMonths, firstOfNextMonth } from '../../src/core/dates.js';
import { canonicalTimeZone, checkAnswers, defaultAnswers, planInit, PRESETS, slugify, uniqueIds, type InitAnswers, type InitPlan } from '../../src/core/init/index.js';
import { reviewDate, scalar } from '../../src/core/init/common.js';
import { evaluate, parseCsv } from './evaluate.js';

const TODAY = '2026-11-26';
const plan: InitPlan = { slaFile: 'sla.yaml', schemaRef: 'https://sla-as-code.dev/schemas/sla-1.schema.json', today: TODAY, version: '0.1.0', withMetrics: true, ci: 'github' };
const answers = (preset: string, extra: Partial<InitAnswers> = {}): InitAnswers => ({ ...defaultAnswers(preset, { timezone: 'Europe/Berlin', today: TODAY }), ...extra });
const strictProblems = (text: string, asOf = TODAY) => loadSla(text, 'sla.yaml', { asOf }).problems.map((p) => `${p.severity} ${p.rule} ${p.path}: ${p.message}`);

describe('answers', () => {
  it('derives schema-valid ids from any name', () => {
    expect(slugify('IT Operations')).toBe('it-operations');
    expect(slugify('R&D: "Ops" #1')).toBe('r-and-d-ops-1');
    expect(slugify('Équipe Données')).toBe('equipe-donnees');
    expect(slugify('  --- ')).toBe('');
    expect(uniqueIds(['Ops', 'ops', 'OPS!', '数据'], ['provider', 'r1', 'r2', 'recipient-3'])).toEqual(['ops', 'ops-2', 'ops-3', 'recipient-3']);
  });

  it('defaults the effective date to the first of next month, across a year end', () => {
    expect(firstOfNextMonth('2026-11-26')).toBe('2026-12-01');
    expect(firstOfNextMonth('2026-12-31')).toBe('2027-01-01');
    expect(defaultAnswers('platform-api', { timezone: 'europe/london', today: TODAY })).toMatchObject({ preset: 'platform-api', provider: 'Platform Engineering', timezone: 'Europe/London', effective: '2026-12-01' });
  });

  it('adds months without running past the end of a month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
  });

  it('puts the next review a quarter after the effective date, and never in the past', () => {
    expect(reviewDate('2027-01-01', TODAY)).toBe('2027-04-01');
    expect(reviewDate('2020-01-15', TODAY)).toBe('2027-01-15');
    expect(reviewDate('2026-08-26', TODAY)).toBe('2026-11-26');
  });

  it('refuses bad answers with one line each', () => {
    expect(checkAnswers(answers('service-desk', { preset: 'helpdesk', timezone: 'Mars/Olympus', effective: '2026-02-30', provider: ' ', recipients: ['a\nb'] }))).toEqual([
      'unknown preset "helpdesk"; choose one of service-desk, platform-api, data-pipeline (sla init --list-presets describes them)',
      'the provider must not be empty',
      'a recipient must be one line of text without control characters',
      '"Mars/Olympus" is not an IANA time zone; use a name such as Europe/London, America/New_York or UTC',
      'the effective date must be a date written YYYY-MM-DD, such as 2027-01-01 (got "2026-02-30")',
    ]);
    expect(canonicalTimeZone('utc')).toBe('UTC');
  });
});

describe.each(PRESETS.map((p) => p.name))('preset %s', (preset) => {
  const files = planInit(answers(preset), { ...plan, metricsFile: 'metrics.csv' });
  const sla = files.find((f) => f.kind === 'sla')!.content;

  it('is valid with no warnings at all (what --strict asks)', () => {
    expect(strictProblems(sla)).toEqual([]);
  });

  it('starts with the schema comment and teaches each of the six sections', () => {
    expect(sla.split('\n')[0]).toBe('# yaml-language-server: $schema=https://sla-as-code.dev/schemas/sla-1.schema.json');
    for (const [n, section] of [[1, 'PARTIES'], [2, 'SCOPE'], [3, 'EXPECTATIONS'], [4, 'METRICS'], [5, 'REPORTING AND REVIEW'], [6, 'CONSEQUENCES']] as const) {
      expect(sla).toMatch(new RegExp(`^# ${n}\\. ${section}: `, 'm'));
    }
  });

  it('uses the answers where they belong', () => {
    const doc = parse(planInit(answers(preset, { provider: 'Core Infra', recipients: ['Payments', 'Search'], service: 'Billing Hub', timezone: 'America/New_York', effective: '2027-03-01' }), plan)[0]!.content);
    expect(doc).toMatchObject({
      id: 'billing-hub',
      title: 'Billing Hub Service Level Agreement',
      effective: '2027-03-01',
      timezone: 'America/New_York',
      status: 'draft',
      parties: { provider: { id: 'core-infra', name: 'Core Infra' }, recipients: [{ id: 'payments', name: 'Payments' }, { id: 'search', name: 'Search' }] },
      scope: { services: [{ id: 'billing-hub', name: 'Billing Hub' }] },
      reporting: { review: { next: '2027-06-01' } },
    });
  });

  it('writes sample metrics whose columns are the ones the KPIs name', () => {
    const table = parseCsv(files.find((f) => f.kind === 'metrics')!.content);
    const doc = parse(sla);
    expect(table.rows.length).toBeGreaterThan(200);
    for (const kpi of doc.metrics) {
      const m = kpi.measure;
      const values = m.duration ? [m.duration.from, m.duration.to] : [m.column ?? 'value'];
      const needed = [m.timestamp ?? m.duration?.from ?? 'timestamp', ...values, ...(m.denominator ? [m.denominator] : []), ...Object.keys(m.where ?? {}), ...(m.metric ? ['metric'] : [])];
      for (const column of needed) expect(table.header, `${kpi.id} needs column ${column}`).toContain(column);
      const rows = table.rows.filter((r) => (m.metric === undefined || r.metric === m.metric) && Object.entries(m.where ?? {}).every(([k, v]) => r[k] === String(v)));
      expect(rows.length, `${kpi.id} has rows`).toBeGreaterThan(0);
      for (const r of rows) {
        if (m.duration) expect(r[m.duration.to]! >= r[m.duration.from]! && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/.test(r[m.duration.to]!), `${kpi.id}: ${r[m.duration.from]} to ${r[m.duration.to]}`).toBe(true);
        else expect(Number.isFinite(Number(r[m.column ?? 'value'])), `${kpi.id}: ${r[m.column ?? 'value']}`).toBe(true);
      }
    }
  });

  it('has sample data that meets every target but one, so a first check shows a consequence', () => {
    const results = evaluate(parse(sla), parseCsv(files.find((f) => f.kind === 'metrics')!.content));
    const breached = results.filter((r) => !r.met);
    expect(breached.length, JSON.stringify(breached)).toBe(1);
    expect(results.every((r) => r.samples > 0)).toBe(true);
  });

  it('writes a GitHub workflow that validates the agreement on push', () => {
    const wf = parse(files.find((f) => f.kind === 'workflow')!.content);
    expect(Object.keys(wf.on)).toEqual(['push', 'pull_request']);
    const run = wf.jobs.validate.steps.map((s: { run?: string }) => s.run ?? '').join('\n');
    expect(run).toContain('npx --package=@sla-as-code/cli@0.1.0 sla validate --format github sla.yaml');
    expect(run).not.toContain('--yes');
  });

  it('is the same text every time (sample data included)', () => {
    expect(planInit(answers(preset), { ...plan, metricsFile: 'metrics.csv' })).toEqual(files);
  });
});

describe('hostile names', () => {
  const hostile = ['R&D: "Ops" #1', '- [x] {y}', 'yes', 'null', '2026', "'quoted'", '*alias', '&anchor', '%TAG', '@home', '`tick`', '>folded', '|literal', 'trailing space ', 'Ünïcødé 团队 🚀', '#hash', 'a: b: c', '"', '?', '!tag'];

  it.each(PRESETS.map((p) => p.name))('stay the strings typed, in a valid file (%s)', (preset) => {
    const a = answers(preset, { provider: hostile[0]!, recipients: hostile.slice(1, -1), service: hostile[hostile.length - 1]! });
    const text = planInit(a, plan)[0]!.content;
    expect(strictProblems(text)).toEqual([]);
    const doc = parse(text);
    expect(doc.parties.provider.name).toBe(hostile[0]);
    expect(doc.parties.recipients.map((r: { name: string }) => r.name)).toEqual(hostile.slice(1, -1).map((h) => h.trim()));
    expect(doc.scope.services[0].name).toBe('!tag');
    expect(new Set(doc.parties.recipients.map((r: { id: string }) => r.id)).size).toBe(hostile.length - 2);
  });

  it('any one-line name round-trips through the file (property)', () => {
    const name = fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }).filter((s) => s.trim() !== '' && !hasUnprintable(s)); // what init refuses (controls, bidi, line separators) is tested elsewhere
    fc.assert(
      fc.property(name, name, name, (provider, recipient, service) => {
        const text = planInit(answers('platform-api', { provider, recipients: [recipient], service }), plan)[0]!.content;
        const report = loadSla(text, 'sla.yaml', { asOf: TODAY });
        expect(report.problems).toEqual([]);
        expect(report.sla!.parties.provider.name).toBe(provider.trim());
        expect(report.sla!.parties.recipients[0].name).toBe(recipient.trim());
        expect(report.sla!.scope.services[0].name).toBe(service.trim());
      }),
      { numRuns: 150 },
    );
  });

  it('quotes scalars only when YAML needs it', () => {
    expect(scalar('IT Operations')).toBe('IT Operations');
    expect(parse(`k: ${scalar('R&D: "Ops" #1')}`).k).toBe('R&D: "Ops" #1');
    expect(parse(`k: ${scalar('2026')}`).k).toBe('2026');
  });
});

describe('service-desk preset: the KPIs follow the priority table', () => {
  const text = planInit(answers('service-desk'), plan)[0]!.content;
  const doc = parse(text);

  it('names each response and resolution KPI with the table\'s own words, and measures it against the table', () => {
    const priorityKpis = doc.metrics.filter((k: { id: string }) => /^p\d-/.test(k.id));
    expect(priorityKpis.map((k: { name: string }) => k.name)).toEqual([
      'P1 tickets answered within 15 business minutes', 'P1 tickets resolved within 4 business hours',
      'P2 tickets answered within 1 business hour', 'P2 tickets resolved within 1 business day',
      'P3 tickets answered within 2 business hours', 'P3 tickets resolved within 3 business days',
      'P4 tickets answered within 4 business hours', 'P4 tickets resolved within 5 business days',
    ]);
    for (const k of priorityKpis) expect(k.measure.threshold, k.id).toEqual({ op: '<=', target: k.id.endsWith('response') ? 'response' : 'resolution' });
  });

  it('stays consistent when a priority\'s times are edited: no threshold to update, and the rule names the KPI to rename', () => {
    const edited = text.replace('resolution: 1 business day', 'resolution: 2 working days').replace('response: 1 business hour', 'response: 1 hour 30 minutes');
    expect(strictProblems(edited)).toEqual([
      'warning rule/kpi-matches-priority /metrics/2/name: p2-response: the name says "within 1 business hour", but P2\'s response time is 1 hour and 30 minutes; say "within 1 hour and 30 minutes" so the name and the priority table agree',
      'warning rule/kpi-matches-priority /metrics/3/name: p2-resolution: the name says "within 1 business day", but P2\'s resolution time is 2 working days; say "within 2 working days" so the name and the priority table agree',
    ]);
    const renamed = edited.replace('P2 tickets answered within 1 business hour', 'P2 tickets answered within 1 hour and 30 minutes').replace('P2 tickets resolved within 1 business day', 'P2 tickets resolved within 2 working days');
    expect(strictProblems(renamed)).toEqual([]);
  });

  it('a fixed threshold left behind by the edit would be an error', () => {
    const fixed = text.replace('where: { priority: P2 }, threshold: { op: "<=", target: resolution }', 'where: { priority: P2 }, threshold: { op: "<=", value: 480 }');
    expect(strictProblems(fixed)).toEqual([expect.stringContaining('warning rule/kpi-matches-priority /metrics/3/measure/threshold/value: p2-resolution: the threshold 480 business minutes is P2\'s resolution time written out again')]);
    const edited = fixed.replace('resolution: 1 business day', 'resolution: 2 working days').replace('P2 tickets resolved within 1 business day', 'P2 tickets resolved within 2 working days');
    expect(strictProblems(edited)).toEqual([expect.stringContaining('error rule/kpi-matches-priority /metrics/3/measure/threshold/value: p2-resolution measures P2\'s resolution against 480 business minutes, but P2\'s resolution time "2 working days" is 960 business minutes')]);
  });
});
