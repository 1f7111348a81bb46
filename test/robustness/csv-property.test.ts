// Fuzz target for the metrics CSV reader (src/core/check/csv.ts): random bytes, line-end mixes and
// quote placements. In every `npm test` with small counts; `npm run fuzz` runs it with SLA_FUZZ_RUNS.
import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CsvReadError, readCsv } from '../../src/core/check/csv.js';
import { example, runInProcess } from '../helpers.js';

const fuzzRuns = process.env.SLA_FUZZ_RUNS === undefined ? undefined : Number(process.env.SLA_FUZZ_RUNS);
/** Reader-only properties are cheap; the ones through the command cost a few milliseconds a case. */
const readerRuns = fuzzRuns ?? 1_000;
const commandRuns = fuzzRuns ?? 300;
const sla = example('platform-api', 'sla.yaml');

const lineEnd = fc.constantFrom('\n', '\r\n', '\r');

/** What the reader gives for a text fed in the given chunk sizes (cycled): every event, or the error. */
async function events(text: string, sizes: number[]): Promise<string[]> {
  const chunks: string[] = [];
  for (let i = 0, k = 0; i < text.length; k++) {
    const size = sizes[k % sizes.length]!;
    chunks.push(text.slice(i, i + size));
    i += size;
  }
  const out: string[] = [];
  try {
    await readCsv(Readable.from(chunks), {}, {
      header: (names, delimiter) => out.push(`header ${JSON.stringify([names, delimiter])}`),
      row: (fields, row) => out.push(`${row} ${JSON.stringify(fields)}`),
      malformed: (row, reason) => out.push(`${row} malformed ${reason}`),
    });
  } catch (err) {
    // Only a located CSV error may stop the read.
    expect(err).toBeInstanceOf(CsvReadError);
    const e = err as CsvReadError;
    expect(Number.isInteger(e.row) && e.row! >= 1 && e.field >= 1).toBe(true);
    out.push(`error ${e.row} ${e.field} ${e.message}`);
  }
  return out;
}

// Cells that stress quoting: delimiters, quotes, both line-end characters, spaces, a BOM, non-ASCII.
const cellText = fc.string({ unit: fc.constantFrom('a', '1', ',', ';', '\t', '"', '\r', '\n', ' ', 'é', '\uFEFF', '😀'), maxLength: 8 });

/** RFC 4180 writing: a cell is quoted when it must be, or when `quote` says so anyway. */
function writeCell(cell: string, quote: boolean): string {
  return quote || /[",\r\n]/.test(cell) || cell.trim() !== cell ? `"${cell.replace(/"/g, '""')}"` : cell;
}

describe('the CSV reader, on random text', () => {
  it('reads back any table, whatever the mix of line ends, the quoting and the chunking', async () => {
    const table = fc.array(fc.array(fc.tuple(cellText, fc.boolean()), { minLength: 1, maxLength: 5 }), { maxLength: 8 });
    await fc.assert(
      fc.asyncProperty(table, fc.array(lineEnd, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }), async (rows, ends, finalEnd, sizes) => {
        const lines = rows.map((cells) => cells.map(([c, q]) => writeCell(c, q)).join(','));
        let text = 'h1,h2\n';
        lines.forEach((line, i) => {
          let end = i < lines.length - 1 || finalEnd ? ends[i % ends.length]! : '';
          // CR then LF is always one line end: a blank line after a CR ends in CRLF to stay a line.
          if (line === '' && end === '\n' && text.endsWith('\r')) end = '\r\n';
          text += line + end;
        });
        const got = await events(text, sizes);
        const want = ['header [["h1","h2"],","]', ...rows.map((cells, i) => `${i + 2} ${JSON.stringify(cells.map(([c]) => c))}`)];
        // A last line that is one empty unquoted cell with no line end is no record at all.
        if (!finalEnd && lines.at(-1) === '') want.pop();
        expect(got).toEqual(want);
      }),
      { numRuns: readerRuns },
    );
  }, Math.max(60_000, readerRuns * 20));

  it('gives the same records or the same error however random bytes are chunked', async () => {
    // Text made of what matters to a CSV reader, in runs, with quotes and line ends anywhere.
    const piece = fc.oneof(
      fc.constantFrom('"', '""', ',', ';', '\t', '\n', '\r', '\r\n', '\n\r', ' ', '\0', '\uFEFF', 'x', '12', '"a,b"', 'timestamp,metric,value'),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 40 }).map((p) => p.join('')), fc.array(fc.integer({ min: 1, max: 13 }), { minLength: 1, maxLength: 5 }), async (text, sizes) => {
        const whole = await events(text, [Math.max(1, text.length)]);
        expect(await events(text, sizes)).toEqual(whole);
        // No line end survives outside quotes: a cell with CR or LF was quoted in the text.
        for (const e of whole) {
          if (!/^\d+ \[/.test(e)) continue;
          const fields = JSON.parse(e.slice(e.indexOf(' ') + 1)) as string[];
          for (const f of fields) if (/[\r\n]/.test(f)) expect(text).toContain(`"`);
        }
      }),
      { numRuns: readerRuns },
    );
  }, Math.max(60_000, readerRuns * 20));
});

