// CSV reading for `sla check`: a small streaming reader of RFC 4180 text, one pass over each chunk.
// It replaced papaparse, which takes one line ending for the whole file (a header ending in LF and rows
// in CRLF left "\r" on every last cell, so `where: { priority: SEV1 }` matched nothing and hid a
// breach), re-parses an unfinished record from its start on every chunk (an unterminated quote made
// reading quadratic) and has no bound on a record. udsv, faster still, parses a fixed number of fields
// per row, so a short row silently swallows the next line; a row with the wrong number of fields must
// be reported. Here every record is read once, whatever the chunking, and a record ends at LF, CRLF or
// a lone CR (old Mac exports), each line on its own; inside a quoted cell they are data.
// csv-parse (node-csv), tried in its place behind this interface (test/bench/csv-parse-reader.ts), failed
// 6 of the 26 tests of test/check/csv.test.ts and made `sla check` 6.0x slower on 1,000,000 rows
// (docs/benchmarks.md, "Why sla reads CSV itself"): its max_record_size counts cell bytes, not
// delimiters, so a line of 32 MB of commas took 41 s and 1.1 GB; text after a closing quote either
// swallows every later row (relax_quotes off) or is read as data without a word (on).
import { CheckInputError } from './engine.js';

export const DELIMITERS = [',', ';', '\t'] as const;

/**
 * The longest record (one row, with the line breaks inside its quoted cells) in characters: 1 MiB.
 * A metrics row is a few hundred; the limit keeps memory flat when a quote never closes or the file
 * is one endless line.
 */
export const MAX_RECORD_CHARS = 1 << 20;

/** The delimiter of a CSV, from its header line: the one of , ; tab that occurs most outside quotes. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c)) counts.set(c, counts.get(c)! + 1);
  }
  let best = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export interface CsvSink {
  /** The header row (row 1, after any blank lines), byte-order mark and surrounding spaces removed. */
  header(names: string[], delimiter: string): void;
  /** A data row; `row` is its number as a spreadsheet shows it (header = 1). */
  row(fields: string[], row: number): void;
  /** A row that could not be read (an unterminated quote, text after a closing quote). */
  malformed(row: number, reason: string): void;
}

export interface CsvReadOptions {
  /** , ; or tab; detected from the header when absent. */
  delimiter?: string | undefined;
  /**
   * The input is the first byte range of a split file (services/parallel-check.ts): a record still
   * open at its end is not emitted, and `clean` says whether the range ended at a record boundary.
   */
  partial?: boolean | undefined;
}

/**
 * Input that stops the reading whatever --skip-invalid says: a record over the limit or binary
 * content. `row` is where the record starts, `field` (1-based) the cell, `column` its header name.
 */
export class CsvReadError extends CheckInputError {
  constructor(message: string, row: number, readonly field: number, column: string | undefined) {
    super(message, row, column);
    this.name = 'CsvReadError';
  }
}

/**
 * Streams CSV text into a sink, a record at a time; memory does not grow with the file, only with the
 * longest record (bounded by MAX_RECORD_CHARS). String chunks are expected (the caller decodes);
 * Buffer chunks are decoded as UTF-8 here. An exception thrown by the sink stops the read and rejects.
 */
export async function readCsv(input: AsyncIterable<string | Buffer>, options: CsvReadOptions, sink: CsvSink): Promise<{ rows: number; clean: boolean }> {
  const decoder = new TextDecoder('utf-8');
  let reader: CsvReader | undefined;
  // Held back until the whole header line has arrived, so the delimiter is detected from the full
  // header however small the first chunk of a pipe is.
  // The header line ends at the first line end outside quotes, as detectDelimiter reads it.
  let head = '';
  let quoted = false;
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (reader) {
      reader.push(text);
      continue;
    }
    head += text;
    let complete = false;
    for (let i = 0; i < text.length && !complete; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE_CHAR) quoted = !quoted;
      else if (!quoted && (c === LF || c === CR)) complete = true;
    }
    if (complete || head.length > MAX_RECORD_CHARS) {
      reader = new CsvReader(options.delimiter ?? detectDelimiter(head.replace(/^\uFEFF/, '')), sink);
      reader.push(head);
      head = '';
    }
  }
  const rest = decoder.decode();
  reader ??= new CsvReader(options.delimiter ?? detectDelimiter((head + rest).replace(/^\uFEFF/, '')), sink);
  reader.push(head + rest);
  if (options.partial) return { rows: reader.rows, clean: reader.atBoundary() };
  reader.end();
  return { rows: reader.rows, clean: true };
}

