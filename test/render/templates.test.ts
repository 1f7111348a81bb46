import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dateInWords, daysInWords, deadlineInWords, targetInWords } from '../../src/render/words.js';
import { kpiInWords } from '../../src/render/kpi-words.js';
import type { Sla } from '../../src/core/model.js';
import { buildAgreementView, slug } from '../../src/render/view-model.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { exampleData, hostileSla, writeSla } from './fixtures.js';

const tmp = tempDir('sla-render-tpl-');
afterAll(() => tmp.cleanup());
const sla = example('it-service-desk', 'sla.yaml');

function templateDir(name: string, files: Record<string, string>): string {
  const dir = join(tmp.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) writeFileSync(join(dir, file), text);
  return dir;
}

describe('words a manager would write', () => {
  it('targets, periods, deadlines, dates and days', () => {
    expect(targetInWords({ unit: 'percent', objective: { op: '>=', target: 99.5 } })).toBe('at least 99.5 %');
    expect(targetInWords({ unit: 'milliseconds', objective: { op: '<=', target: 300 } })).toBe('at most 300 milliseconds');
    expect(targetInWords({ unit: 'count', objective: { op: '<', target: 3 } })).toBe('less than 3');
    expect(deadlineInWords('4 business hours')).toBe('within 4 business hours');
    expect(deadlineInWords('15m')).toBe('within 15 minutes');
    expect(deadlineInWords('1 day')).toBe('within 1 day');
    expect(dateInWords('2026-01-01')).toBe('1 January 2026');
    expect(daysInWords(['mon', 'tue', 'wed', 'thu', 'fri'])).toBe('Monday to Friday');
    expect(daysInWords(['mon', 'wed', 'fri'])).toBe('Monday, Wednesday and Friday');
    expect(daysInWords(['sat', 'sun', 'mon', 'tue', 'wed', 'thu', 'fri'])).toBe('every day');
  });

  it('the view model of an example reads as the issue asks', () => {
    const view = buildAgreementView(exampleData('platform-api') as never);
    expect(view.metrics[0]!.objective).toBe('at least 99.9 % per calendar month');
    expect(view.expectations.priorities[0]!.response).toBe('within 5 minutes');
    expect(view.agreement.termText).toBe('120 months from 1 January 2026, until 31 December 2035');
    expect(view.consequences[0]!.credits).toEqual([
      { condition: 'below 99.9 %', credit: "10 % of the period's charge" },
      { condition: 'below 99.5 %', credit: "25 % of the period's charge" },
      { condition: 'below 99 %', credit: "50 % of the period's charge" },
    ]);
    expect(view.sections.map((s) => s.anchor)).toEqual(['1-parties', '2-scope', '3-expectations', '4-metrics', '5-reporting-and-review', '6-consequences-of-failure', 'signatures', 'data-sources']);
    expect(slug('6. Consequences of failure')).toBe('6-consequences-of-failure');
    const platform = exampleData('platform-api') as unknown as Sla;
    expect(kpiInWords(platform.metrics[1]!, platform)).toMatch(/^The 95th percentile of /);
    expect(kpiInWords(platform.metrics[1]!, platform)).not.toContain('auth_latency_ms');
  });
});

describe('what the credits are shares of', () => {
  it('names each recipient\'s charge and a consequence\'s cap in the agreement both sides sign', () => {
    const view = buildAgreementView(exampleData('platform-api') as never);
    expect(view.chargesText).toBe("Checkout team pays $12,000.00 per month; Subscriptions team states no charge. A service credit is a share of the recipient's charge for the period in which the target was missed.");
    expect(view.consequences[0]!.capText).toBe("Credits under this consequence never exceed 30 % of a period's charge, however many of its targets are missed.");
    expect(view.consequences[1]!.capText).toBeNull();
    const uncharged = exampleData('platform-api');
    for (const r of uncharged.parties.recipients) delete r.charge;
    expect(buildAgreementView(uncharged as never).chargesText).toBeNull();
  });
});

