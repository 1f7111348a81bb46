import { plural } from '../../core/text.js';
import { printable as p } from '../text.js';
import { xmlEscape } from '../xml.js';
import { creditLineText, creditsByRecipient } from './credits.js';
import type { CheckFormatter } from './types.js';
import { isMissing } from '../../core/check/verdict.js';
import { actualText, failing, noticeLines, periodText, targetText } from './values.js';

/**
 * JUnit XML: a test case per KPI and period, failed when breached (or without data, unless allowed).
 * Text from the agreement goes through `p` (printable): the bodies are line-based, and XML would drop an ESC.
 */
export const junit: CheckFormatter = (result, { allowMissing }) => {
  const failures = result.results.filter((r) => failing(r, allowMissing)).length;
  const skipped = result.results.filter((r) => isMissing(r.status) && allowMissing).length;
  const name = xmlEscape(`sla check ${p(result.sla)}`);
  const counts = `tests="${result.results.length}" failures="${failures}" skipped="${skipped}"`;
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="${name}" ${counts}>`, `  <testsuite name="${name}" ${counts}>`];
  for (const r of result.results) {
    const open = `    <testcase classname="sla.check.${xmlEscape(p(r.kpi))}" name="${xmlEscape(p(`${r.kpi} ${periodText(r)}`))}"`;
    const stillOpen = r.open > 0 ? `      <system-out>${xmlEscape(`${plural(r.open, 'row')} still open at the end of the data, not counted yet`)}</system-out>` : undefined;
    if (r.status === 'met') {
      out.push(stillOpen ? `${open}>\n${stillOpen}\n    </testcase>` : `${open}/>`);
      continue;
    }
    out.push(`${open}>`);
    if (stillOpen) out.push(stillOpen);
    if (r.status === 'breached') {
      const message = `${actualText(r)}, target ${targetText(r)}`;
      const body = [`${p(r.name)}: ${message} over ${r.samples} rows`, ...r.consequences.map((c) => `Remedy: ${p(c.remedy)}\nEscalation: ${p(c.escalation)}${c.credit === null ? '' : `\nCredit: ${c.credit} %${c.cap !== undefined && c.credit > c.cap ? ` (capped at ${c.cap} %)` : ''}`}`)].join('\n');
      out.push(`      <failure message="${xmlEscape(message)}" type="breached">${xmlEscape(body)}</failure>`);
    } else if (r.status === 'insufficient-data') {
      const message = `too few samples (${r.samples}, at least ${r.minSamples ?? '?'} needed)`;
      out.push(allowMissing ? `      <skipped message="${xmlEscape(message)}"/>` : `      <failure message="${xmlEscape(message)}" type="insufficient-data">${xmlEscape(`${p(r.name)}: ${message} in ${periodText(r)}`)}</failure>`);
    } else if (allowMissing) out.push(`      <skipped message="no data"/>`);
    else out.push(`      <failure message="no data" type="no-data">${xmlEscape(`${p(r.name)}: no rows in ${periodText(r)}`)}</failure>`);
    out.push('    </testcase>');
  }
  // Notices (a draft, rows outside the term, partial periods) and service credits after the test cases, where the JUnit schema has system-out.
  const notices = noticeLines(result).map(p);
  const credits = creditsByRecipient(result).map((g) => [`Service credits for ${p(g.name)}:`, ...g.lines.map((c) => `  ${c.period}: ${p(creditLineText(c))}`), g.total === null ? '  no charge stated, no total' : `  total ${g.total}`].join('\n'));
  const systemOut = [...notices, ...credits];
  if (systemOut.length > 0) out.push(`    <system-out>${xmlEscape(systemOut.join('\n'))}</system-out>`);
  out.push('  </testsuite>', '</testsuites>');
  return out.join('\n') + '\n';
};