export interface CsvRangeOptions {
  /** The delimiter the first range detected (a later range never sees the header). */
  delimiter: string;
  /** The header the first range read: a later range starts with data rows. Absent: the range starts the file. */
  header?: readonly string[] | undefined;
  /** The range ends the file: its last record is read even without a line end. */
  last?: boolean | undefined;
}

/**
 * Reads one byte range of a CSV split for parallel checking (services/parallel-check.ts): rows are
 * numbered from 1 within the range; the caller adds the records of the ranges before. A record still
 * open when the range ends is not emitted: `clean` says whether the range ended at a record boundary,
 * which is exactly when the next range, read from that offset, reads what a serial pass would.
 */
export async function readCsvRange(input: AsyncIterable<string>, options: CsvRangeOptions, sink: CsvSink): Promise<{ rows: number; clean: boolean }> {
  const reader = new CsvReader(options.delimiter, sink);
  if (options.header !== undefined) reader.continueAfter(options.header);
  for await (const chunk of input) reader.push(chunk);
  const clean = reader.atBoundary();
  if (options.last) reader.end();
  return { rows: reader.rows, clean };
}

// Where the reader is within a record.
const FIELD_START = 0; // before the first character of a cell
const UNQUOTED = 1; // in a cell that did not start with a quote
const QUOTED = 2; // inside quotes
const QUOTE = 3; // just after a quote inside quotes: a second one is data, anything else closes
const CLOSED = 4; // after the closing quote: spaces, then a delimiter or a line end

const LF = 10;
const CR = 13;
const QUOTE_CHAR = 34;
const SPACE = 32;
const TAB = 9;

class CsvReader {
  /** Records started so far: the spreadsheet row number of the current one. */
  rows = 0;
  private readonly delim: number;
  private state = FIELD_START;
  private fields: string[] = [];
  private field = '';
  /** Characters of the current record before the current chunk. */
  private carried = 0;
  /** Where the current record starts in the current chunk (negative: in an earlier chunk). */
  private recordStart = 0;
  /** The record has started (a blank line is a record of one empty field). */
  private open = false;
  /** The previous chunk ended in CR: an LF starting this one belongs to it. */
  private skipLf = false;
  private problem: string | undefined;
  private header: string[] | undefined;
  private atStart = true;

  constructor(private readonly delimiter: string, private readonly sink: CsvSink) {
    this.delim = delimiter.charCodeAt(0);
  }

