import { mdCell, printable } from '../text.js';
import { amountText, chargeBasisText, creditPercentText, creditsByRecipient, CREDITS_NOTE } from './credits.js';
import type { CheckFormatter } from './types.js';
import { actualText, budgetText, creditText, failing, marginText, noticeLines, openText, periodText, statusText, summaryText, targetText } from './values.js';


/** Text as a code span: backslashes are literal there, so a fence longer than any run of backticks inside keeps it closed. */
function codeSpan(text: string): string {
  const t = printable(text);
  const fence = '`'.repeat((t.match(/`+/g) ?? []).reduce((n, run) => Math.max(n, run.length), 0) + 1);
  const pad = t.startsWith('`') || t.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

/** A report for a pull-request comment or a monthly report: a table, the consequences, skipped rows. */
export const markdown: CheckFormatter = (result, { allowMissing, title, csvFile }) => {
  const fails = result.results.some((r) => failing(r, allowMissing));
  const out: string[] = [];
  out.push(`## ${fails ? '✖' : '✔'} SLA check: ${mdCell(title)} — ${result.status === 'no-data' ? 'no data' : result.status}`, '');
  out.push(`${codeSpan(result.sla)} against ${codeSpan(csvFile)}, ${result.from === null ? 'no data' : `${result.from} to ${result.to}`}.`, '');
  for (const n of noticeLines(result)) out.push(`> ${mdCell(n)}`, '');
  out.push('| KPI | Period | Actual | Target | Margin | Budget used | Status |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const r of result.results) {
    const status = r.status === 'met' ? statusText(r.status) : `**${statusText(r.status)}**`;
    out.push(`| ${mdCell(r.name)} | ${mdCell(periodText(r))} | ${mdCell(actualText(r))} | ${mdCell(targetText(r))} | ${mdCell(marginText(r))} | ${budgetText(r)} | ${status} |`);
  }
  const open = openText(result.results);
  if (open) out.push('', `Open at the end of the data, within target so far and not counted: ${mdCell(open)}.`);
  const breaches = result.results.filter((r) => r.status === 'breached' && r.consequences.length > 0);
  if (breaches.length > 0) {
    out.push('', '### Consequences triggered', '');
    for (const r of breaches) {
      for (const c of r.consequences) {
        const credit = creditText(c);
        out.push(`- **${mdCell(r.name)}**, ${mdCell(periodText(r))} (${mdCell(actualText(r))} against ${mdCell(targetText(r))})${credit ? `: **${credit}**` : ''}.`);
        out.push(`  Remedy: ${mdCell(c.remedy)}`, `  Escalation: ${mdCell(c.escalation)}`);
      }
    }
  }
  const credits = creditsByRecipient(result);
  if (credits.length > 0) {
    out.push('', '### Service credits', '', `Per recipient and period, ${CREDITS_NOTE}.`, '', '| Recipient | Period | Credit | Of the charge | Amount | KPIs |', '| --- | --- | ---: | --- | ---: | --- |');
    for (const g of credits) {
      for (const c of g.lines) out.push(`| ${mdCell(g.name)} | ${c.period} | ${mdCell(creditPercentText(c))} | ${mdCell(chargeBasisText(c) ?? 'no charge stated')} | ${amountText(c) || '—'} | ${mdCell(c.kpis.join(', '))} |`);
      out.push(`| **${mdCell(g.name)}: total** | | | | ${g.total === null ? '— (no charge stated)' : `**${g.total}**`} | |`);
    }
  }
  if (result.skipped.length > 0) {
    out.push('', `### Skipped rows (${result.skipped.length})`, '', '| Row | Column | Reason |', '| ---: | --- | --- |');
    for (const s of result.skipped) out.push(`| ${s.row} | ${mdCell(s.column)} | ${mdCell(s.reason)} |`);
  }
  out.push('', `${summaryText(result.results, allowMissing)}.`);
  return out.join('\n') + '\n';
};
