// Property: random text with control characters in a title, a KPI name, a recipient, a CSV cell and
// the file names, through every text format of validate and check and through the error path,
// never puts a raw control character on standard output or standard error (the formatter's own
// line breaks aside; colour is off, as in a pipe), and an error stays one line.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { example, runInProcess, tempDir } from '../helpers.js';
import { RAW_CONTROL } from './terminal-text.js';

// Each run is a whole command in-process (tens of milliseconds), so a tenth of the usual count.
const runs = Math.max(20, Math.floor(Number(process.env.SLA_FUZZ_RUNS ?? 1_000) / 10));
const tmp = tempDir('sla-terminal-property-');
afterAll(() => tmp.cleanup());

const slaText = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
const csvHead = readFileSync(example('platform-api', 'metrics.csv'), 'utf8').split('\n').slice(0, 40).join('\n');

const fragment = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  fc.constantFrom('\n', '\r\n', '\r', '\t', '\u0000', '\u0007', '\u001b[2J', '\u001b]0;pwned\u0007', '\u001bc', '\u007f', '\u0085', '\u009b31m', '\u202e', '\u2066', '\u2069', '\u200f', '\u2028', '\u2029', '\nsla: all KPIs met, exit 0\n', 'https://evil.example', '%0A', '::error::x', '"', ','),
);
const text = fc.array(fragment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(''));
// A file name: any text but / and NUL, short enough for the file system's 255 bytes.
const fileName = text.map((t) => t.replace(/[/\u0000]/g, '_').slice(0, 40) || 'x');

const validateFormats = ['stylish', 'github', 'junit', 'json'] as const;
const checkFormats = ['table', 'markdown', 'github', 'junit', 'json'] as const;

const csvCell = (value: string) => `"${value.replace(/"/g, '""')}"`;

let n = 0;

describe('no raw control character reaches the terminal, whatever the text', () => {
  it('validate and check, every text format, the error path', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ title: text, kpiName: text, recipient: text, status: fc.option(text, { freq: 3 }), cell: text, slaName: fileName, csvName: fileName }),
        fc.oneof(
          fc.record({ command: fc.constant('validate' as const), format: fc.constantFrom(...validateFormats) }),
          fc.record({ command: fc.constant('check' as const), format: fc.constantFrom(...checkFormats), skipInvalid: fc.boolean() }),
        ),
        async (v, how) => {
          const dir = join(tmp.dir, String(n++));
          mkdirSync(dir);
          const doc = parseDocument(slaText);
          doc.setIn(['title'], v.title);
          doc.setIn(['metrics', 0, 'name'], v.kpiName);
          doc.setIn(['parties', 'recipients', 0, 'name'], v.recipient);
          if (v.status !== null) doc.setIn(['status'], v.status); // an enum error quoting the value
          const slaFile = `${v.slaName}.yaml`;
          const csvFile = `${v.csvName}.csv`;
          writeFileSync(join(dir, slaFile), doc.toString());
          writeFileSync(join(dir, csvFile), `${csvHead}\n2026-01-05T11:00:00Z,auth_latency_ms,${csvCell(v.cell)},payments-api,,,\n`);
          const args =
            how.command === 'validate'
              ? ['validate', slaFile, '--format', how.format, '--as-of', '2026-03-01']
              : ['check', slaFile, csvFile, '--format', how.format, ...('skipInvalid' in how && how.skipInvalid ? ['--skip-invalid'] : [])];
          const r = await runInProcess(args, { cwd: dir });
          const output = r.stdout + r.stderr;
          expect([0, 1, 2], output).toContain(r.code);
          expect(output).not.toMatch(RAW_CONTROL);
          expect(output).not.toMatch(/internal error/);
          // The error path: one line on standard error, naming something to act on.
          if (r.code === 2) expect(r.stderr.trimEnd().split('\n'), r.stderr).toHaveLength(1);
          // Nothing the text held makes a line of its own (a file name may start stylish's file line, escaped).
          expect(output).not.toMatch(/^sla: all KPIs met, exit 0$/m);
          expect(output).not.toMatch(/^::error::x$/m);
        },
      ),
      { numRuns: runs },
    );
  }, Math.max(60_000, runs * 1_000));
});