  push(text: string): void {
    const delim = this.delim;
    let i = 0;
    if (this.atStart && text.length > 0) {
      this.atStart = false;
      if (text.charCodeAt(0) === 0xfeff) i = 1; // the byte-order mark is not part of the header
    }
    if (this.skipLf && i < text.length) {
      if (text.charCodeAt(i) === LF) i++;
      this.skipLf = false;
    }
    this.recordStart = i;
    // `from` is where the run of plain characters of the current cell started in this chunk.
    let from = i;
    const n = text.length;
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 0) this.binary();
      if (!this.open) {
        this.open = true;
        this.rows++;
        this.recordStart = i;
      }
      switch (this.state) {
        case FIELD_START:
          if (c === QUOTE_CHAR) {
            this.state = QUOTED;
            from = i + 1;
            continue;
          }
          this.state = UNQUOTED;
          from = i;
        // falls through: the character is the cell's first
        case UNQUOTED:
          if (c === delim) {
            if (this.carried + i - this.recordStart > MAX_RECORD_CHARS) this.tooLong();
            this.fields.push(this.field + text.slice(from, i));
            this.field = '';
            this.state = FIELD_START;
          } else if (c === LF || c === CR) {
            if (this.carried + i - this.recordStart > MAX_RECORD_CHARS) this.tooLong();
            this.fields.push(this.field + text.slice(from, i));
            this.field = '';
            if (this.endRecord(text, i, c)) i++;
            from = i + 1;
          }
          continue;
        case QUOTED:
          if (c === QUOTE_CHAR) {
            this.field += text.slice(from, i);
            this.state = QUOTE;
          }
          continue;
        case QUOTE:
          if (c === QUOTE_CHAR) {
            // A doubled quote is one quote of data.
            this.state = QUOTED;
            from = i;
            continue;
          }
          this.state = CLOSED;
        // falls through: the quote closed the cell
        case CLOSED:
          if (c === delim) {
            if (this.carried + i - this.recordStart > MAX_RECORD_CHARS) this.tooLong();
            this.fields.push(this.field);
            this.field = '';
            this.state = FIELD_START;
          } else if (c === LF || c === CR) {
            if (this.carried + i - this.recordStart > MAX_RECORD_CHARS) this.tooLong();
            this.fields.push(this.field);
            this.field = '';
            if (this.endRecord(text, i, c)) i++;
            from = i + 1;
          } else if (c !== SPACE && c !== TAB) {
            // Text after the closing quote: the record is reported; read on as a plain cell to find its end.
            this.problem ??= `a quoted cell has text after its closing quote (a quote inside a quoted cell is written "")`;
            this.state = UNQUOTED;
            from = i;
          }
          continue;
      }
    }
    if (this.state === UNQUOTED || this.state === QUOTED) this.field += text.slice(from);
    // The length is checked at every cell's end and here, so the cell named is the one that crosses
    // the limit, however the text is chunked.
    if (this.open) {
      this.carried += n - this.recordStart;
      if (this.carried > MAX_RECORD_CHARS) this.tooLong();
    }
  }

  /** A range after the first: its text starts at a record (no byte-order mark) and the header is known. */
  continueAfter(header: readonly string[]): void {
    this.header = [...header];
    this.atStart = false;
  }

  /** No record open: the text read so far ended at a record boundary. */
  atBoundary(): boolean {
    return !this.open && !this.skipLf;
  }

  end(): void {
    if (this.skipLf) this.skipLf = false;
    if (!this.open) return;
    if (this.state === QUOTED) {
      this.problem = 'quoted field unterminated';
    }
    this.fields.push(this.field);
    this.field = '';
    this.emit();
  }

  /** Ends the record at a line end at `i`; true if the next character (LF after CR) is eaten too. */
  private endRecord(text: string, i: number, c: number): boolean {
    this.emit();
    this.recordStart = i + 1;
    if (c !== CR) return false;
    if (i + 1 < text.length) {
      if (text.charCodeAt(i + 1) !== LF) return false;
      this.recordStart = i + 2;
      return true;
    }
    this.skipLf = true;
    return false;
  }

  private emit(): void {
    const fields = this.fields;
    const row = this.rows;
    const problem = this.problem;
    this.fields = [];
    this.state = FIELD_START;
    this.carried = 0;
    this.open = false;
    this.problem = undefined;
    if (!this.header) {
      if (fields.length > 0) fields[0] = fields[0]!.replace(/^\uFEFF/, '');
      // Blank lines (or a lone byte-order mark) before the header are not a header.
      if (fields.length === 1 && fields[0]!.trim() === '') return;
      // A header that cannot be read would make every column "missing": say what is wrong instead.
      if (problem !== undefined) throw new CsvReadError(`the header row cannot be read: ${problem}`, row, 1, undefined);
      this.header = fields.map((f) => f.trim());
      this.sink.header(this.header, this.delimiter);
    } else if (problem !== undefined) {
      this.sink.malformed(row, problem);
    } else {
      this.sink.row(fields, row);
    }
  }

  private where(): { field: number; column: string | undefined } {
    const field = this.fields.length + 1;
    return { field, column: this.header?.[field - 1] };
  }

  private tooLong(): never {
    const { field, column } = this.where();
    const mb = MAX_RECORD_CHARS / 1048576;
    const message = this.state === QUOTED
      ? `a quoted cell starts here and runs on for more than ${mb} MB without its closing quote; close the quote (a quote inside a quoted cell is written "")`
      : `the row is longer than ${mb} MB (${MAX_RECORD_CHARS.toLocaleString('en-US')} characters), the limit for one row of a metrics CSV; is this really a CSV?`;
    throw new CsvReadError(message, this.rows, field, column);
  }

  private binary(): never {
    if (!this.open) this.rows++;
    const { field, column } = this.where();
    throw new CsvReadError('the file is not text (it holds NUL bytes); is it really a CSV?', this.rows, field, column);
  }
}
