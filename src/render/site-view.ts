// The words and links of the site's index and teams pages, from the catalog model. Pure: the
// command decides which files exist (PDFs, reports) and passes their relative links in.
import type { Catalog, CatalogRow } from '../core/catalog/catalog.js';
import { money } from '../formatters/money.js';

export interface SiteLinks {
  /** Relative links from the site's root, per agreement id. */
  page: (id: string) => string;
  pdf: (id: string) => string | undefined;
  report: (id: string) => string | undefined;
}

export const teamAnchor = (id: string) => `team-${id}`;

function verdictText(row: CatalogRow): { text: string; key: string } {
  switch (row.verdict.kind) {
    case 'met': return { text: 'met', key: 'met' };
    case 'breached': return { text: `breached (${row.verdict.count} ${row.verdict.count === 1 ? 'KPI' : 'KPIs'})`, key: 'breached' };
    case 'no-data': return { text: 'no data', key: 'no-data' };
    case 'not-measured': return { text: 'not measured', key: 'not-measured' };
  }
}

function creditsText(row: CatalogRow): string {
  const due: string[] = row.credits.filter((c) => c.amount > 0).map((c) => money(c.amount, c.currency));
  // A credit to a recipient without a charge is a share of a charge nobody stated: counted, not summed.
  if (row.creditPercentLines > 0) due.push(`${row.creditPercentLines} ${row.creditPercentLines === 1 ? 'credit' : 'credits'} as a percentage (no charge stated)`);
  if (due.length > 0) return due.join(' and ');
  return row.verdict.kind === 'not-measured' ? '—' : 'none';
}

export function buildSiteView(catalog: Catalog, links: SiteLinks) {
  const rows = catalog.rows.map((row) => {
    const verdict = verdictText(row);
    return {
      ...row,
      href: links.page(row.id),
      pdf: links.pdf(row.id),
      report: links.report(row.id),
      providerHref: `teams.html#${teamAnchor(row.provider.id)}`,
      recipientsList: row.recipients.map((r) => ({ ...r, href: `teams.html#${teamAnchor(r.id)}` })),
      termText: `${row.term.start} – ${row.term.end ?? 'open-ended'}`,
      endText: row.daysToEnd === null ? '' : row.daysToEnd < 0 ? `ended ${-row.daysToEnd} days ago` : row.daysToEnd === 0 ? 'ends today' : `ends in ${row.daysToEnd} days`,
      // Sort keys: dates sort as text; an open end sorts last.
      endKey: row.term.end ?? '9999-12-31',
      overdueText: row.reviewOverdueDays > 0 ? `overdue by ${row.reviewOverdueDays} ${row.reviewOverdueDays === 1 ? 'day' : 'days'}` : '',
      verdictText: verdict.text,
      verdictKey: verdict.key,
      creditsText: creditsText(row),
      search: [row.title, row.id, row.provider.name, ...row.recipients.map((r) => r.name), row.status, verdict.text].join(' ').toLowerCase(),
    };
  });
  const titles = new Map(catalog.rows.map((r) => [r.id, r.title]));
  const agreementList = (ids: string[]) => ids.map((id) => ({ id, title: titles.get(id) ?? id, href: links.page(id) }));
  const teams = catalog.teams.map((t) => ({ ...t, anchor: teamAnchor(t.id), providesList: agreementList(t.provides), receivesList: agreementList(t.receives) }));
  return {
    asOf: catalog.asOf,
    rows,
    teams,
    counts: {
      agreements: rows.length,
      teams: teams.length,
      endingSoon: rows.filter((r) => r.endingSoon).length,
      overdue: rows.filter((r) => r.reviewOverdueDays > 0).length,
      breached: rows.filter((r) => r.verdict.kind === 'breached').length,
    },
  };
}
