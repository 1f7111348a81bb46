// The one place user text is made safe for a terminal or a plain-text output. A CSV cell, a YAML
// string or a file name may hold a line break (which would forge a second message line), an escape
// sequence (which clears the screen or retitles the terminal), a C1 control (some terminals read
// U+009B as ESC [) or a bidi override (which shows text in another order than it is). Each is
// shown as the escape a programmer would write, so the reader sees it is there. JSON output keeps
// the exact strings (JSON escapes control characters itself); HTML and Markdown escape their own.

// C0 controls and DEL; C1 controls; the bidi marks, embeddings, overrides and isolates (Trojan
// Source); the Unicode line and paragraph separators, which some viewers break lines on.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escapes = new Map<string, string>();

function escapeOne(ch: string): string {
  let e = escapes.get(ch);
  if (e === undefined) {
    const code = ch.charCodeAt(0);
    e = NAMED[ch] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
    escapes.set(ch, e);
  }
  return e;
}

/**
 * `text` with every control character shown as an escape (`\n`, `\r`, `\t`, `\x1b`, `\x9b`,
 * `\u202e`): one line, safe to print. Backslashes are left as they are (a Windows path stays
 * readable), so `\n` typed as two characters prints the same as an escaped line break; what
 * matters is that nothing acts on the terminal or starts a line.
 */
export function printable(text: string): string {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text) ? text.replace(UNPRINTABLE, escapeOne) : text;
}

/** Whether `text` holds a character `printable` would escape. */
export function hasUnprintable(text: string): boolean {
  UNPRINTABLE.lastIndex = 0;
  return UNPRINTABLE.test(text);
}

// JSON.stringify escapes C0 controls but not DEL, C1 or the bidi controls, and those can occur only
// inside JSON strings, so escaping them as \uXXXX there keeps every string exact for a parser.
// eslint-disable-next-line no-control-regex
const JSON_UNPRINTABLE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `JSON.stringify(value, null, 2)` with no character that acts on a terminal: the same document to a parser. */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(JSON_UNPRINTABLE, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
