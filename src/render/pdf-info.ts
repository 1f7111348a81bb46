// Post-processing of the PDF Chromium prints: set /Author and /Subject (Chromium sets only /Title)
// and, with SOURCE_DATE_EPOCH, fix /CreationDate and /ModDate so two renders are byte-identical.
// Chromium (Skia) writes a classic xref table and no /ID, so an incremental update is all it takes.
import { UserError } from '../runtime/io.js';
import { PDF_PRODUCER } from './generator-mark.js';

export interface PdfInfo {
  title: string;
  author: string;
  subject: string;
  keywords?: string;
  creator?: string;
}

/** 9999-12-31T23:59:59Z in seconds since 1970. */
export const LATEST_EPOCH = 253_402_300_799;

/** SOURCE_DATE_EPOCH (seconds since 1970, UTC) as a Date, or undefined when unset. */
export function sourceDateEpoch(env: Record<string, string | undefined>): Date | undefined {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === '') return undefined;
  if (!/^\d{1,12}$/.test(raw.trim())) throw new UserError(`SOURCE_DATE_EPOCH must be a whole number of seconds since 1970-01-01 UTC (got "${raw}")`);
  // A four-digit year, like every date sla writes: the PDF's dates are replaced in place, digit for digit.
  if (Number(raw.trim()) > LATEST_EPOCH) throw new UserError(`SOURCE_DATE_EPOCH=${raw.trim()} is after 9999-12-31T23:59:59Z; it must be seconds since 1970-01-01 UTC, at most ${LATEST_EPOCH}`);
  return new Date(Number(raw.trim()) * 1000);
}

/** D:YYYYMMDDHHmmSS+00'00', the form Skia writes, so a replacement keeps every byte offset. */
function pdfDate(date: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(date.getUTCFullYear(), 4)}${p(date.getUTCMonth() + 1)}${p(date.getUTCDate())}${p(date.getUTCHours())}${p(date.getUTCMinutes())}${p(date.getUTCSeconds())}+00'00'`;
}

/** A PDF text string as UTF-16BE hex with a byte-order mark: any characters, no escaping pitfalls. */
function pdfText(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

const latin1 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');

/**
 * Returns the PDF with a new document-information dictionary appended as an incremental update.
 * With `date`, the dates Chromium wrote are overwritten in place (same length) and the new
 * dictionary carries the same date, so the whole file depends only on its inputs.
 */
export function setPdfInfo(pdf: Uint8Array, info: PdfInfo, date?: Date): Uint8Array {
  const text = latin1(pdf);
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  const trailer = text.lastIndexOf('trailer');
  if (!startxref || trailer < 0) return pdf; // not the shape Chromium writes: leave it untouched
  const trailerDict = text.slice(trailer, startxref.index);
  const size = /\/Size\s+(\d+)/.exec(trailerDict);
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailerDict);
  if (!size || !root) return pdf;

  const body = Buffer.from(pdf);
  let created: string | undefined;
  const patch = (key: 'CreationDate' | 'ModDate') => {
    const re = new RegExp(`/${key}\\s*\\((D:[^)]*)\\)`, 'g');
    for (const m of text.matchAll(re)) {
      if (key === 'CreationDate') created ??= m[1];
      if (!date) continue;
      const replacement = pdfDate(date);
      if (replacement.length !== m[1]!.length) continue;
      body.write(replacement, m.index + m[0].indexOf('(') + 1, 'latin1');
    }
  };
  patch('CreationDate');
  patch('ModDate');

  const stamp = date ? pdfDate(date) : created;
  const obj = Number(size[1]);
  const entries = [
    `/Title ${pdfText(info.title)}`,
    `/Author ${pdfText(info.author)}`,
    `/Subject ${pdfText(info.subject)}`,
    ...(info.keywords ? [`/Keywords ${pdfText(info.keywords)}`] : []),
    `/Creator ${pdfText(info.creator ?? 'sla')}`,
    PDF_PRODUCER,
    ...(stamp ? [`/CreationDate (${stamp})`, `/ModDate (${stamp})`] : []),
  ];
  const start = body.length + 1; // after the newline below
  const object = `\n${obj} 0 obj\n<<${entries.join('\n')}>>\nendobj\n`;
  const xrefAt = body.length + Buffer.byteLength(object, 'latin1');
  const xref = `xref\n${obj} 1\n${String(start).padStart(10, '0')} 00000 n \ntrailer\n<</Size ${obj + 1}\n/Root ${root[1]}\n/Info ${obj} 0 R\n/Prev ${startxref[1]}>>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([body, Buffer.from(object + xref, 'latin1')]);
}

/**
 * Chromium names the structure elements a tagged PDF refers to by id (`/ID (node00000417)`, and
 * `/Headers [(node00000417)]` on table cells) from a counter of its renderer process, so the numbers
 * depend on what that renderer laid out before (the measuring print of the same document, another
 * document). Renumbered 1, 2, 3... in their own order, in place (same length: every byte offset
 * stays), the file depends only on the document. The order is kept, so a sorted /IDTree stays sorted.
 */
export function renumberNodeIds(pdf: Uint8Array): Uint8Array {
  const text = latin1(pdf);
  const ID = /\(node(\d{8})\)/g;
  const ids = [...new Set(Array.from(text.matchAll(ID), (m) => m[1]!))].sort();
  if (ids.length === 0) return pdf;
  const rank = new Map(ids.map((id, i) => [id, String(i + 1).padStart(8, '0')]));
  const body = Buffer.from(pdf);
  for (const m of text.matchAll(ID)) body.write(rank.get(m[1]!)!, m.index + 5, 'latin1');
  return body;
}
