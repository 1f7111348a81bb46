// What reaches the terminal (issue 13, "terminal"): user text in every message and text format is
// one line with its control characters shown as escapes; Markdown never autolinks a field; init
// never writes an agreement validate rejects.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { initCommand } from '../../src/commands/init.js';
import type { Io } from '../../src/runtime/io.js';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hasUnprintable, printable, printableJson } from '../../src/core/printable.js';
import { escapeMarkdown } from '../../src/render/markdown-escape.js';
import { example, repoRoot, runInProcess, tempDir } from '../helpers.js';
import { AUTOLINK, RAW_CONTROL } from './terminal-text.js';

const tmp = tempDir('sla-terminal-');
afterAll(() => tmp.cleanup());


describe('printable', () => {
  it.each([
    ['plain text, é, 👍', 'plain text, é, 👍'],
    ['a\nb\r\nc\td', 'a\\nb\\r\\nc\\td'],
    ['\u001b[2J\u001b]0;title\u0007', '\\x1b[2J\\x1b]0;title\\x07'],
    ['\u0000\u007f', '\\x00\\x7f'],
    ['\u009b2J \u0085', '\\x9b2J \\x85'],
    ['\u202eevil\u202c \u2066x\u2069 \u200f', '\\u202eevil\\u202c \\u2066x\\u2069 \\u200f'],
    ['line\u2028sep', 'line\\u2028sep'],
    ['C:\\path\\file', 'C:\\path\\file'],
  ])('%j → %j', (input, expected) => {
    expect(printable(input)).toBe(expected);
    expect(printable(input)).not.toMatch(RAW_CONTROL);
    expect(hasUnprintable(input)).toBe(input !== expected);
  });

  it('is linear: 1 MB of escape sequences (100 times the longest text an agreement holds) in well under 3 s', () => {
    const text = '\u001b[2J'.repeat(250_000);
    const started = performance.now();
    const out = printable(text);
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(out.length).toBe(text.length + 3 * 250_000);
  });

  it('printableJson keeps the exact strings for a parser, with nothing raw for a terminal', () => {
    const value = { s: 'a\u001b[2J\u009b\u202e\u2028\n"\\' };
    const text = printableJson(value);
    expect(text).not.toMatch(RAW_CONTROL);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('a CSV cell cannot forge a line on standard error', () => {
  it('a quoted cell with a line break stays inside the one error line', async () => {
    const csv = join(tmp.dir, 'forged.csv');
    writeFileSync(csv, 'timestamp,metric,value,service,good,total,priority\n2026-01-05T11:00:00Z,auth_latency_ms,"1\nsla: all KPIs met, exit 0\n\u001b[2J",payments-api,,,\n');
    const r = await runInProcess(['check', example('platform-api', 'sla.yaml'), csv]);
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')).toEqual([expect.stringMatching(/^sla: .*forged\.csv: row 2, column "value": "1\\nsla: all KPIs met, exit 0\\n\\x1b\[2J" is not a number; fix the row/), '']);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });

  it('--format json keeps the exact cell (JSON escapes it itself)', async () => {
    const csv = join(tmp.dir, 'forged-json.csv');
    writeFileSync(csv, 'timestamp,metric,value,service,good,total,priority\n2026-01-05T11:00:00Z,auth_latency_ms,"1\n\u001b[2J",payments-api,,,\n');
    const r = await runInProcess(['check', example('platform-api', 'sla.yaml'), csv, '--format', 'json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toContain('"1\n\u001b[2J" is not a number');
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('file names with control characters', () => {
  const name = 'bad\u001b]0;pwned\u0007\n\u202ename.yaml';
  const shown = 'bad\\x1b]0;pwned\\x07\\n\\u202ename.yaml';
  const dir = join(tmp.dir, 'names');

  it.each(['stylish', 'github', 'junit', 'json'])('validate --format %s', async (format) => {
    if (!existsSync(join(dir, name))) {
      (await import('node:fs')).mkdirSync(dir, { recursive: true });
      copyFileSync(join(repoRoot, 'test/fixtures/bad/schema-bad-enum.yaml'), join(dir, name));
    }
    const r = await runInProcess(['validate', name, '--format', format, '--as-of', '2026-03-01'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    if (format === 'json') expect(JSON.parse(r.stdout).files[0].file).toBe(name);
    else expect(r.stdout).toContain(format === 'github' ? shown.replace(/:/g, '%3A') : shown);
  });

  it('check names an unreadable CSV on one line', async () => {
    const r = await runInProcess(['check', example('platform-api', 'sla.yaml'), `missing\n\u001b[2J.csv`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('missing\\n\\x1b[2J.csv');
  });

  it("commander's own errors quote the argument on one line", async () => {
    const r = await runInProcess(['check', example('platform-api', 'sla.yaml'), 'x.csv', '--format', 'tab\u001b[2J\nle']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'tab\\x1b[2J\\nle' is invalid");
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('titles, KPI names and texts in every check format', () => {
  const sla = join(repoRoot, 'test/fixtures/bad/terminal-title-escape.yaml');
  it.each(['table', 'markdown', 'github', 'junit'])('--format %s', async (format) => {
    const r = await runInProcess(['check', sla, example('platform-api', 'metrics.csv'), '--format', format]);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain(format === 'markdown' ? 'Payments API\\\\x1b\\]0;pwned\\\\x07\\\\x1b\\[2J SLA' : format === 'junit' ? 'Checkout\\nsla: no credits owed' : 'Checkout\\nsla');
    // The forged recipient never starts a line of its own.
    expect(r.stdout).not.toMatch(/^\s*sla: no credits owed/m);
  });

  it('on a terminal, colours are the only escapes', async () => {
    const r = await runInProcess(['check', sla, example('platform-api', 'metrics.csv')], { tty: true, env: { FORCE_COLOR: '1' } });
    expect(r.stdout).toContain('\u001b[1m'); // bold title: colour is on
    // eslint-disable-next-line no-control-regex
    const withoutColours = r.stdout.replace(/\u001b\[[0-9;]*m/g, '');
    expect(withoutColours).not.toMatch(RAW_CONTROL);
    expect(withoutColours).toContain('Payments API\\x1b]0;pwned\\x07\\x1b[2J SLA');
  });
});

describe('a field never becomes a link', () => {
  const file = join(repoRoot, 'test/fixtures/bad/terminal-autolink.yaml');
  it.each([
    ['https://evil.example/x', 'https\\://evil.example/x'],
    ['see http://a.b', 'see http\\://a.b'],
    ['(www.evil.example)', '(www\\.evil.example)'],
    ['*WWW.EVIL.EXAMPLE*', '\\*WWW\\.EVIL.EXAMPLE\\*'],
    ['ops@evil.example', 'ops\\@evil.example'],
    ['mailto:x@y.z xmpp:a@b.c', 'mailto:x\\@y.z xmpp:a\\@b.c'],
  ])('escapeMarkdown(%j) → %j', (input, expected) => {
    expect(escapeMarkdown(input)).toBe(expected);
    expect(escapeMarkdown(input)).not.toMatch(AUTOLINK);
  });

  it('in rendered Markdown', async () => {
    const r = await runInProcess(['render', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('# See https\\://evil.example/login and www\\.evil.example, mail ops\\@evil.example');
    // The template's own contacts (none here) aside, nothing in the document is an autolink.
    expect(r.stdout.split('\n').filter((l) => AUTOLINK.test(l))).toEqual([]);
  });

  it('in rendered HTML: the only links are the contents, to anchors of the page', async () => {
    const r = await runInProcess(['render', file, '--format', 'html']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('See https://evil.example/login and www.evil.example, mail ops@evil.example');
    const hrefs = [...r.stdout.matchAll(/<a\b[^>]*href="([^"]*)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(0);
    expect(hrefs.filter((h) => !h!.startsWith('#'))).toEqual([]);
  });

  it('in check --format markdown', async () => {
    const r = await runInProcess(['check', join(repoRoot, 'test/fixtures/bad/terminal-title-escape.yaml'), example('platform-api', 'metrics.csv'), '--format', 'markdown']);
    expect(r.stdout.split('\n').filter((l) => AUTOLINK.test(l))).toEqual([]);
  });
});

describe('sla init checks every answer before writing', () => {
  const run = async (args: string[]) => {
    const dir = tempDir('sla-terminal-init-');
    try {
      const before = process.memoryUsage().heapUsed;
      const started = performance.now();
      const r = await runInProcess(['init', '--yes', ...args], { cwd: dir.dir, env: { TZ: 'UTC' } });
      const ms = performance.now() - started;
      const heapMb = (process.memoryUsage().heapUsed - before) / 1e6;
      return { ...r, ms, heapMb, files: readdirSync(dir.dir) };
    } finally {
      dir.cleanup();
    }
  };

  it.each([
    ['--provider', 12_000, '--provider is 12,000 characters long; keep a name to 200 characters'],
    ['--service', 201, '--service is 201 characters long; keep a name to 200 characters'],
    ['--recipient', 1_000_000, '--recipient is 1,000,000 characters long; keep a name to 200 characters'],
  ])('%s with %d characters: exit 2, one line naming the flag, nothing written', async (flag, length, message) => {
    const r = await run([flag, 'x'.repeat(length)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${message}\n`);
    expect(r.files).toEqual([]);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.heapMb).toBeLessThan(300);
  });

  it.each([
    ['--provider', 'Ops\u001b]0;pwned\u0007'],
    ['--service', 'Pay\u202eevil'],
    ['--recipient', 'Line\u2028break'],
    ['--recipient', 'C1\u009bcontrol'],
  ])('%s with %j: refused as a control character', async (flag, value) => {
    const r = await run([flag, value]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${flag} must be one line of text without control characters\n`);
    expect(r.files).toEqual([]);
  });

  it('names at the limit: the agreement is written and validates', async () => {
    const dir = tempDir('sla-terminal-init-');
    try {
      const long = (c: string) => c.repeat(200);
      const started = performance.now();
      const before = process.memoryUsage().heapUsed;
      const args = ['init', '--yes', '--provider', long('p'), '--service', long('s'), ...Array.from({ length: 20 }, (_, i) => ['--recipient', `${String(i).padStart(2, '0')}${long('r').slice(2)}`]).flat(), '--with-metrics'];
      const r = await runInProcess(args, { cwd: dir.dir, env: { TZ: 'UTC' } });
      expect(r.code, r.stderr).toBe(0);
      const v = await runInProcess(['validate', 'sla.yaml', '--strict'], { cwd: dir.dir });
      expect(v.code, v.stdout).toBe(0);
      expect(performance.now() - started).toBeLessThan(10_000);
      expect((process.memoryUsage().heapUsed - before) / 1e6).toBeLessThan(300);
      expect(readFileSync(join(dir.dir, 'sla.yaml'), 'utf8')).toContain(long('p'));
    } finally {
      dir.cleanup();
    }
  });

  it('an answer that would make an invalid agreement is refused before writing (by the answer checks, or the validator behind them)', async () => {
    const r = await run(['--effective', '9999-12-01']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: (--effective: .+|the answers make an agreement that is not valid \(sla\.yaml:\d+:\d+: .+\); nothing was written)/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.files).toEqual([]);
  });

  it('at the prompts: the same checks, and an answer quoted back shows its control characters escaped', async () => {
    const dir = tempDir('sla-terminal-init-');
    try {
      let stderr = '';
      const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
      stdin.isTTY = true;
      stdin.end(['evil\u001b]0;pwned\u0007', 'service-desk', 'p'.repeat(201), 'Ops\u202e', 'IT Operations', '', '', '', ''].map((l) => `${l}\n`).join(''));
      const io: Io = { stdin, stdout: { write: () => true, isTTY: true }, stderr: { write: (t: string) => (stderr += t), isTTY: true }, env: { NO_COLOR: '1' }, cwd: dir.dir };
      const code = await initCommand(undefined, {}, io, { timezone: 'UTC', now: new Date('2026-11-26T12:00:00Z') });
      expect(code).toBe(0);
      expect(stderr).toContain('unknown preset "evil\\x1b]0;pwned\\x07"');
      expect(stderr).toContain('the provider is 201 characters long; keep a name to 200 characters');
      expect(stderr).toContain('the provider must be one line of text without control characters');
      expect(stderr).not.toMatch(RAW_CONTROL);
      expect(readFileSync(join(dir.dir, 'sla.yaml'), 'utf8')).toContain('name: IT Operations');
    } finally {
      dir.cleanup();
    }
  });
});
