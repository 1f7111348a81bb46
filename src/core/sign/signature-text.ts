// Writes one signature into the agreement's YAML text. The Document API finds where the signatory
// stands; the signature is then spliced into the text, so every byte outside it stays as it was
// (re-printing the whole document would tidy comments and spacing the user chose).
import { isMap, isScalar, isSeq, parseDocument, type Node, type Pair } from 'yaml';

export interface SignatureRecord {
  date: string;
  version: string;
  fingerprint: string;
}

/** `{ date: 2026-03-02, version: "1.1", fingerprint: sha256:… }`: a flow mapping reads well in block and flow lists alike. */
export function signatureYaml(record: SignatureRecord): string {
  // The version is quoted (JSON is valid YAML): 1.10 written plain would read back as the number 1.1.
  return `{ date: ${record.date}, version: ${JSON.stringify(record.version)}, fingerprint: ${record.fingerprint} }`;
}

/**
 * The text with signatory `index`'s `signed` set to `record`, or undefined when the signatory is not
 * written as a plain mapping in the text (an alias, say), where a splice could not be trusted.
 */
export function withSignature(text: string, index: number, record: SignatureRecord): string | undefined {
  const doc = parseDocument(text, { uniqueKeys: false, resolveKnownTags: false });
  const list = doc.getIn(['parties', 'signatories'], true);
  if (!isSeq(list)) return undefined;
  const item = list.items[index];
  if (!isMap(item) || item.items.length === 0 || !item.range) return undefined;
  const value = signatureYaml(record);
  const pairs = item.items as Pair<Node, Node | null>[];
  const existing = pairs.find((p) => isScalar(p.key) && p.key.value === 'signed');
  if (existing) {
    const key = existing.key;
    const old = existing.value;
    if (!key.range) return undefined;
    // Replace from the end of the key (`signed`) to the end of the old value: `: { … }` either way.
    const end = old?.range ? old.range[1] : key.range[1];
    const colon = text.indexOf(':', key.range[1]);
    if (colon < 0 || colon >= Math.max(end, key.range[1] + 1)) return undefined;
    return text.slice(0, key.range[1]) + ': ' + value + text.slice(trimEnd(text, end));
  }
  const last = pairs[pairs.length - 1]!;
  const lastEnd = (last.value ?? last.key).range?.[1];
  if (lastEnd === undefined) return undefined;
  const valueEnd = trimEnd(text, lastEnd);
  if (item.flow) return text.slice(0, valueEnd) + `, signed: ${value}` + text.slice(valueEnd);
  // A block mapping: a new line at the indentation of its first key, after the last key's line
  // (so a comment at the end of that line stays where it is).
  const firstKey = pairs[0]!.key.range?.[0];
  if (firstKey === undefined) return undefined;
  const indent = firstKey - text.lastIndexOf('\n', firstKey - 1) - 1;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let lineEnd = text.indexOf('\n', valueEnd);
  if (lineEnd < 0) lineEnd = text.length;
  else if (text[lineEnd - 1] === '\r') lineEnd--;
  return text.slice(0, lineEnd) + eol + ' '.repeat(indent) + `signed: ${value}` + text.slice(lineEnd);
}

/** Node ranges can run over trailing spaces and line breaks; splices go before them. */
function trimEnd(text: string, end: number): number {
  let i = end;
  while (i > 0 && /[ \t\r\n]/.test(text[i - 1]!)) i--;
  return i;
}
