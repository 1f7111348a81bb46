// @ts-nocheck -- csv-parse is not a dependency: install it with `npm install --no-save csv-parse@7` to run this.
// The metrics CSV reader's interface (src/core/check/csv.ts) with csv-parse doing the tokenizing, as tried
// for issue 13's follow-up; test/bench/csv-readers.mjs times it against sla's own reader. Not used by sla.
import { Parser } from 'csv-parse';
import { CsvReadError, detectDelimiter, MAX_RECORD_CHARS, type CsvReadOptions, type CsvSink } from '../../src/core/check/csv.js';

// relax_quotes: false refuses p"q and spaces after a closing quote; true reads "x"y as the data '"xy'.
const RELAX = process.env.CSVLIB_RELAX_QUOTES === '1';
const CLOSING = `a quoted cell has text after its closing quote (a quote inside a quoted cell is written "")`;

/** The same interface, with csv-parse (node-csv) doing the tokenizing. Experiment. */
export async function readCsv(input: AsyncIterable<string | Buffer>, options: CsvReadOptions, sink: CsvSink): Promise<{ rows: number }> {
  const decoder = new TextDecoder('utf-8');
  let parser: any;
  let head = '';
  let quoted = false;
  let rows = 0; // records seen (pushed or dropped)
  let drops = 0;
  let lastDropped = -1;
  let header: string[] | undefined;
  let delimiter = ',';
  let fatal: unknown;

  const onRecord = (rec: { record: string[] }) => {
    rows++;
    const fields = rec.record;
    if (!header) {
      if (fields.length > 0) fields[0] = fields[0]!.replace(/^\uFEFF/, '');
      if (fields.length === 1 && fields[0]!.trim() === '') return null;
      header = fields.map((f) => f.trim());
      sink.header(header, delimiter);
    } else sink.row(fields, rows);
    return null;
  };
  const where = (column: number) => ({ field: column + 1, col: header?.[column] });
  const onSkip = (err: any) => {
    if (fatal !== undefined) return;
    const index = err.records + drops + 1;
    if (err.code === 'CSV_MAX_RECORD_SIZE') {
      const { field, col } = where(err.column);
      const mb = MAX_RECORD_CHARS / 1048576;
      // err.quoting is false inside an open quote (it reports wasQuoting); the parser's state says.
      const message = parser.state.quoting
        ? `a quoted cell starts here and runs on for more than ${mb} MB without its closing quote; close the quote (a quote inside a quoted cell is written "")`
        : `the row is longer than ${mb} MB (${MAX_RECORD_CHARS.toLocaleString('en-US')} characters), the limit for one row of a metrics CSV; is this really a CSV?`;
      fatal = new CsvReadError(message, index, field, col);
      throw fatal;
    }
    if (index === lastDropped) return;
    lastDropped = index;
    drops++;
    rows++;
    const reason = err.code === 'CSV_QUOTE_NOT_CLOSED' ? 'quoted field unterminated' : err.code === 'CSV_INVALID_CLOSING_QUOTE' ? CLOSING : `${err.code}: ${err.message}`;
    if (!header) {
      fatal = new CsvReadError(`the header row cannot be read: ${reason}`, rows, 1, undefined);
      throw fatal;
    }
    sink.malformed(rows, reason);
  };
  const make = (d: string) => {
    delimiter = d;
    parser = new Parser({
      delimiter: d,
      record_delimiter: ['\r\n', '\n', '\r'],
      max_record_size: MAX_RECORD_CHARS,
      relax_column_count: true,
      relax_quotes: RELAX,
      skip_empty_lines: false,
      skip_records_with_error: true,
      bom: true,
      info: true,
      on_record: onRecord,
      on_skip: onSkip,
    });
    parser.on('error', () => {});
    parser.resume();
  };
  const check = () => {
    if (fatal !== undefined) throw fatal;
    if (parser.errored) throw parser.errored;
  };
  const feed = (text: string) => {
    if (text.length === 0) return;
    const nul = text.indexOf('\0');
    if (nul < 0) {
      try { parser.write(text); } catch (e) { fatal ??= e; }
      check();
      return;
    }
    try { parser.write(text.slice(0, nul)); } catch (e) { fatal ??= e; }
    check();
    // Where the NUL falls, from the parser's state: it holds back a line end until the next chunk
    // (it could be the CR of a CRLF), so a held-back line end means the NUL starts the next record.
    const st = parser.state;
    const held = st.previousBuf ? st.previousBuf.toString() : '';
    const ended = held !== '' && /^[\r\n]+$/.test(held) && !st.quoting;
    const open = st.record.length > 0 || st.field.length > 0 || st.quoting || st.wasQuoting;
    const row = rows + (ended && (open || held.length > 0) ? 2 : 1);
    const { field, col } = where(ended ? 0 : st.record.length);
    throw new CsvReadError('the file is not text (it holds NUL bytes); is it really a CSV?', row, field, col);
  };
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (parser) {
      feed(text);
      continue;
    }
    head += text;
    let complete = false;
    for (let i = 0; i < text.length && !complete; i++) {
      const c = text.charCodeAt(i);
      if (c === 34) quoted = !quoted;
      else if (!quoted && (c === 10 || c === 13)) complete = true;
    }
    if (complete || head.length > MAX_RECORD_CHARS) {
      make(options.delimiter ?? detectDelimiter(head.replace(/^\uFEFF/, '')));
      feed(head);
      head = '';
    }
  }
  const rest = decoder.decode();
  if (!parser) make(options.delimiter ?? detectDelimiter((head + rest).replace(/^\uFEFF/, '')));
  feed(head + rest);
  try { parser.end(); } catch (e) { fatal ??= e; }
  check();
  return { rows };
}
