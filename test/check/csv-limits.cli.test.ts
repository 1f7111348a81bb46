// Time and peak memory of `sla check` on metrics CSVs at and past the reader's limits (issue 13):
// rows of exactly 1 MiB characters, a quote that never closes, a line that never ends, a NUL tail and
// a 2 GB sparse tail. Before the streaming reader: an unterminated quote was quadratic (16 MB: 51 s),
// a 32 MB NUL tail took 35 s (187 s on a loaded machine) and 400 MB, a 2 GB sparse tail ran past 400 s.
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_RECORD_CHARS } from '../../src/core/check/csv.js';
import { example, measureSla, tempDir } from '../helpers.js';

// Generous bounds for 2 shared cores: the point is flat, not fast.
const MAX_MS = 10_000;
const MAX_RSS_MB = 300;

let tmp: { dir: string; cleanup: () => void };
beforeAll(() => {
  tmp = tempDir('sla-csv-limits-');
});
afterAll(() => tmp.cleanup());

const sla = example('platform-api', 'sla.yaml');
const header = 'timestamp,metric,value,service,good,total,priority\n';
const rows = Array.from({ length: 100 }, (_, i) => `2026-01-05T${String(i % 24).padStart(2, '0')}:00:00Z,auth_latency_ms,${200 + i},payments-api,,,\n`).join('');

/** Writes `parts` (text, or a number of zero bytes) to a file in the temporary folder. */
function file(name: string, ...parts: (string | number)[]): string {
  const path = join(tmp.dir, name);
  const fd = openSync(path, 'w');
  for (const p of parts) {
    if (typeof p === 'string') writeSync(fd, p);
    else for (let left = p; left > 0; left -= 1 << 20) writeSync(fd, Buffer.alloc(Math.min(left, 1 << 20)));
  }
  closeSync(fd);
  return path;
}

/** bin/sla with its wall time and its own peak resident set. */
async function measured(args: string[], stdinFile?: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number; rssMb: number }> {
  const r = await measureSla(args, { stdinFile });
  if (process.env.SLA_SHOW_MEASURES) console.log(`${args.join(' ')}: ${(r.wallMs / 1000).toFixed(2)} s, ${r.maxRssMb.toFixed(0)} MB`);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, ms: r.wallMs, rssMb: r.maxRssMb };
}

describe('sla check at the CSV reader limits: time and peak memory (spawned)', () => {
  it(`reads 16 rows of exactly ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters (16 MB)`, async () => {
    const start = '2026-01-05T10:00:00Z,auth_latency_ms,250,payments-api,,,';
    const long = `${start}${'x'.repeat(MAX_RECORD_CHARS - start.length)}\n`;
    const csv = file('at-limit.csv', header, rows, ...Array.from({ length: 16 }, () => long));
    const r = await measured(['check', sla, csv, '--format', 'json', '--allow-missing']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).results.find((x: { kpi: string }) => x.kpi === 'latency-p95').samples).toBe(116);
    expect(r.ms).toBeLessThan(MAX_MS);
    expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
  }, 60_000);

  it.each([
    ['a quote that never closes, 32 MB on', () => file('unterminated.csv', header, rows, `2026-01-06T10:00:00Z,auth_latency_ms,"250,${'x'.repeat(32 << 20)}\n`), 'row 102, column "value": a quoted cell starts here and runs on for more than 1 MB without its closing quote; close the quote (a quote inside a quoted cell is written "")'],
    ['a 32 MB line that never ends', () => file('endless.csv', header, rows, `2026-01-06T10:00:00Z,auth_latency_ms,250,${'y'.repeat(32 << 20)}`), 'row 102, column "service": the row is longer than 1 MB (1,048,576 characters), the limit for one row of a metrics CSV; is this really a CSV?'],
    // csv-parse's max_record_size never sees this one (it counts cell bytes, not delimiters): 41 s, 1.1 GB.
    ['a 32 MB line of nothing but delimiters', () => file('delimiters.csv', header, rows, `${','.repeat(32 << 20)}\n`), 'row 102, field 1048578: the row is longer than 1 MB (1,048,576 characters), the limit for one row of a metrics CSV; is this really a CSV?'],
    ['100 rows and a 32 MB NUL tail', () => file('nul-tail.csv', header, rows, 32 << 20), 'row 102, column "timestamp": the file is not text (it holds NUL bytes); is it really a CSV?'],
    ['100 rows and a 2 GB sparse tail (truncate -s)', () => {
      const path = file('sparse.csv', header, rows);
      const fd = openSync(path, 'r+');
      ftruncateSync(fd, 2 * 1024 ** 3);
      closeSync(fd);
      return path;
    }, 'row 102, column "timestamp": the file is not text (it holds NUL bytes); is it really a CSV?'],
  ])('%s: exit 2 at the row where the trouble starts, in bounded time and memory', async (_name, make, message) => {
    const csv = make();
    for (const extra of [[], ['--skip-invalid']]) {
      const r = await measured(['check', sla, csv, ...extra]);
      expect(r.stderr).toBe(`sla: ${csv}: ${message}\n`);
      expect(r.code).toBe(2);
      expect(r.ms).toBeLessThan(MAX_MS);
      expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
    }
  }, 60_000);

  it('the same through standard input, where no file size is known', async () => {
    const csv = file('stdin-unterminated.csv', header, rows, `2026-01-06T10:00:00Z,auth_latency_ms,"${'z'.repeat(8 << 20)}`);
    const r = await measured(['check', sla, '-'], csv);
    expect(r.stderr).toBe('sla: <stdin>: row 102, column "value": a quoted cell starts here and runs on for more than 1 MB without its closing quote; close the quote (a quote inside a quoted cell is written "")\n');
    expect(r.code).toBe(2);
    expect(r.ms).toBeLessThan(MAX_MS);
    expect(r.rssMb).toBeLessThan(MAX_RSS_MB);
  }, 60_000);
});
