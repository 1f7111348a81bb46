import { printable } from '../core/printable.js';
import { breakAutolinks } from '../formatters/text.js';

/**
 * Escapes text for GitHub-flavoured Markdown so it reads as the same text wherever a template puts
 * it: in a paragraph, a list item, a heading or a table cell. Handlebars' HTML escaping is wrong
 * here: it leaves `&amp;` noise in the source and does not stop `|` from splitting a table row.
 *
 * - Characters with inline meaning (emphasis, code, links, HTML, tables, strikethrough, math) are
 *   backslash-escaped; `&` only where it would start an entity, so "R&D" stays readable.
 * - Characters that matter only at the start of a line (headings, quotes, lists, setext
 *   underlines) are escaped at the start of each line.
 * - Line breaks become `<br>`, which GitHub renders in paragraphs and table cells alike, so a
 *   value can never end a table row or start a new block.
 * - What GFM would autolink is broken up: `:` before `//` (https://...), the `.` after `www`, and
 *   every `@` (an e-mail address) are backslash-escaped, which renders as the same characters but
 *   no longer matches an autolink (cmark-gfm, and markdown-it's linkify since escapes are their
 *   own tokens), so a field cannot add a link.
 * - Other control characters (ESC, C1, bidi overrides) are shown as escapes (`printable`), as in
 *   every terminal output: a rendered agreement goes to standard output by default.
 */
export function escapeMarkdown(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Handlebars' SafeString (and anything else that says it is markup already) passes through.
  if (typeof value === 'object' && typeof (value as { toHTML?: unknown }).toHTML === 'function') return String((value as { toHTML: () => unknown }).toHTML());
  const text = String(value).replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  const lines = text.split('\n').map((line) => escapeLine(printable(line.trim())));
  // Collapse runs of blank lines to one paragraph break and drop leading/trailing ones.
  const out: string[] = [];
  for (const line of lines) {
    if (line === '' && (out.length === 0 || out[out.length - 1] === '')) continue;
    out.push(line);
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  // A blank line between paragraphs reads as two breaks: "a<br><br>b".
  return out.join('<br>');
}

const INLINE = /[\\`*_[\]<>|~$#@]/g;
const ENTITY = /&(?=#?[A-Za-z0-9]+;)/g;

function escapeLine(line: string): string {
  let s = breakAutolinks(line.replace(INLINE, '\\$&').replace(ENTITY, '\\&'));
  // Block starters that the inline pass leaves alone: list markers, setext underlines, ordered lists.
  s = s.replace(/^([-+=])/, '\\$1').replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return s;
}
