import { printable } from '../text.js';
import { xmlEscape } from '../xml.js';
import type { ValidationFormatter } from './types.js';

/**
 * JUnit XML, a test case per file, so CI dashboards show each agreement as passed or failed. A
 * problem is one line of the body: its text goes through `printable`, so a line break in a file
 * name or a YAML value cannot forge another, and an ESC shows as `\x1b` where XML would drop it.
 */
export const junit: ValidationFormatter = (result, { strict }) => {
  const failing = (problems: { severity: string }[]) => problems.some((p) => p.severity === 'error' || strict);
  const failures = result.files.filter((f) => failing(f.problems)).length;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="sla validate" tests="${result.files.length}" failures="${failures}">`, `  <testsuite name="sla validate" tests="${result.files.length}" failures="${failures}">`];
  for (const f of result.files) {
    const name = xmlEscape(printable(f.file));
    if (f.problems.length === 0) {
      out.push(`    <testcase classname="sla.validate" name="${name}"/>`);
      continue;
    }
    const body = f.problems.map((p) => `${printable(f.file)}:${p.line}:${p.column} ${p.severity} ${printable(p.message)} (${printable(p.rule)})`).join('\n');
    const tag = failing(f.problems) ? 'failure' : 'system-out';
    const counts = `${f.problems.filter((p) => p.severity === 'error').length} errors, ${f.problems.filter((p) => p.severity === 'warning').length} warnings`;
    out.push(`    <testcase classname="sla.validate" name="${name}">`);
    out.push(tag === 'failure' ? `      <failure message="${xmlEscape(counts)}" type="invalid">${xmlEscape(body)}</failure>` : `      <system-out>${xmlEscape(body)}</system-out>`);
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
};
