// The metrics CSV reader (src/core/check/csv.ts): line ends per line, the record limit, binary content.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { CheckInputError, CsvReadError, MAX_RECORD_CHARS } from '../../src/core/check/index.js';
import { readCsv } from '../../src/core/check/csv.js';
import { example, runInProcess, tempDir } from '../helpers.js';
import { check, kpi, makeSla, result } from './fixtures.js';

/** Every record the reader gives, as [row, fields] or [row, 'malformed: reason'], the header first. */
async function records(csv: string | string[], chunk = 5): Promise<[number, string[] | string][]> {
  const parts = typeof csv === 'string' ? [] : csv;
  if (typeof csv === 'string') for (let i = 0; i < csv.length; i += chunk) parts.push(csv.slice(i, i + chunk));
  const out: [number, string[] | string][] = [];
  await readCsv(Readable.from(parts), {}, {
    header: (names) => out.push([0, names]),
    row: (fields, row) => out.push([row, fields]),
    malformed: (row, reason) => out.push([row, `malformed: ${reason}`]),
  });
  return out;
}

async function readError(csv: string | string[], chunk = 4096): Promise<CsvReadError> {
  try {
    await records(csv, chunk);
  } catch (err) {
    expect(err).toBeInstanceOf(CsvReadError);
    return err as CsvReadError;
  }
  throw new Error('expected the read to fail');
}

describe('line ends, each line on its own', () => {
  const expected: [number, string[]][] = [[0, ['a', 'b']], [2, ['1', 'SEV1']], [3, ['2', 'SEV2']], [4, ['3', 'SEV1']]];
  it.each([
    ['LF', 'a,b\n1,SEV1\n2,SEV2\n3,SEV1\n'],
    ['CRLF', 'a,b\r\n1,SEV1\r\n2,SEV2\r\n3,SEV1\r\n'],
    ['lone CR (old Mac)', 'a,b\r1,SEV1\r2,SEV2\r3,SEV1\r'],
    ['header LF, rows CRLF (the hidden breach)', 'a,b\n1,SEV1\r\n2,SEV2\r\n3,SEV1\r\n'],
    ['header CRLF, rows LF', 'a,b\r\n1,SEV1\n2,SEV2\n3,SEV1\n'],
    ['every kind, no final line end', 'a,b\r1,SEV1\r\n2,SEV2\n3,SEV1'],
    ['quoted last cells', 'a,b\n1,"SEV1"\r\n2,"SEV2"\r3,"SEV1"\n'],
  ])('%s', async (_name, csv) => {
    for (const chunk of [1, 2, 3, 7, 1000]) expect(await records(csv, chunk)).toEqual(expected);
  });

  it('CRLF split between two chunks is one line end, not a blank line', async () => {
    expect(await records(['a,b\r', '\n1,x\r', '\n'])).toEqual([[0, ['a', 'b']], [2, ['1', 'x']]]);
  });

  it('CR and LF inside a quoted cell are data', async () => {
    expect(await records('a,b\n1,"x\ry"\r\n2,"p\r\nq\nr"\n', 1)).toEqual([[0, ['a', 'b']], [2, ['1', 'x\ry']], [3, ['2', 'p\r\nq\nr']]]);
  });

  it('a blank line is numbered as a row (CRLF, CR or LF)', async () => {
    expect(await records('a,b\r\n\r\n1,x\r\r2,y\n\n3,z\n', 3)).toEqual([[0, ['a', 'b']], [2, ['']], [3, ['1', 'x']], [4, ['']], [5, ['2', 'y']], [6, ['']], [7, ['3', 'z']]]);
  });

  it('doubled quotes, spaces after a closing quote, a quote inside a plain cell', async () => {
    expect(await records('a,b,c\n"x ""y""",  "z"  ,p"q\n', 2)).toEqual([[0, ['a', 'b', 'c']], [2, ['x "y"', '  "z"  ', 'p"q']]]);
    expect(await records('a,b\n"x"  ,"y" \r\n', 1)).toEqual([[0, ['a', 'b']], [2, ['x', 'y']]]);
  });

  it('text after a closing quote makes the row malformed; the next row is read as usual', async () => {
    expect(await records('a,b\n"x"y,1\n2,3\n')).toEqual([[0, ['a', 'b']], [2, 'malformed: a quoted cell has text after its closing quote (a quote inside a quoted cell is written "")'], [3, ['2', '3']]]);
  });

  it('an unterminated quote is reported at the row where it opens', async () => {
    expect(await records('a,b\n1,2\n3,"4\n5,6\n')).toEqual([[0, ['a', 'b']], [2, ['1', '2']], [3, 'malformed: quoted field unterminated']]);
  });

  it('the delimiter is found from the whole header, even when a quoted header cell holds a line break', async () => {
    expect(await records('"a\nb";c;d\n1;2;3\n', 1)).toEqual([[0, ['a\nb', 'c', 'd']], [2, ['1', '2', '3']]]);
  });

  it('a byte-order mark before the header is not part of it, and the delimiter is found after it', async () => {
    expect(await records(['\uFEFF', 'a;b\r\n1;2\r\n'])).toEqual([[0, ['a', 'b']], [2, ['1', '2']]]);
  });

  it('mixed line ends no longer hide a breach: where priority = SEV1 matches the CRLF rows', async () => {
    const sla = makeSla([kpi('sev1', { aggregate: 'count', metric: 'ack', where: { priority: 'SEV1' } }, { op: '<=', target: 0 })]);
    const lf = 'timestamp,metric,value,priority\n2026-01-05T10:00:00Z,ack,30,SEV1\n2026-01-06T10:00:00Z,ack,40,SEV1\n';
    const mixed = lf.replace(/SEV1\n/g, 'SEV1\r\n');
    for (const csv of [lf, mixed]) expect(result(await check(sla, csv), 'sev1', '2026-01')).toMatchObject({ actual: 2, status: 'breached' });
  });
});

