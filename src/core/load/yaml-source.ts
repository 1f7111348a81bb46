import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import { pointerSegments, type Problem } from '../problems.js';
import { groupDigits } from '../text.js';
import { MAX_SLA_NUMBER, readPlainYaml } from './plain-yaml.js';

export { MAX_SLA_NUMBER };

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

/**
 * An SLA has a few hundred YAML nodes (the examples in examples/ have 380 to 473); the yaml library takes
 * tens of microseconds and hundreds of bytes per node, so an 8 MB list of a million items took minutes
 * and gigabytes. The bound counts every node an alias repeats, as the checks after loading see them.
 */
export const MAX_YAML_NODES = 20_000;

export function parseYaml(text: string): YamlSource {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  // YAML counts a lone CR (old Mac line ends) as a line break; the yaml library does not. One character
  // for one keeps every offset, so positions stay those of the file.
  if (text.includes('\r')) text = text.replace(/\r(?!\n)/g, '\n');
  const tooBig = preScan(text);
  if (tooBig >= 0) {
    // Nothing is parsed yet, so the line counter is empty: count the lines up to the offset.
    let line = 1;
    let lineStart = 0;
    for (let i = text.indexOf('\n'); i >= 0 && i < tooBig; i = text.indexOf('\n', i + 1)) {
      line++;
      lineStart = i + 1;
    }
    const problems: Problem[] = [{ severity: 'error', line, column: tooBig - lineStart + 1, path: '', rule: 'yaml/size', message: tooManyNodes }];
    return { document: undefined, lineCounter: new LineCounter(), problems, data: undefined };
  }
  // Most agreements are plain YAML that a quick reader takes as the library would, with no problem:
  // the library's document (for locations) is then built only if a finding asks where it is.
  const plain = readPlainYaml(text);
  if (plain !== undefined) return lazySource(text, plain);
  return parseFully(text);
}

/** The source of a file the quick reader took: data now, the document and line counter on first use. */
function lazySource(text: string, data: unknown): YamlSource {
  let full: YamlSource | undefined;
  const get = () => (full ??= parseFully(text));
  return {
    problems: [],
    data,
    get document() {
      return get().document;
    },
    get lineCounter() {
      return get().lineCounter;
    },
  };
}

/** The yaml library's parse, with every check; `text` is already normalised and bounded (exported for the quick reader's tests). */
export function parseFully(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const problems: Problem[] = [];
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  // Duplicate keys are checked in checkNodes (the library's check is quadratic and misses aliases and 1 vs "1").
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: false, prettyErrors: false, strict: true, resolveKnownTags: false });
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
  problems.push(...checkNodes(document, at));
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

// groupDigits, not toLocaleString: this runs when the module loads, and Intl's first use is slow.
const tooManyNodes = `the document has more than ${groupDigits(MAX_YAML_NODES)} YAML nodes (items, keys and values, an alias counting as the nodes it repeats); an SLA has a few hundred: remove the repetition or split the file`;

/**
 * A cheap bound before the yaml library builds anything: every node but the root follows one of
 * "," "[" "{" ":" or a "-" / "?" before a space or line end, so counting those characters anywhere
 * (quotes and comments included, which can only count too many) bounds the nodes the parser makes.
 * Returns the offset where the count passes the bound, or -1. (Also bounds `sla import`'s OpenSLO files.)
 */
export function preScan(text: string, max: number = MAX_YAML_NODES): number {
  return structureMarks(text, max).past;
}

/** The marks preScan counts, up to where they pass `max` (`past`, or -1), so several files can share one bound. */
export function structureMarks(text: string, max = Infinity): { marks: number; past: number } {
  let marks = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // , [ { :   then - ? followed by space, tab, line end or the end of the text
    if (c === 44 || c === 91 || c === 123 || c === 58) marks++;
    else if (c === 45 || c === 63) {
      const n = text.charCodeAt(i + 1);
      if (n === 32 || n === 9 || n === 10 || n === 13 || n !== n) marks++;
    } else continue;
    if (marks > max) return { marks, past: i };
  }
  return { marks, past: -1 };
}

const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const BOOLEAN = /^(?:true|false|True|False|TRUE|FALSE)$/;

type At = (offset: number) => { line: number; column: number };

/**
 * What the yaml library lets through but an agreement must not mean: an alias or a collection as a
 * key, a merge key, a key given twice however it is spelled (quoted, explicit, 1 and "1"), numbers
 * written other than in decimal (0x1F, 0o17, YAML 1.1's 0b101 and 017), infinite or beyond
 * MAX_SLA_NUMBER, YAML 1.1 booleans (yes, on); and the node bound with aliases expanded.
 * Iterative: a deeply nested document cannot exhaust the stack here.
 */
