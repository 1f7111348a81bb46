// The questions: the command called in-process with a terminal-like Io and scripted answers, and
// once end to end through a real pseudo-terminal (util-linux `script`) when the machine has one, in
// interactive.cli.test.ts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { initCommand, type InitOptions } from '../../src/commands/init.js';
import { loadSla } from '../../src/core/load/load.js';
import { UserError, type Io } from '../../src/runtime/io.js';
import { tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('sla-init-ask-')));
afterEach(() => cleanup());

const NOW = new Date('2026-11-26T12:00:00Z');

/** Runs `sla init` in-process as if on a terminal, typing `lines` at the questions. */
async function ask(lines: string[], options: InitOptions = {}, env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough() as PassThrough & { isTTY?: boolean };
  stdin.isTTY = true;
  stdin.end(lines.map((l) => `${l}\n`).join(''));
  const io: Io = { stdin, stdout: { write: (s: string) => (stdout += s), isTTY: true }, stderr: { write: (s: string) => (stderr += s), isTTY: true }, env: { NO_COLOR: '1', ...env }, cwd: dir };
  let code: number;
  try {
    code = await initCommand(undefined, { color: true, ...options }, io, { timezone: 'Europe/Berlin', now: NOW });
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    stderr += `sla: ${err.message}\n`;
    code = err.exitCode;
  }
  const file = join(dir, 'sla.yaml');
  return { code, stdout, stderr, text: existsSync(file) ? readFileSync(file, 'utf8') : undefined };
}

describe('sla init on a terminal', () => {
  it('asks every question on stderr and uses the answers', async () => {
    const r = await ask(['data-pipeline', 'Data Platform', 'Marketing, Finance', 'Nightly ETL', 'America/Chicago', '2027-01-01']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    for (const q of ['? Preset (service-desk)', '? Provider (the team that delivers the service) (Data Engineering)', '? Recipients (the teams that rely on it, separated by commas) (Analytics)', '? Service name (Daily Data Pipeline)', '? Time zone (Europe/Berlin)', '? Effective date (2026-12-01)']) {
      expect(r.stderr).toContain(q);
    }
    const doc = parse(r.text!);
    expect(doc).toMatchObject({ id: 'nightly-etl', timezone: 'America/Chicago', effective: '2027-01-01', parties: { provider: { name: 'Data Platform' }, recipients: [{ name: 'Marketing' }, { name: 'Finance' }] } });
    expect(r.text).toContain('# Written by `sla init --preset data-pipeline`');
    expect(loadSla(r.text!, 'sla.yaml', { asOf: '2026-11-26' }).problems).toEqual([]);
  });

  it('takes the default for an empty answer, and a preset by its number', async () => {
    const r = await ask(['2', '', '', '', '', '']);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.text!)).toMatchObject({ id: 'platform-api', timezone: 'Europe/Berlin', effective: '2026-12-01', parties: { provider: { name: 'Platform Engineering' }, recipients: [{ name: 'Product Engineering' }] } });
  });

  it('asks again after an answer it cannot use, saying why', async () => {
    const r = await ask(['helpdesk', '1', '', '', '', 'Mars/Olympus', 'europe/london', '2027-13-01', '2027-03-01']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('unknown preset "helpdesk"');
    expect(r.stderr).toContain('"Mars/Olympus" is not an IANA time zone');
    expect(r.stderr).toContain('(got "2027-13-01")');
    expect(parse(r.text!)).toMatchObject({ timezone: 'Europe/London', effective: '2027-03-01' });
  });

  it('does not ask what flags already answered', async () => {
    const r = await ask(['Ops Team', ''], { preset: 'service-desk', recipient: ['Sales'], service: 'Help', timezone: 'UTC', effective: '2027-01-01' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toContain('Preset');
    expect(r.stderr).not.toContain('Recipients');
    expect(parse(r.text!).parties).toMatchObject({ provider: { name: 'Ops Team' }, recipients: [{ name: 'Sales' }] });
  });

  it('stops with exit 2 and writes nothing when the answers run out', async () => {
    const r = await ask(['service-desk', 'Ops']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sla: no answer (end of input); nothing was written. Pass --yes to take every default\n');
    expect(r.text).toBeUndefined();
  });

  it('asks nothing with --yes, or when CI is set', async () => {
    for (const r of [await ask([], { yes: true }), await ask([], { force: true }, { CI: 'true' })]) {
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).not.toContain('? ');
      expect(parse(r.text!)).toMatchObject({ id: 'it-service-desk', timezone: 'Europe/Berlin', effective: '2026-12-01' });
    }
  });

  it('refuses an existing file before asking anything', async () => {
    await ask([], { yes: true });
    const r = await ask(['platform-api', '', '', '', '', '']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: sla.yaml already exists; nothing was written. Use --force to overwrite it, or give another path\n');
  });
});