describe('the record limit', () => {
  const header = 'timestamp,metric,value,note\n';
  const row = (length: number) => {
    const start = '2026-01-05T10:00:00Z,m,1,';
    return start + 'x'.repeat(length - start.length);
  };

  it(`a row of exactly ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters is read, one more is refused at its row and column`, async () => {
    const sla = makeSla([kpi('k', { aggregate: 'sum' })]);
    expect(result(await check(sla, `${header}${row(MAX_RECORD_CHARS)}\n`, {}, 65536), 'k', '2026-01').actual).toBe(1);
    // Whether the row ends in the file or the chunk ends first, the same error.
    for (const end of ['\n', '']) {
      const e = await readError(`${header}2026-01-04T10:00:00Z,m,1,ok\n${row(MAX_RECORD_CHARS + 1)}${end}`, 65536);
      expect(e).toMatchObject({ row: 3, field: 4, column: 'note' });
      expect(e.message).toMatch(/^the row is longer than 1 MB \(1,048,576 characters\), the limit for one row/);
    }
  });

  it('counts the line breaks inside quoted cells; an unclosed quote is named as such where it opens', async () => {
    const e = await readError(`${header}2026-01-05T10:00:00Z,m,"1${'\r\n'.repeat(MAX_RECORD_CHARS)}`, 10_000);
    expect(e).toMatchObject({ row: 2, field: 3, column: 'value' });
    expect(e.message).toMatch(/^a quoted cell starts here and runs on for more than 1 MB without its closing quote/);
  });

  it('stops at the limit however long the rest is, with one chunk or many', async () => {
    const tail = 'y'.repeat(8 * MAX_RECORD_CHARS);
    const started = Date.now();
    for (const chunk of [65536, tail.length * 2]) expect(await readError(`${header}"${tail}`, chunk)).toMatchObject({ row: 2, field: 1, column: 'timestamp' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  // csv-parse's max_record_size counts the bytes of the cells only, so a line of delimiters never reaches
  // it (32 MB of commas: 33 million empty cells, 41 s, 1.1 GB); here every character counts.
  it('counts delimiters too: a line of nothing but delimiters stops at the limit', async () => {
    const started = Date.now();
    const e = await readError(`${header}${','.repeat(8 * MAX_RECORD_CHARS)}\n`, 65536);
    // The cell named is the first whose end comes after more than MAX_RECORD_CHARS characters.
    expect(e).toMatchObject({ row: 2, field: MAX_RECORD_CHARS + 2, column: undefined });
    expect(e.message).toMatch(/^the row is longer than 1 MB/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('is not --skip-invalid material: the read stops', async () => {
    const sla = makeSla([kpi('k', { aggregate: 'sum' })]);
    await expect(check(sla, `${header}${row(MAX_RECORD_CHARS + 1)}\n2026-01-06,m,1,ok\n`, { skipInvalid: true }, 65536)).rejects.toBeInstanceOf(CsvReadError);
  });
});

describe('binary content', () => {
  it('a NUL anywhere stops the read at its row and column', async () => {
    const rows = Array.from({ length: 500 }, (_, i) => `2026-01-05T10:00:00Z,m,${i}`).join('\n');
    for (const [tail, row, field] of [['\0\0\0', 502, 1], [',m,\0', 502, 3], ['\n2026-01-06,m\0,1', 503, 2]] as const) {
      const e = await readError(`timestamp,metric,value\n${rows}\n${tail}`, 4096);
      expect(e).toMatchObject({ row, field });
      expect(e.message).toBe('the file is not text (it holds NUL bytes); is it really a CSV?');
      expect(e).toBeInstanceOf(CheckInputError);
    }
    // Inside quotes as well.
    expect(await readError('a,b\n1,"x\0"\n')).toMatchObject({ row: 2, field: 2, column: 'b' });
  });

  it('through the command: a NUL after the first 4 KB names the row and column, exit 2', async () => {
    const { dir, cleanup } = tempDir();
    const rows = Array.from({ length: 200 }, (_, i) => `2026-01-05T10:00:00Z,auth_latency_ms,${200 + i},payments-api,,,`).join('\n');
    writeFileSync(join(dir, 'm.csv'), Buffer.concat([Buffer.from(`timestamp,metric,value,service,good,total,priority\n${rows}\n`), Buffer.alloc(1 << 20)]));
    const r = await runInProcess(['check', example('platform-api', 'sla.yaml'), 'm.csv', '--skip-invalid'], { cwd: dir });
    expect(r.code).toBe(2);
    cleanup();
    expect(r.stderr).toBe('sla: m.csv: row 202, column "timestamp": the file is not text (it holds NUL bytes); is it really a CSV?\n');
  });
});

describe('encodings named by their byte-order mark', () => {
  it.each([
    ['UTF-32 little-endian', Buffer.from([0xff, 0xfe, 0, 0, 0x74, 0, 0, 0]), 'UTF-32'],
    ['UTF-32 big-endian', Buffer.from([0, 0, 0xfe, 0xff, 0, 0, 0, 0x74]), 'UTF-32'],
    ['UTF-16 little-endian', Buffer.from([0xff, 0xfe, 0x74, 0]), 'UTF-16'],
    ['UTF-16 big-endian', Buffer.from([0xfe, 0xff, 0, 0x74]), 'UTF-16'],
  ])('%s, for the CSV and the SLA alike', async (_name, bytes, name) => {
    const { dir, cleanup } = tempDir();
    writeFileSync(join(dir, 'm.csv'), bytes);
    writeFileSync(join(dir, 's.yaml'), bytes);
    const csv = await runInProcess(['check', example('platform-api', 'sla.yaml'), 'm.csv'], { cwd: dir });
    expect(csv.code).toBe(2);
    expect(csv.stderr).toBe(`sla: m.csv: the file is ${name} encoded; save it as UTF-8 CSV\n`);
    const yaml = await runInProcess(['validate', 's.yaml'], { cwd: dir });
    cleanup();
    expect(yaml.code).toBe(2);
    expect(yaml.stderr).toContain(`s.yaml: the file is ${name} encoded; save it as UTF-8`);
  });
});