function checkNodes(document: Document.Parsed, at: At): Problem[] {
  const out: Problem[] = [];
  const problem = (node: Node | null | undefined, rule: string, message: string) => {
    if (out.length < 50) out.push({ severity: 'error', ...at(node?.range?.[0] ?? 0), path: '', rule, message });
  };
  const root = document.contents as Node | null;
  if (!root) return out;
  // Nodes in document order; an alias names the latest anchor before it, whose subtree is complete
  // by then unless the alias is inside it.
  const anchors = new Map<string, Node>();
  const sizes = new Map<Node, number>();
  const open = new Set<Node>();
  const stack: { node: Node; start: number; exit: boolean }[] = [{ node: root, start: 0, exit: false }];
  let count = 0;
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const node = frame.node;
    if (frame.exit) {
      open.delete(node);
      if (node.anchor) sizes.set(node, count - frame.start);
      continue;
    }
    if (count > MAX_YAML_NODES) {
      problem(node, 'yaml/size', tooManyNodes);
      return out;
    }
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      if (target === undefined) count++; // reported as an unresolved alias when converted
      else if (open.has(target)) {
        problem(node, 'yaml/aliases', `the alias *${node.source} is inside the node it names, so it never ends: write the value out`);
        return out;
      } else count += sizes.get(target) ?? 1;
      if (count > MAX_YAML_NODES) {
        problem(node, 'yaml/aliases', `too many alias expansions: with its aliases repeated the document has more than ${MAX_YAML_NODES.toLocaleString('en')} YAML nodes; write the values out or remove the repetition`);
        return out;
      }
      continue;
    }
    count++;
    if (node.anchor) {
      anchors.set(node.anchor, node);
      open.add(node);
    }
    stack.push({ node, start: count - 1, exit: true });
    if (isScalar(node)) {
      checkScalar(node, problem);
    } else if (isMap(node)) {
      const seen = new Map<string, Node>();
      const children: Node[] = [];
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (isAlias(key)) problem(key, 'yaml/alias-key', `an alias (*${key.source}) cannot be a key: a reader of the file would not see which key it sets; write the key out`);
        else if (isCollection(key)) problem(key, 'yaml/complex-key', 'a key must be a single word or text, not a list or mapping: write it as a plain key');
        else if (isScalar(key) && key.type === 'PLAIN' && key.source === '<<') problem(key, 'yaml/merge-key', 'merge keys (<<) are not supported: they hide which values a mapping overrides; write the keys out');
        else {
          const value = isScalar(key) ? key.value : null;
          // The property name the key becomes in the agreement, as the conversion to JS makes it.
          const name = value === null || value === undefined ? '' : String(value);
          const first = seen.get(name);
          if (first) problem(key ?? (pair.value as Node | null), 'yaml/duplicate-key', `duplicate key ${JSON.stringify(name)}: it is already set on line ${at(first.range?.[0] ?? 0).line}; keep one`);
          else if (key) seen.set(name, key);
        }
        if (key) children.push(key);
        if (pair.value) children.push(pair.value as Node);
      }
      for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]!, start: 0, exit: false });
    } else if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = node.items[i] as Node | null;
        if (item) stack.push({ node: item, start: 0, exit: false });
      }
    }
  }
  if (count > MAX_YAML_NODES) problem(root, 'yaml/size', tooManyNodes);
  return out;
}

function checkScalar(node: Node & { value: unknown; source?: string; type?: string | null }, problem: (node: Node, rule: string, message: string) => void): void {
  const { value } = node;
  const source = node.source ?? '';
  if (typeof value === 'number' || typeof value === 'bigint') {
    const n = Number(value);
    const shown = source.length > 40 ? `${source.slice(0, 40)}…` : source;
    if (!DECIMAL.test(source) || Number(source) !== n) {
      const kind = /^[-+]?0x/i.test(source) ? 'a hexadecimal number' : /^[-+]?0o/i.test(source) ? 'an octal number' : /^[-+]?0b/i.test(source) ? 'a binary number' : /^[-+]?0\d/.test(source) ? 'an octal number in YAML 1.1' : /^[-+]?\.nan$/i.test(source) ? 'not a number' : /^[-+]?\.inf$/i.test(source) ? 'infinite' : 'not a decimal number';
      problem(node, 'yaml/number', `${shown} is ${kind}: write numbers in decimal (such as 31 or 99.5), or quote the value if it is text`);
    } else if (!Number.isFinite(n) || Math.abs(n) > MAX_SLA_NUMBER) {
      problem(node, 'yaml/number', `${shown} is too large: numbers in an SLA are at most ${MAX_SLA_NUMBER.toLocaleString('en')} (10^15)`);
    }
  } else if (typeof value === 'boolean' && node.type === 'PLAIN' && !BOOLEAN.test(source)) {
    problem(node, 'yaml/boolean', `${source} reads as ${value} only in YAML 1.1: write true or false, or quote the value if it is text`);
  }
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
