// sla init end to end through a real pseudo-terminal (util-linux `script`), when the machine has one.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binPath, runSla, tempDir } from '../helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('sla-init-pty-')));
afterEach(() => cleanup());

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('sla init through a pseudo-terminal (needs util-linux script)', () => {
  it('asks, reads typed answers and writes a valid agreement', async () => {
    const child = spawn('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(binPath)} init --with-metrics`, '/dev/null'], { cwd: dir, env: { ...process.env, CI: '', NO_COLOR: '1', TERM: 'dumb' }, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let typed = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
      // Type the answers once the first question shows, as a person would.
      if (!typed && output.includes('Preset')) {
        typed = true;
        child.stdin.write('platform-api\nCore Infra\nPayments, Search\nLedger API\nEurope/Paris\n2027-02-01\n');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.destroy();
    expect(code, output).toBe(0);
    expect(output).toContain('Created sla.yaml (preset platform-api)');
    const doc = parse(readFileSync(join(dir, 'sla.yaml'), 'utf8'));
    expect(doc).toMatchObject({ id: 'ledger-api', timezone: 'Europe/Paris', effective: '2027-02-01', parties: { provider: { name: 'Core Infra' }, recipients: [{ name: 'Payments' }, { name: 'Search' }] } });
    const v = await runSla(['validate', '--strict', 'sla.yaml'], { cwd: dir });
    expect(v.code, v.stdout).toBe(0);
  });
});
