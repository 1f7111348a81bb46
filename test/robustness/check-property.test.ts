import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { example, runInProcess } from '../helpers.js';

const runs = Number(process.env.SLA_FUZZ_RUNS ?? 1_000);
const sla = example('platform-api', 'sla.yaml');

// Cells drawn from what real exports contain and what breaks parsers.
const cell = fc.oneof(
  fc.constantFrom('2026-01-05T10:00:00Z', '2026-03-29T01:30:00+01:00', '2026-02-30', '2026-01-05', 'requests', 'auth_latency_ms', 'incident_ack_minutes', 'payments-api', 'SEV1', '', 'NaN', 'Infinity', '-0', '1e309', '250', '99.95', '"quoted, with comma"', '"unterminated', '""', ' ', '\t', 'ümlaut', '\u0000'),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 8 }),
);
const header = fc.shuffledSubarray(['timestamp', 'metric', 'value', 'service', 'good', 'total', 'priority', 'extra'], { minLength: 0 });
// Line ends mixed line by line (LF, CRLF, lone CR), as exports stitched together from several tools are.
const csv = fc.tuple(header, fc.array(fc.tuple(fc.array(cell, { maxLength: 9 }), fc.constantFrom('\n', '\r\n', '\r')), { maxLength: 12 }), fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r'))
  .map(([h, rows, sep, eol]) => h.join(sep) + eol + rows.map(([r, end]) => r.join(sep) + end).join(''));

describe('check never crashes, whatever the CSV', () => {
  it('ends with exit 0 or 1 and a JSON result, or exit 2 and an error that says where', async () => {
    await fc.assert(
      fc.asyncProperty(csv, fc.boolean(), async (text, skipInvalid) => {
        const r = await runInProcess(['check', sla, '-', '--format', 'json', ...(skipInvalid ? ['--skip-invalid'] : [])], { input: text });
        expect([0, 1, 2]).toContain(r.code);
        const json = JSON.parse(r.stdout);
        if (r.code === 2) {
          expect(json.error.exitCode).toBe(2);
          expect(r.stderr).toMatch(/^sla: <stdin>: (row \d+|KPI "[^"]+" needs the column|the file )/);
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        } else {
          expect(Array.isArray(json.results)).toBe(true);
          expect(['met', 'breached', 'no-data']).toContain(json.status);
          for (const s of json.skipped) expect(Number.isInteger(s.row) && s.row >= 2).toBe(true);
        }
      }),
      { numRuns: runs },
    );
  }, Math.max(120_000, runs * 30));
});