describe('templates', () => {
  it('a file in --template replaces one built-in section and keeps the rest', async () => {
    const dir = templateDir('override', { 'metrics.md.hbs': '## 4. Metrics\n\n{{#each metrics}}\n- {{name}}: {{objective}}\n{{/each}}\n' });
    const r = await runInProcess(['render', sla, '--template', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('- P1 tickets answered within 15 minutes: at least 95 % per calendar month\n');
    expect(r.stdout).not.toContain('| Indicator | Target |');
    expect(r.stdout).toContain('## 6. Consequences of failure'); // the built-in sections are still there
  });

  it('{{value}} in a user Markdown template is Markdown-escaped by default, {{{value}}} is raw', async () => {
    const dir = templateDir('escaping', { 'agreement.md.hbs': '{{agreement.title}}\n{{{agreement.title}}}\n' });
    const file = writeSla(tmp.dir, 'hostile-title.yaml', { ...exampleData(), title: 'A | *b*' });
    const r = await runInProcess(['render', file, '--template', dir]);
    expect(r.stdout).toBe('A \\| \\*b\\*\nA | *b*\n');
  });

  it('prototype properties are not reachable from a template', async () => {
    const dir = templateDir('proto', { 'agreement.md.hbs': '[{{agreement.constructor}}][{{lookup agreement "__proto__"}}]\n' });
    const r = await runInProcess(['render', sla, '--template', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('[][]\n');
  });

  it('an agreement.css in --template replaces the stylesheet; --css wins over it', async () => {
    const dir = templateDir('css', { 'agreement.css': 'body { color: teal; }' });
    const r = await runInProcess(['render', sla, '--format', 'html', '--template', dir]);
    expect(r.stdout).toContain('body { color: teal; }');
    expect(r.stdout).not.toContain('break-inside: avoid');
    const css = join(tmp.dir, 'wins.css');
    writeFileSync(css, 'body { color: navy; }');
    const both = await runInProcess(['render', sla, '--format', 'html', '--template', dir, '--css', css]);
    expect(both.stdout).toContain('body { color: navy; }');
    expect(both.stdout).not.toContain('teal');
  });

  it('--template must be a directory', async () => {
    const r = await runInProcess(['render', sla, '--template', join(tmp.dir, 'nope')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--template .*nope: no such directory/);
  });
});

describe('HTML output', () => {
  it('escapes hostile text everywhere', async () => {
    const file = writeSla(tmp.dir, 'hostile.yaml', hostileSla());
    const r = await runInProcess(['render', file, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('<script>');
    expect(r.stdout).not.toContain('<img');
    expect(r.stdout).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(r.stdout).toContain('&lt;img src&#x3D;&quot;http://127.0.0.1:9/x.png&quot;&gt;');
    // The title is escaped in <title> and in the attribute of the author meta tag alike.
    expect(r.stdout).toMatch(/<title>Title Pipe \| star \*bold\* under_score_ # hash &lt;script&gt;/);
    expect(r.stdout).toMatch(/<meta name="author" content="Provider Pipe [^"]*&lt;script&gt;alert\(&quot;x&quot;\)/);
  });

  it('is one standalone page with the stylesheet inlined, and --css replaces it', async () => {
    const plain = await runInProcess(['render', sla, '--format', 'html']);
    expect(plain.stdout).toMatch(/^<!DOCTYPE html>/);
    expect(plain.stdout).toContain('break-inside: avoid');
    const css = join(tmp.dir, 'house.css');
    writeFileSync(css, 'body { font-family: "House Sans"; } </style><script>x</script>');
    const custom = await runInProcess(['render', sla, '--format', 'html', '--css', css]);
    expect(custom.stdout).toContain('font-family: "House Sans"');
    expect(custom.stdout).not.toContain('break-inside: avoid');
    expect(custom.stdout).not.toContain('</style><script>');
  });
});