// Rows of the platform API example, long format; the values make some KPIs breach.
const cell = {
  timestamp: fc.constantFrom('2026-01-05T10:00:00Z', '2026-01-20T23:30:00-05:00', '2026-02-03T08:15:00+01:00', '2026-02-27'),
  metric: fc.constantFrom('requests', 'auth_latency_ms', 'incident_ack_minutes'),
  value: fc.constantFrom('', '1', '4', '30', '250', '612.5', '"12"'),
  service: fc.constantFrom('payments-api', 'payments-webhooks', '"payments-api"', ''),
  count: fc.constantFrom('', '100', '99', '"1000"'),
  priority: fc.constantFrom('', 'SEV1', 'SEV2', '"SEV1"', '"note\r\nwith lines"', '"a\rb"'),
};
const metricRow = fc.tuple(cell.timestamp, cell.metric, cell.value, cell.service, cell.count, cell.count, cell.priority).map((r) => r.join(','));

describe('sla check, on random mixes of line ends', () => {
  it('gives the same result as the all-LF file for any mix of LF, CRLF and CR', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(metricRow, lineEnd), { minLength: 1, maxLength: 25 }), lineEnd, fc.boolean(), fc.boolean(), async (rows, headerEnd, allowMissing, bom) => {
        const header = 'timestamp,metric,value,service,good,total,priority';
        const lf = `${header}\n${rows.map(([r]) => `${r}\n`).join('')}`;
        const mixed = `${bom ? '\uFEFF' : ''}${header}${headerEnd}${rows.map(([r, end]) => r + end).join('')}`;
        const args = ['check', sla, '-', '--format', 'json', ...(allowMissing ? ['--allow-missing'] : [])];
        const a = await runInProcess(args, { input: lf });
        const b = await runInProcess(args, { input: mixed });
        expect([0, 1]).toContain(a.code);
        expect({ code: b.code, stdout: b.stdout, stderr: b.stderr }).toEqual({ code: a.code, stdout: a.stdout, stderr: a.stderr });
      }),
      { numRuns: commandRuns },
    );
  }, Math.max(120_000, commandRuns * 100));

  it('ends in a result or one located line for random bytes, quotes and line ends after a header', async () => {
    const bytes = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.array(fc.constantFrom('"', ',', '\r', '\n', '\r\n', '\0', 'SEV1', '2026-01-05T10:00:00Z', 'requests', '\uFEFF', '\xff'), { maxLength: 30 }).map((p) => Buffer.from(p.join(''), 'latin1')),
      fc.array(fc.tuple(metricRow, lineEnd), { maxLength: 8 }).map((rows) => Buffer.from(rows.map(([r, e]) => r + e).join(''))),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('', 'timestamp,metric,value,service,good,total,priority\n', 'timestamp,metric,value,service,good,total,priority\r'), fc.array(bytes, { maxLength: 4 }), fc.boolean(), async (header, parts, skipInvalid) => {
        const input = Buffer.concat([Buffer.from(header), ...parts]);
        const r = await runInProcess(['check', sla, '-', '--format', 'json', ...(skipInvalid ? ['--skip-invalid'] : [])], { input: input as unknown as string });
        expect([0, 1, 2]).toContain(r.code);
        if (r.code === 2) {
          expect(r.stderr).toMatch(/^sla: <stdin>: (row \d+(, (column "[^"\n]*"|field \d+))?: |KPI "[^"]+" needs the column|the file )/);
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(r.stderr).not.toMatch(/internal error/);
        } else {
          expect(['met', 'breached', 'no-data']).toContain(JSON.parse(r.stdout).status);
        }
      }),
      { numRuns: commandRuns },
    );
  }, Math.max(120_000, commandRuns * 100));
});
