// The rule registry: every rule is documented, every finding names a registered rule, and per-rule
// severities (for a later config file) turn a rule off or change its findings' severity.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Sla } from '../../src/core/model.js';
import { checkRules, RULES } from '../../src/core/rules/index.js';
import { parseYaml } from '../../src/core/load/yaml-source.js';
import { repoRoot } from '../helpers.js';
import { AS_OF, load, minimalText, mutate } from './fixture.js';

const rulesDoc = readFileSync(join(repoRoot, 'docs/rules.md'), 'utf8');
/** GitHub's anchor for a heading: lower case, spaces to dashes, other punctuation dropped. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-');
const docAnchors = new Set([...rulesDoc.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
const ruleSections = [...rulesDoc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.trim());
const registered = new Set(RULES.map((r) => r.id));

const badDir = join(repoRoot, 'test/fixtures/bad');
const ruleFixtures = readdirSync(badDir).filter((f) => /^rule-.*\.yaml$/.test(f));

describe('the rule registry', () => {
  it('gives every rule a unique id, a severity, a one-line description and a docs link to its section', () => {
    expect(registered.size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id, rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(['error', 'warning'], rule.id).toContain(rule.severity);
      expect(rule.description.trim().length, rule.id).toBeGreaterThan(0);
      expect(rule.description, rule.id).not.toContain('\n');
      const [file, anchor] = rule.docs.split('#');
      expect(file, rule.id).toBe('docs/rules.md');
      expect(docAnchors.has(anchor!), `${rule.id}: no heading for #${anchor} in docs/rules.md`).toBe(true);
    }
  });

  it('documents exactly the registered rules, one section each', () => {
    expect([...ruleSections].sort()).toEqual([...registered].sort());
  });

  it('names a registered rule in every finding of the rule fixtures', () => {
    expect(ruleFixtures.length).toBeGreaterThan(0);
    for (const file of ruleFixtures) {
      const ruleProblems = load(readFileSync(join(badDir, file), 'utf8')).problems.filter((p) => p.rule.startsWith('rule/'));
      expect(ruleProblems.length, file).toBeGreaterThan(0);
      for (const p of ruleProblems) expect(registered.has(p.rule.slice('rule/'.length)), `${file}: ${p.rule}`).toBe(true);
    }
  });
});

describe('per-rule severities', () => {
  const slaOf = (text: string) => parseYaml(text).data as Sla;
  // As of this date the minimal agreement's review (2026-07-01) is overdue: one warning.
  const afterReview = { asOf: '2026-07-02' };

  it('leave findings as they are by default', () => {
    expect(checkRules(slaOf(minimalText), afterReview)).toEqual([expect.objectContaining({ rule: 'rule/review-overdue', severity: 'warning' })]);
  });

  it('turn a rule off', () => {
    expect(checkRules(slaOf(minimalText), afterReview, { 'review-overdue': 'off' })).toEqual([]);
  });

  it('raise a warning to an error, keeping its message and place', () => {
    const [warning] = checkRules(slaOf(minimalText), afterReview);
    expect(checkRules(slaOf(minimalText), afterReview, { 'review-overdue': 'error' })).toEqual([{ ...warning, severity: 'error' }]);
  });

  it('set every finding of a rule that reports both errors and warnings', () => {
    // attainment without a threshold (an error) and a denominator it ignores (a warning).
    const text = mutate('      metric: availability', '      metric: availability\n      denominator: total', mutate('aggregate: mean', 'aggregate: attainment'));
    const severities = (found: ReturnType<typeof checkRules>) => found.filter((f) => f.rule === 'rule/measure').map((f) => f.severity);
    expect(severities(checkRules(slaOf(text), { asOf: AS_OF }))).toEqual(['error', 'warning']);
    expect(severities(checkRules(slaOf(text), { asOf: AS_OF }, { measure: 'warn' }))).toEqual(['warning', 'warning']);
    expect(severities(checkRules(slaOf(text), { asOf: AS_OF }, { measure: 'error' }))).toEqual(['error', 'error']);
  });

  it('leave the other rules alone', () => {
    const text = mutate('timezone: Europe/London', 'timezone: Europe/Londn');
    const found = checkRules(slaOf(text), afterReview, { 'review-overdue': 'off', measure: 'warn' });
    expect(found).toEqual([expect.objectContaining({ rule: 'rule/timezone', severity: 'error' })]);
  });
});
