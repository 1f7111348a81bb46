// A quick reader for the plain YAML agreements are written in, so `sla validate` on a good file does
// not pay for the yaml library's full parse (a concrete syntax tree, nodes with source ranges, a
// line counter: most of validate's start-up time). It reads block mappings and sequences, one-line
// flow collections, plain and quoted scalars and comments, and gives up (undefined) on anything else:
// anchors, aliases, tags, block scalars, multi-line scalars, escapes, tabs, CRs, document markers,
// duplicate or non-string keys, numbers the agreement checks would refuse. Whatever it accepts, the
// yaml library reads to the same data with no problem at all (test/validate/plain-yaml*.test.ts), so
// parseYaml (yaml-source.ts) uses it first and builds the library's document only when a location
// is asked for: valid files have none to give, invalid ones are parsed again with positions.
/** Numbers in an agreement are decimal, finite and at most this large (exact as integers below 2^53). */
export const MAX_SLA_NUMBER = 1e15;

interface Line {
  indent: number;
  text: string;
  /** Its index in the file's lines, for block scalars, which read the raw lines after it. */
  row: number;
}

/** Thrown to give up; caught once in readPlainYaml. */
class GiveUp extends Error {}
const giveUp = (): never => {
  throw new GiveUp();
};

/** Implicit keys the yaml library refuses when longer (strict mode); far above any real key. */
const MAX_KEY = 1000;
/** Deeper than an agreement nests (load.ts refuses beyond 32): deeper input is the library's, bounding recursion here. */
const MAX_DEPTH = 40;

/** The data the yaml library's toJS would give for `text`, or undefined when this reader does not know. */
export function readPlainYaml(text: string): unknown {
  if (text.includes('\t') || text.includes('\r') || text.includes('\\') || ODD.test(text)) return undefined;
  const lines: Line[] = [];
  const rows = text.split('\n');
  for (let row = 0; row < rows.length; row++) {
    const raw = rows[row]!;
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    if (indent === raw.length || raw.charCodeAt(indent) === 35) continue; // blank or a comment line
    if (indent === 0 && (raw.startsWith('---') || raw.startsWith('...') || raw.startsWith('%'))) return undefined;
    lines.push({ indent, text: raw.slice(indent).trimEnd(), row });
  }
  if (lines.length === 0 || lines[0]!.indent !== 0) return undefined;
  try {
    const reader = new Reader(lines, rows);
    const data = reader.collection(0);
    return reader.i === lines.length ? data : undefined;
  } catch (err) {
    if (err instanceof GiveUp) return undefined;
    throw err;
  }
}

// Characters YAML forbids or treats specially (controls, NEL, line separators, a BOM inside): the library's.
const ODD = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

const BLOCK_HEADER = /^[|>]-?$/;

const isItem = (text: string) => text === '-' || text.startsWith('- ');

class Reader {
  i = 0;
  private depth = 0;
  constructor(
    private readonly lines: Line[],
    private readonly rows: string[],
  ) {}

  collection(indent: number): unknown {
    if (++this.depth > MAX_DEPTH) giveUp();
    const out = isItem(this.lines[this.i]!.text) ? this.sequence(indent) : this.mapping(indent);
    this.depth--;
    return out;
  }

  mapping(indent: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const lines = this.lines;
    while (this.i < lines.length && lines[this.i]!.indent === indent) {
      const { text } = lines[this.i]!;
      if (isItem(text)) giveUp();
      const [key, rest] = splitKey(text);
      if (key === undefined || Object.hasOwn(out, key)) giveUp();
      let value: unknown;
      if (rest === '' || rest.startsWith('#')) {
        this.i++;
        value = this.nested(indent);
      } else if (BLOCK_HEADER.test(rest)) {
        value = this.blockScalar(rest, indent);
      } else {
        value = inlineValue(rest);
        this.i++;
      }
      out[key!] = value;
    }
    // A line deeper than this mapping but not inside a value: a continuation or bad indentation.
    if (this.i < lines.length && lines[this.i]!.indent > indent) giveUp();
    return out;
  }

  /** The value of a key written with nothing after its colon: a deeper block, a sequence at the key's indent, or null. */
  nested(keyIndent: number): unknown {
    const next = this.lines[this.i];
    if (next === undefined || next.indent < keyIndent) return null;
    if (next.indent > keyIndent) return this.collection(next.indent);
    return isItem(next.text) ? this.sequence(keyIndent) : null;
  }

