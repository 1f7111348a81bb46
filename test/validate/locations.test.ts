import { describe, expect, it } from 'vitest';
import { load, minimalText, mutate, positionOf } from './fixture.js';

describe('the minimal fixture', () => {
  it('is valid with no problems, so every case below tests one change', () => {
    const result = load(minimalText);
    expect(result.problems).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.sla?.id).toBe('minimal');
  });
});

describe('problems are located at the node they are about', () => {
  it('a wrong type points at the value and says what was found', () => {
    const text = mutate('target: 99.5', 'target: "99.5%"');
    const [p, ...rest] = load(text).problems;
    expect(rest).toEqual([]);
    expect(p).toMatchObject({ severity: 'error', rule: 'schema/type', path: '/metrics/0/objective/target', ...positionOf(text, '"99.5%"') });
    expect(p!.message).toBe('metrics[0].objective.target must be a number (got "99.5%")');
  });

  it('a missing property points at the key of the mapping that lacks it', () => {
    const text = mutate('    remedy: Write a plan.\n', '');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ rule: 'schema/required', path: '/consequences/0/remedy', ...positionOf(text, 'kpis: [uptime]') });
    expect(p!.message).toMatch(/^consequences\[0\] is missing the required key "remedy"/);
  });

  it('a missing section of a mapping value points at that mapping\'s key', () => {
    const text = mutate('    period: month\n', '');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ path: '/metrics/0/period', ...positionOf(text, 'id: uptime') });
  });

  it('a missing top-level key points at the start of the document', () => {
    const text = mutate('timezone: Europe/London\n', '');
    const problems = load(text).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ line: 1, column: 1, path: '/timezone' });
    expect(problems[0]!.message).toBe('the document is missing the required key "timezone" (time zone)');
  });

  it('an unknown key points at the key and suggests the likely intent', () => {
    const text = mutate('    period: month\n', '    period: month\n    perod: week\n');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ rule: 'schema/additionalProperties', path: '/metrics/0/perod', ...positionOf(text, 'perod') });
    expect(p!.message).toBe('unknown key "perod" in metrics[0]; did you mean "period"?');
  });

  it('an unknown key with no near match lists the allowed keys', () => {
    const text = mutate('status: active\n', 'status: active\nowner: somebody\n');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ ...positionOf(text, 'owner:') });
    expect(p!.message).toMatch(/^unknown key "owner" at the top level; allowed keys: sla, id, title/);
  });

  it('a value outside an enumeration points at the value and lists the choices', () => {
    const text = mutate('period: month', 'period: fortnight');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ rule: 'schema/enum', ...positionOf(text, 'fortnight') });
    expect(p!.message).toBe('metrics[0].period must be one of "day", "week", "month", "quarter", "all" (got "fortnight")');
  });

  it('a badly written date explains the expected form', () => {
    const text = mutate('effective: 2026-01-01', 'effective: 1/1/2026');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ rule: 'schema/pattern', ...positionOf(text, '1/1/2026') });
    expect(p!.message).toBe('effective must be a date written YYYY-MM-DD (got "1/1/2026")');
  });

  it('an element of a list is located by its index', () => {
    const text = mutate('days: [mon, tue, wed, thu, fri]', 'days: [mon, tue, wed, thu, fry]');
    const [p] = load(text).problems;
    expect(p).toMatchObject({ path: '/scope/coverage/days/4', ...positionOf(text, 'fry') });
  });

  it('a YAML syntax error is located where the parser stopped', () => {
    const text = mutate('  included: [Everything in the summary]', '  included: [Everything in the summary');
    const problems = load(text).problems;
    expect(problems[0]!.rule).toBe('yaml/syntax');
    expect(problems[0]!.line).toBeGreaterThanOrEqual(positionOf(text, 'included').line);
    expect(problems[0]!.line).toBeLessThanOrEqual(positionOf(text, 'included').line + 1);
  });

  it('a duplicate key is an error at the second occurrence', () => {
    const text = mutate('title: Minimal agreement\n', 'title: Minimal agreement\ntitle: Again\n');
    const problems = load(text).problems;
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ rule: 'yaml/duplicate-key', ...positionOf(text, 'title: Again') });
  });

  it('a tab used for indentation is a syntax error on its line', () => {
    const text = mutate('  summary: A small service.', '\tsummary: A small service.');
    const problems = load(text).problems;
    expect(problems[0]!.severity).toBe('error');
    expect(problems[0]!.line).toBe(positionOf(text, '\tsummary').line);
  });

  it('an empty file, a list and a scalar are refused with a plain message', () => {
    expect(load('').problems[0]).toMatchObject({ rule: 'yaml/empty', line: 1 });
    expect(load('# only a comment\n').problems[0]).toMatchObject({ rule: 'yaml/empty' });
    expect(load('- a\n- b\n').problems[0]!.message).toMatch(/must be a mapping.*not a list/);
    expect(load('hello\n').problems[0]!.message).toMatch(/not a single value/);
  });

  it('two documents in one file are refused at the second', () => {
    const text = `${minimalText}---\nsla: 1\n`;
    const [p] = load(text).problems;
    expect(p).toMatchObject({ rule: 'yaml/multiple-documents', line: positionOf(text, '---').line });
  });

  it('alias expansion bombs are refused', () => {
    const lol = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lol.push(`${'b'.repeat(i)}: &${'b'.repeat(i)} [${Array(9).fill(i === 1 ? '*a' : `*${'b'.repeat(i - 1)}`).join(',')}]`);
    const started = Date.now();
    const [p] = load(lol.join('\n') + '\n').problems;
    expect(p!.rule).toBe('yaml/aliases');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('several problems are reported together, in file order', () => {
    const text = mutate('target: 99.5', 'target: high', mutate('status: active', 'status: live'));
    const problems = load(text).problems;
    expect(problems.map((p) => p.path)).toEqual(['/status', '/metrics/0/objective/target']);
    expect(problems[0]!.line).toBeLessThan(problems[1]!.line);
  });
});
