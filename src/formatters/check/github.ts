import { plural } from '../../core/text.js';
import { escapeGithubData as escapeData, escapeGithubProperty as escapeProperty } from '../text.js';
import { creditLineText, creditsByRecipient } from './credits.js';
import type { CheckFormatter } from './types.js';
import { actualText, creditText, failing, noticeLines, periodText, targetText } from './values.js';

/** GitHub Actions annotations: an error per breach (a warning per period without data), on the KPI's line. */
export const github: CheckFormatter = (result, { allowMissing, slaFile, kpiLine }) => {
  const lines: string[] = noticeLines(result).map((n) => `::notice file=${escapeProperty(slaFile)},title=${escapeProperty('SLA check')}::${escapeData(n)}`);
  for (const r of result.results) {
    if (r.status === 'met') continue;
    const level = failing(r, allowMissing) && r.status === 'breached' ? 'error' : 'warning';
    const line = kpiLine?.(r.kpi);
    const where = `file=${escapeProperty(slaFile)}${line ? `,line=${line}` : ''}`;
    const credits = r.consequences.map(creditText).filter(Boolean);
    const period = periodText(r);
    const message = r.status === 'breached'
      ? `${r.name}: ${actualText(r)} in ${period}, target ${targetText(r)}${credits.length ? ` (${credits.join(', ')})` : ''}`
      : r.status === 'insufficient-data'
        ? `${r.name}: too few samples in ${period} (${r.samples}, at least ${r.minSamples ?? '?'} needed)`
        : `${r.name}: no data in ${period}`;
    const what = r.status === 'breached' ? 'breached' : r.status === 'insufficient-data' ? 'too few samples' : 'no data';
    lines.push(`::${level} ${where},title=${escapeProperty(`SLA ${r.kpi} ${what}`)}::${escapeData(message)}`);
  }
  // Tickets still open are neither met nor missed yet: a notice, so nobody mistakes them for counted.
  for (const r of result.results) {
    if (!(r.open > 0)) continue;
    const line = kpiLine?.(r.kpi);
    lines.push(`::notice file=${escapeProperty(slaFile)}${line ? `,line=${line}` : ''},title=${escapeProperty(`SLA ${r.kpi} open`)}::${escapeData(`${r.name}: ${plural(r.open, 'row')} still open in ${periodText(r)}, not counted yet`)}`);
  }
  // Service credits: a notice per recipient, each period on its own, the total only in money.
  for (const g of creditsByRecipient(result)) {
    const periods = g.lines.map((c) => `${c.period}: ${creditLineText(c)}`).join('; ');
    lines.push(`::notice title=${escapeProperty(`SLA credits for ${g.name}`)}::${escapeData(`${periods}${g.total === null ? '' : `; total ${g.total}`}`)}`);
  }
  for (const s of result.skipped) lines.push(`::warning title=Skipped row::${escapeData(`row ${s.row}${s.column ? `, column "${s.column}"` : ''}: ${s.reason}`)}`);
  return lines.length ? lines.join('\n') + '\n' : '';
};
