import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { pointerSegments, type Problem } from '../problems.js';

/** A parsed YAML file that still knows where every node came from. */
export interface YamlSource {
  document: Document.Parsed | undefined;
  lineCounter: LineCounter;
  /** Syntax problems; when any is an error, `data` is undefined. */
  problems: Problem[];
  data: unknown;
}

// Aliases expand on conversion to JS; a low ceiling refuses "billion laughs" documents quickly.
const MAX_ALIAS_COUNT = 100;

export function parseYaml(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true, resolveKnownTags: false });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0 || (list.length === 1 && list[0]!.contents === null)) {
    problems.push({ severity: 'error', line: 1, column: 1, path: '', rule: 'yaml/empty', message: 'the file is empty: an SLA is a YAML mapping that starts with "sla: 1"' });
    return { document: list[0], lineCounter, problems, data: undefined };
  }
  if (list.length > 1) {
    const second = list[1]!;
    problems.push({ severity: 'error', ...at(second.range[0]), path: '', rule: 'yaml/multiple-documents', message: 'the file holds more than one YAML document: keep one agreement per file' });
  }
  const document = list[0]!;
  for (const err of document.errors) {
    const { line, column } = at(err.pos[0]);
    problems.push({ severity: 'error', line, column, path: '', rule: err.code === 'DUPLICATE_KEY' ? 'yaml/duplicate-key' : 'yaml/syntax', message: yamlMessage(err.code, err.message) });
  }
  for (const warn of document.warnings) {
    const { line, column } = at(warn.pos[0]);
    // An unknown tag would silently turn into a plain string; an agreement has no use for tags.
    if (warn.code === 'TAG_RESOLVE_FAILED') problems.push({ severity: 'error', line, column, path: '', rule: 'yaml/tag', message: `YAML tags are not supported in an SLA (${warn.message.split('\n')[0]!.replace(/^Unresolved tag: /, '')}): write the plain value` });
    else problems.push({ severity: 'warning', line, column, path: '', rule: 'yaml/warning', message: yamlMessage(warn.code, warn.message) });
  }
  if (problems.some((p) => p.severity === 'error')) return { document, lineCounter, problems, data: undefined };
  let data: unknown;
  try {
    data = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const bomb = /excessive alias count/i.test(message);
    problems.push({
      severity: 'error', line: 1, column: 1, path: '', rule: bomb ? 'yaml/aliases' : 'yaml/syntax',
      message: bomb ? 'too many alias expansions: the document expands into an excessive size, refusing it' : `cannot read the YAML: ${message.split('\n')[0]}`,
    });
    return { document, lineCounter, problems, data: undefined };
  }
  return { document, lineCounter, problems, data };
}

/** The yaml library's messages end with a context excerpt over several lines; keep the first sentence. */
function yamlMessage(code: string, message: string): string {
  if (/call stack/i.test(message)) return 'the document nests too deeply to be an SLA';
  const first = message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '').trim();
  if (code === 'DUPLICATE_KEY') return `duplicate key: ${first.replace(/^Map keys must be unique;?\s*/i, '') || 'map keys must be unique'}`.replace(/: $/, '');
  if (code === 'TAB_AS_INDENT') return 'tabs are not allowed for indentation in YAML: indent with spaces';
  return first.charAt(0).toLowerCase() + first.slice(1);
}

export type LocateMode = 'value' | 'key' | 'parent';

/**
 * Finds the YAML node closest to a JSON pointer and returns its position. `key` points at the
 * key of the last segment (an unknown key), `parent` at the key that holds a mapping (a missing
 * property is reported where its mapping starts), `value` at the value itself.
 */
export function locate(source: YamlSource, pointer: string, mode: LocateMode = 'value'): { line: number; column: number } {
  const segments = pointerSegments(pointer);
  let node: Node | null | undefined = source.document?.contents as Node | null | undefined;
  let holder: Pair | undefined; // the pair whose value is `node`, so we can point at its key
  let best: { line: number; column: number } = { line: 1, column: 1 };
  const pos = (n: { range?: [number, number, number] | null } | null | undefined) => {
    if (!n?.range) return undefined;
    const p = source.lineCounter.linePos(n.range[0]);
    return { line: p.line, column: p.col };
  };
  if (node) best = pos(node) ?? best;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    const last = i === segments.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) ? String(p.key.value) === seg : false);
      if (!pair) return best;
      if (last && mode === 'key') return pos(pair.key as Node) ?? best;
      holder = pair;
      node = pair.value as Node | null;
      best = pos(node) ?? pos(pair.key as Node) ?? best;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)] as Node | undefined;
      if (!item) return best;
      holder = undefined;
      node = item;
      best = pos(item) ?? best;
    } else {
      return best;
    }
  }
  if (mode === 'parent' && holder && isPair(holder)) return pos(holder.key as Node) ?? best;
  return best;
}
