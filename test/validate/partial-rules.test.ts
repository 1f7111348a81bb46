// Schema errors no longer hide rule errors, and time zones get a did-you-mean like keys do.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSla } from '../../src/core/load/load.js';
import { example } from '../helpers.js';

// Without its signatories: these tests edit material content, and a signed text would then add stale-signature errors.
const base = readFileSync(example('platform-api', 'sla.yaml'), 'utf8').replace(/\n  signatories:\n(?:    - \{[^\n]*\n)+/, '\n');
const lines = (text: string) => loadSla(text, 'sla.yaml', { asOf: '2026-06-01' }).problems.map((p) => `${p.line}:${p.column} ${p.rule} ${p.message}`);

describe('rules on a document the schema refused', () => {
  it('a misspelt key and a bad time zone are reported together, without echoes of the broken part', () => {
    const text = base.replace('timezone: America/New_York', 'timezone: Europe/Londn').replace(/^( {4})period:/m, '$1perod:');
    expect(lines(text)).toEqual([
      '9:11 rule/timezone "Europe/Londn" is not an IANA time zone; did you mean "Europe/London"?',
      '84:5 schema/required metrics[0] is missing the required key "period" (period)',
      '89:5 schema/additionalProperties unknown key "perod" in metrics[0]; did you mean "period"?',
    ]);
  });

  it('a rule that reads a refused node is skipped; the others still run', () => {
    // scope of the wrong type: rules reading scope (coverage, the coverage time zone) are skipped.
    const text = base.replace('timezone: America/New_York', 'timezone: America/New_Yrok').replace(/^scope:/m, 'scope: 3\nold_scope:');
    const found = lines(text);
    expect(found.some((l) => l.includes('rule/timezone') && l.includes('did you mean "America/New_York"?'))).toBe(true);
    expect(found.some((l) => l.includes('schema/type scope must be a mapping (got 3)'))).toBe(true);
    expect(found.filter((l) => l.includes('rule/coverage-hours'))).toEqual([]);
  });

  it('a valid document gives the same problems as before (no rule is skipped)', () => {
    const late = loadSla(base, 'sla.yaml', { asOf: '2035-01-01' });
    expect(late.valid).toBe(true);
    expect(late.problems.map((p) => p.rule)).toEqual(['rule/review-overdue']);
  });

  it('a time zone far from any name gets the plain hint', () => {
    expect(lines(base.replace('timezone: America/New_York', 'timezone: Mars/Olympus'))).toEqual(['9:11 rule/timezone "Mars/Olympus" is not an IANA time zone (such as Europe/London or UTC)']);
  });

  it('bounds: 100 KPIs each with a schema error still check in time and memory', () => {
    const kpi = base.slice(base.indexOf('\n  - id: ', base.indexOf('metrics:')), base.indexOf('\nreporting:'));
    let many = '';
    for (let i = 0; i < 100; i++) many += kpi.replace(/id: ([\w-]+)/, `id: $1-${i}`).replace(/^( {4})period:/m, '$1perod:');
    const text = base.replace(kpi, many).replace('timezone: America/New_York', 'timezone: Europe/Londn');
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const report = loadSla(text, 'sla.yaml', { asOf: '2026-06-01' });
    const ms = performance.now() - started;
    const grewMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;
    console.log(`partial rules, ${(text.length / 2 ** 20).toFixed(1)} MB: ${ms.toFixed(0)} ms, rss +${grewMb.toFixed(1)} MB`);
    expect(report.problems.some((p) => p.rule === 'rule/timezone')).toBe(true);
    expect(report.problems.filter((p) => p.rule === 'schema/additionalProperties')).toHaveLength(100);
    expect(ms).toBeLessThan(10_000);
    expect(grewMb).toBeLessThan(300);
  }, 60_000);
});