  /**
   * A literal (|) or folded (>) scalar, clipped or stripped, whose lines all stand at one indent with
   * no trailing spaces: joined by line breaks or folded into spaces (a blank line is one line break).
   */
  blockScalar(header: string, parentIndent: number): string {
    const rows = this.rows;
    const first = this.lines[this.i]!.row + 1;
    let end = first;
    let indent = -1;
    const content: string[] = [];
    for (; end < rows.length; end++) {
      const raw = rows[end]!;
      let n = 0;
      while (raw.charCodeAt(n) === 32) n++;
      if (n === raw.length) {
        if (indent < 0 || n > indent) giveUp(); // leading blank lines, or spaces that would be content
        content.push('');
        continue;
      }
      if (n <= parentIndent) break;
      if (indent < 0) indent = n;
      if (n !== indent || raw.endsWith(' ')) giveUp(); // more or less indented lines: the library's
      content.push(raw.slice(n));
    }
    // The file must go on after the scalar's last line break (split leaves a last '' then).
    if (indent < 0 || end >= rows.length) giveUp();
    while (content[content.length - 1] === '') content.pop();
    let value = '';
    if (header[0] === '|') value = content.join('\n');
    else {
      for (let k = 0; k < content.length; k++) {
        const line = content[k]!;
        if (k > 0) value += line === '' ? '\n' : content[k - 1] === '' ? '' : ' ';
        value += line;
      }
    }
    while (this.i < this.lines.length && this.lines[this.i]!.row < end) this.i++;
    return header.endsWith('-') ? value : `${value}\n`;
  }

  sequence(indent: number): unknown[] {
    const out: unknown[] = [];
    const lines = this.lines;
    while (this.i < lines.length && lines[this.i]!.indent === indent && isItem(lines[this.i]!.text)) {
      const { text } = lines[this.i]!;
      if (text === '-') giveUp();
      let start = 2;
      while (text.charCodeAt(start) === 32) start++;
      const rest = text.slice(start);
      if (rest.startsWith('#') || isItem(rest)) giveUp();
      const [key] = rest.startsWith('{') || rest.startsWith('[') ? [undefined] : splitKey(rest);
      if (key !== undefined) {
        // A mapping that starts on the item's line: read it as if that line began at the key.
        lines[this.i] = { indent: indent + start, text: rest, row: lines[this.i]!.row };
        out.push(this.collection(indent + start));
        if (this.i < lines.length && lines[this.i]!.indent > indent) giveUp();
      } else {
        out.push(inlineValue(rest));
        this.i++;
        if (this.i < lines.length && lines[this.i]!.indent > indent) giveUp();
      }
    }
    return out;
  }
}

/** A block mapping entry's key and what follows its colon (trimmed), or [undefined, ''] when the line is none. */
function splitKey(text: string): [string | undefined, string] {
  let key: string;
  let after: number;
  const q = text.charCodeAt(0);
  if (q === 34 || q === 39) {
    const [value, end] = quoted(text, 0);
    if (text.charCodeAt(end) !== 58) return [undefined, ''];
    key = value;
    after = end + 1;
  } else {
    const colon = text.indexOf(': ');
    const c = colon >= 0 ? colon : text.endsWith(':') ? text.length - 1 : -1;
    if (c < 0) return [undefined, ''];
    key = text.slice(0, c);
    if (!plainStart(key) || key.includes(' #') || key.endsWith(' ') || typeof resolvePlain(key) !== 'string') giveUp();
    after = c + 1;
  }
  if (after < text.length && text.charCodeAt(after) !== 32) giveUp();
  if (key.length > MAX_KEY || key === '__proto__' || key === '<<') giveUp();
  return [key, text.slice(after).trimStart()];
}

/** A value written after a key's colon or an item's dash, to the end of its line. */
function inlineValue(text: string): unknown {
  const c = text.charCodeAt(0);
  if (c === 34 || c === 39 || c === 123 || c === 91) {
    const [value, end] = c === 123 || c === 91 ? flow(text, 0) : quoted(text, 0);
    endOfLine(text, end);
    return value;
  }
  if (!plainStart(text)) giveUp();
  const hash = text.indexOf(' #');
  const plain = hash >= 0 ? text.slice(0, hash).trimEnd() : text;
  if (plain.includes(': ') || plain.endsWith(':')) giveUp();
  return resolvePlain(plain);
}

/** After a quoted or flow value only spaces and a comment may follow. */
function endOfLine(text: string, end: number): void {
  if (end === text.length) return;
  if (text.charCodeAt(end) !== 32) giveUp();
  const rest = text.slice(end).trimStart();
  if (rest !== '' && !rest.startsWith('#')) giveUp();
}

