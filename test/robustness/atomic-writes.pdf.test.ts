// sla render --format pdf killed in the middle of a batch: every PDF old or whole, the browser gone.
// (The other interrupted writes are in atomic-writes.cli.test.ts.)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir as osTmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, runSla, tempDir } from '../helpers.js';
import { exampleData, pdfUnavailable, writeSla } from '../render/fixtures.js';
import { exited, temps, until } from './process-helpers.js';

const tmp = tempDir('sla-atomic-pdf-');
const shortTmps: string[] = [];
afterAll(() => {
  tmp.cleanup();
  for (const dir of shortTmps) rmSync(dir, { recursive: true, force: true });
});

const unavailable = pdfUnavailable();
if (unavailable && process.env.CI) {
  describe('PDF batch interruption', () => {
    it('has a browser and pdftotext in CI', () => {
      throw new Error(`PDF tests cannot run in CI: ${unavailable}`);
    });
  });
}

// The two signals at once, each with its own output and TMPDIR: the batches overlap instead of adding up.
describe.skipIf(unavailable !== undefined).concurrent(`sla render --format pdf, killed in the middle of a batch${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
  // Six documents, killed as the fourth starts (at most three print at a time, so at least one is
  // whole by then and three or more are not): every PDF printed before the kill is CPU spent for nothing.
  const N = 6;
  const inDir = join(tmp.dir, 'pdf-in');
  beforeAll(() => {
    mkdirSync(inDir);
    const desk = exampleData('it-service-desk');
    for (let i = 0; i < N; i++) writeSla(inDir, `sla-${i}.yaml`, { ...desk, id: `pdf-${i}` });
  });

  /** Chromium processes started by a run whose temporary folder is tmpdir. */
  const browsersIn = (tmpdir: string) =>
    readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
      try {
        return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(tmpdir) && !readFileSync(`/proc/${p}/stat`, 'utf8').includes(') Z');
      } catch {
        return false;
      }
    });

  // The third case kills the browser's process group too, as the OOM killer or `kill -9 -- -PGID`
  // may: a browser that never shuts down leaves its own temporary files, which must be in its profile.
  for (const [signal, browserToo] of [['SIGTERM', false], ['SIGKILL', false], ['SIGKILL', true]] as const) {
    it(`${signal}${browserToo ? ' to sla and the browser' : ''}: every PDF old or whole, no temporary file, the browser gone${signal === 'SIGKILL' ? ', its profile swept by the next run' : ' with its profile'}`, async () => {
      const out = join(tmp.dir, `pdf-${signal}${browserToo ? '-both' : ''}`);
      // A short temporary directory, as /tmp is: with a long one, the browser keeps its socket's
      // folder in the system's (a Unix socket's path is short), and this test could not see it.
      const tmpdir = mkdtempSync(join(osTmpdir(), `sla-k${signal.slice(3, 5)}${browserToo ? 'b' : ''}-`));
      shortTmps.push(tmpdir);
      mkdirSync(out);
      for (let i = 0; i < N; i++) writeFileSync(join(out, `sla-${i}.pdf`), 'old');
      const child = spawn(process.execPath, [binPath, 'render', inDir, '--format', 'pdf', '--out-dir', out, '--force'], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmpdir } });
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      const done = exited(child);
      let ended = false;
      void done.then(() => (ended = true));
      await until(() => stderr.includes(`[4/${N}]`) || ended, 'the fourth document', 60_000);
      expect(ended, stderr).toBe(false);
      const browsers = browsersIn(tmpdir);
      expect(browsers.length).toBeGreaterThan(0); // the check below can see a browser
      child.kill(signal);
      if (browserToo) {
        for (const pid of browsers) {
          try {
            process.kill(Number(pid), 'SIGKILL');
          } catch {
            /* already gone */
          }
        }
      }
      expect((await done).signal).toBe(signal);
      let whole = 0;
      for (let i = 0; i < N; i++) {
        const bytes = readFileSync(join(out, `sla-${i}.pdf`));
        if (bytes.toString() === 'old') continue;
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
        expect(bytes.subarray(-6).toString()).toMatch(/%%EOF\n?$/);
        whole++;
      }
      expect(whole).toBeGreaterThan(0);
      expect(whole).toBeLessThan(N);
      // SIGTERM removes the temporary files of writes in progress. SIGKILL cannot be caught: a PDF
      // being written (temp file, fsync, rename: on a busy disk the fsync is slow) leaves its temporary
      // file, named after the killed process, and the next write to the folder sweeps it (below).
      if (signal === 'SIGTERM') expect(temps(out)).toEqual([]);
      else for (const f of temps(out)) expect(f).toMatch(new RegExp(`\\.sla-${child.pid}-[0-9a-f]+\\.tmp$`));
      // The browser follows sla: killed by it, or (SIGKILL) ending when its pipe to sla closes.
      await until(() => browsersIn(tmpdir).length === 0, 'the browser to end', 10_000);
      if (signal === 'SIGTERM') {
        expect(readdirSync(tmpdir)).toEqual([]);
      } else {
        expect(readdirSync(tmpdir)).toEqual([expect.stringMatching(/^sla-chromium-profile-\d+-/)]);
        const again = await runSla(['render', join(inDir, 'sla-0.yaml'), '-o', join(out, 'again.pdf')], { env: { TMPDIR: tmpdir }, timeoutMs: 60_000 });
        expect(again.code, again.stderr).toBe(0);
        expect(readdirSync(tmpdir)).toEqual([]);
        expect(temps(out)).toEqual([]);
      }
    }, 120_000);
  }
});
