import { printable as p } from '../text.js';
import { creditLineText, creditsByRecipient, CREDITS_NOTE } from './credits.js';
import type { CheckFormatter } from './types.js';
import { actualText, budgetText, creditText, failing, marginText, noticeLines, openText, periodText, statusText, summaryText, targetText } from './values.js';

const MAX_SKIPPED_SHOWN = 20;

/**
 * What people read in a terminal: a row per KPI and period, the consequences triggered, a summary.
 * Every text from the agreement or the CSV goes through `p` (printable) before it is coloured.
 */
export const table: CheckFormatter = (result, { color, allowMissing, title, csvFile }) => {
  const out: string[] = [];
  const range = result.from === null ? 'no data' : `${result.from} – ${result.to}`;
  out.push(color.bold(p(title)) + color.dim(`  ${p(result.sla)} · ${p(csvFile)} · ${range}`), '');
  const notices = noticeLines(result);
  if (notices.length > 0) out.push(...notices.map((n) => color.yellow(p(n))), '');
  const head = ['KPI', 'Period', 'Actual', 'Target', 'Margin', 'Budget used', 'Status'];
  const rows = result.results.map((r) => [p(r.kpi), p(periodText(r)), actualText(r), targetText(r), marginText(r), budgetText(r), statusText(r.status)]);
  // Loops, not Math.max(...rows): one argument per period overflows the stack on a long range.
  const widths = head.map((h) => h.length);
  for (const row of rows) row.forEach((c, i) => { if (c.length > widths[i]!) widths[i] = c.length; });
  const right = new Set([2, 4, 5]);
  const line = (cells: string[]) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  out.push(color.dim(line(head)));
  result.results.forEach((r, i) => {
    const text = line(rows[i]!);
    out.push(r.status === 'met' ? text.replace(/✔ met$/, color.green('✔ met')) : r.status === 'breached' ? color.red(text) : failing(r, allowMissing) ? color.yellow(text) : color.dim(text));
  });
  const open = openText(result.results);
  if (open) out.push('', color.dim(`Open at the end of the data, within target so far and not counted: ${p(open)}`));
  const breaches = result.results.filter((r) => r.status === 'breached' && r.consequences.length > 0);
  if (breaches.length > 0) {
    out.push('', color.bold('Consequences triggered'));
    for (const r of breaches) {
      for (const c of r.consequences) {
        const credit = creditText(c);
        out.push(`  ${color.red('✖')} ${p(r.kpi)} ${p(periodText(r))} (${actualText(r)} against ${targetText(r)})${credit ? ': ' + color.bold(credit) : ''}`);
        out.push(`    Remedy: ${p(c.remedy)}`, `    Escalation: ${p(c.escalation)}`);
      }
    }
  }
  const credits = creditsByRecipient(result);
  if (credits.length > 0) {
    out.push('', color.bold('Service credits') + color.dim(` (per recipient and period, ${CREDITS_NOTE})`));
    for (const g of credits) {
      out.push(`  ${p(g.name)}`);
      const width = g.lines.reduce((w, c) => Math.max(w, p(c.period).length), 0);
      for (const c of g.lines) out.push(`    ${p(c.period).padEnd(width)}  ${p(creditLineText(c))}`);
      out.push(g.total === null ? color.dim(`    no charge stated: no total (percentages of different periods do not add up)`) : color.bold(`    Total ${g.total}`));
    }
  }
  if (result.skipped.length > 0) {
    out.push('', color.bold(`Skipped rows (${result.skipped.length})`));
    for (const s of result.skipped.slice(0, MAX_SKIPPED_SHOWN)) out.push(`  row ${s.row}${s.column ? `, column "${p(s.column)}"` : ''}: ${p(s.reason)}`);
    if (result.skipped.length > MAX_SKIPPED_SHOWN) out.push(color.dim(`  … and ${result.skipped.length - MAX_SKIPPED_SHOWN} more (--format json lists them all)`));
  }
  const summary = summaryText(result.results, allowMissing);
  const fails = result.results.some((r) => failing(r, allowMissing));
  out.push('', fails ? color.red.bold(`✖ ${summary}`) : color.green.bold(`✔ ${summary}`));
  return out.join('\n') + '\n';
};