/** A quoted scalar on one line without escapes (backslashes were refused up front): its value and the offset after it. */
function quoted(text: string, at: number): [string, number] {
  const q = text[at]!;
  if (q === '"') {
    const end = text.indexOf('"', at + 1);
    if (end < 0) giveUp();
    return [text.slice(at + 1, end), end + 1];
  }
  let value = '';
  let from = at + 1;
  for (;;) {
    const end = text.indexOf("'", from);
    if (end < 0) giveUp();
    value += text.slice(from, end);
    if (text[end + 1] !== "'") return [value, end + 1];
    value += "'";
    from = end + 2;
  }
}

const FLOW_END = /[,[\]{}]/;

/** A flow mapping or sequence closed on the same line: its value and the offset after it. */
function flow(text: string, at: number, depth = 0): [unknown, number] {
  if (depth > MAX_DEPTH) giveUp();
  const open = text[at];
  const close = open === '{' ? '}' : ']';
  const out: unknown = open === '{' ? {} : [];
  let i = skipSpaces(text, at + 1);
  if (text[i] === close) return [out, i + 1];
  for (;;) {
    if (open === '{') {
      let key: string;
      if (text[i] === '"' || text[i] === "'") [key, i] = quoted(text, i);
      else {
        const colon = text.indexOf(':', i);
        if (colon < 0) giveUp();
        key = text.slice(i, colon);
        if (!plainStart(key) || FLOW_END.test(key) || key.includes('#') || key.endsWith(' ') || typeof resolvePlain(key) !== 'string') giveUp();
        i = colon;
      }
      if (text[i] !== ':' || text[i + 1] !== ' ') giveUp();
      if (key.length > MAX_KEY || key === '__proto__' || key === '<<' || Object.hasOwn(out as object, key)) giveUp();
      const [value, end] = flowValue(text, skipSpaces(text, i + 1), depth);
      (out as Record<string, unknown>)[key] = value;
      i = end;
    } else {
      const [value, end] = flowValue(text, i, depth);
      (out as unknown[]).push(value);
      i = end;
    }
    i = skipSpaces(text, i);
    if (text[i] === close) return [out, i + 1];
    if (text[i] !== ',') giveUp();
    i = skipSpaces(text, i + 1);
    if (text[i] === close) giveUp(); // a trailing comma: leave it to the library
  }
}

function flowValue(text: string, at: number, depth: number): [unknown, number] {
  const c = text[at];
  if (c === '"' || c === "'") return quoted(text, at);
  if (c === '{' || c === '[') return flow(text, at, depth + 1);
  let end = at;
  while (end < text.length && !FLOW_END.test(text[end]!)) end++;
  const plain = text.slice(at, end).trimEnd();
  // A colon inside a flow scalar is text only before a non-space (sha256:be36...); anything else is a key.
  if (plain === '' || !plainStart(plain) || plain.includes(': ') || plain.endsWith(':') || plain.includes('#')) giveUp();
  return [resolvePlain(plain), end];
}

const skipSpaces = (text: string, i: number) => {
  while (text.charCodeAt(i) === 32) i++;
  return i;
};

/** Whether a plain scalar may start this way: no indicator, a "-" only before a digit or letter. */
function plainStart(text: string): boolean {
  if (text === '') return false;
  const c = text[0]!;
  if ('?:,[]{}#&*!|>\'"%@`'.includes(c)) return false;
  return c !== '-' || /^-[\w.]/.test(text);
}

const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const INT = /^[-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
const EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const DECIMAL = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
// Everything else the core schema turns into something other than a string; left to the library.
const OTHER = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|0o[0-7]+|0x[0-9a-fA-F]+)$/;

/** A plain scalar as the YAML 1.2 core schema resolves it (yaml's own tests and functions, above). */
function resolvePlain(text: string): unknown {
  if (NULL.test(text)) return null;
  if (text === 'true' || text === 'True' || text === 'TRUE') return true;
  if (text === 'false' || text === 'False' || text === 'FALSE') return false;
  let n: number | undefined;
  if (INT.test(text)) n = parseInt(text, 10);
  else if (FLOAT.test(text) || EXP.test(text)) n = parseFloat(text);
  else if (OTHER.test(text)) giveUp();
  if (n === undefined) return text;
  // The checks every number of an agreement gets (yaml-source.ts checkScalar): refused ones are the library's to report.
  if (!DECIMAL.test(text) || Number(text) !== n || !Number.isFinite(n) || Math.abs(n) > MAX_SLA_NUMBER) giveUp();
  return n;
}
