// One agreement to text: view model through the template environment. No I/O.
import type { Sla } from '../core/model.js';
import type { PdfDocument, Paper } from './pdf.js';
import type { TemplateEnvironment } from './templates.js';
import { buildAgreementView } from './view-model.js';

/** Markdown or HTML of the agreement. `stylesheet` is inlined in the HTML (so the file stands alone). */
export function renderAgreement(sla: Sla, env: TemplateEnvironment, stylesheet: string, pages?: ReadonlyMap<string, number> | 'placeholder'): string {
  // "</style" inside the stylesheet would end the <style> element early.
  const context = { ...buildAgreementView(sla, pages), stylesheet: stylesheet.replace(/<\/style/gi, '<\\/style') };
  const out = env.render('agreement', context);
  return env.format === 'md' ? tidyMarkdown(out) : out;
}

/** Templates leave blank lines where optional parts are absent; Markdown needs at most one. */
export function tidyMarkdown(text: string): string {
  return text.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trim() + '\n';
}

/** What the PDF says about itself: title, author (the provider), subject, and the page header. */
export function pdfDocumentFor(sla: Sla, html: string, paper: Paper, date: Date | undefined): PdfDocument {
  const recipients = sla.parties.recipients.map((r) => r.name);
  return {
    html,
    paper,
    date,
    headerNote: `Version ${sla.version}`,
    info: {
      title: sla.title,
      author: sla.parties.provider.name,
      subject: `Service level agreement between ${sla.parties.provider.name} and ${recipients.join(', ')}, version ${sla.version}`,
      keywords: `SLA, ${sla.id}`,
    },
  };
}
