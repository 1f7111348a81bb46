// What the terminal tests look for in an output, shared by terminal.test.ts and terminal-property.test.ts.

/** A raw control character an output must not carry (its own line breaks aside). */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

/** Where GFM (cmark-gfm's autolink extension) would make a link of plain text. */
export const AUTOLINK = /(^|[\s*_~(])(https?:\/\/|www\.)|[A-Za-z0-9._+-]@[A-Za-z0-9_-]+\.[A-Za-z0-9_-]/im;
