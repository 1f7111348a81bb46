// Ctrl-C or a kill while the real Chromium starts (issue 13): whatever the moment, no browser process
// and no profile folder stay behind (it was left in about half the runs, the browser still writing
// into it after sla had removed it). And a browser that started but stops answering fails in
// bounded time, not after puppeteer's 180 s.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, example, repoRoot, tempDir } from '../helpers.js';
import { exited, until } from '../robustness/process-helpers.js';
import { pdfUnavailable } from './fixtures.js';

const tmp = tempDir('sla-browser-launch-');
afterAll(() => tmp.cleanup());

const unavailable = pdfUnavailable();
if (unavailable && process.env.CI) {
  describe('browser launch interrupted', () => {
    it('has a browser and pdftotext in CI', () => {
      throw new Error(`PDF tests cannot run in CI: ${unavailable}`);
    });
  });
}

/** Processes (not zombies) started by a run whose temporary folder is tmpdir: Chromium names its profile in its command line. */
const browsersIn = (tmpdir: string) =>
  readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8');
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(tmpdir) && stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  });

/** `sla render ARGS` through bin/sla with TMPDIR=tmpdir: its stderr so far, and whether it has ended. */
function renderIn(tmpdir: string, args: string[]) {
  const child = spawn(process.execPath, [binPath, 'render', ...args], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, TMPDIR: tmpdir } });
  const run = { child, stderr: '', ended: false, done: exited(child) };
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (run.stderr += d));
  void run.done.then(() => (run.ended = true));
  return run;
}

// All seven runs at once, each in its own folders: most of their time is waiting (on Chromium's start,
// on the stopped browser's 16 s time-out), which overlaps instead of adding up.
describe.concurrent('the real Chromium, stopped or killed', () => {
  describe.skipIf(unavailable !== undefined)(`sla render --format pdf, stopped while Chromium starts${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    // Measured from the moment the profile folder appears (sla has created it and is about to start
    // the browser); the later moments fall in Chromium's own start-up, while it fills the profile.
    const moments = [
      ['SIGTERM', 0],
      ['SIGTERM', 20],
      ['SIGTERM', 100],
      ['SIGINT', 250],
      ['SIGTERM', 600],
      ['SIGINT', 1200],
    ] as const;
    let n = 0;
    for (const [signal, ms] of moments) {
      it(`${signal} ${ms} ms after the profile folder appeared: no browser process, nothing left in the temporary folder`, async () => {
        const tmpdir = join(tmp.dir, `tmp-${++n}`);
        mkdirSync(tmpdir);
        const run = renderIn(tmpdir, [example('it-service-desk', 'sla.yaml'), '-o', join(tmp.dir, `out-${n}.pdf`)]);
        const { child, done } = run;
        await until(() => readdirSync(tmpdir).some((f) => f.startsWith('sla-chromium-profile-')) || run.ended, 'the profile folder', 30_000);
        await new Promise((r) => setTimeout(r, ms));
        expect(run.ended, run.stderr).toBe(false);
        child.kill(signal);
        expect((await done).signal).toBe(signal);
        // Nothing to wait for: sla killed the group and removed the folder before it died.
        expect(browsersIn(tmpdir)).toEqual([]);
        expect(readdirSync(tmpdir)).toEqual([]);
        // A straggler would re-create the folder a moment later.
        await new Promise((r) => setTimeout(r, 300));
        expect(browsersIn(tmpdir)).toEqual([]);
        expect(readdirSync(tmpdir)).toEqual([]);
      }, 60_000);
    }
  });

  describe.skipIf(unavailable !== undefined)(`a browser that started, then stops answering${unavailable ? ` (skipped: ${unavailable})` : ''}`, () => {
    it('fails with one line after twice the launch time-out (not puppeteer\'s 180 s), exit 2, the browser killed, the profile removed', async () => {
      const N = 6;
      const inDir = join(tmp.dir, 'batch');
      const outDir = join(tmp.dir, 'batch-out');
      const tmpdir = join(tmp.dir, 'tmp-stopped');
      mkdirSync(inDir);
      mkdirSync(outDir);
      mkdirSync(tmpdir);
      const { copyFileSync } = await import('node:fs');
      for (let i = 0; i < N; i++) copyFileSync(example('it-service-desk', 'sla.yaml'), join(inDir, `sla-${i}.yaml`));
      // 8 s to start (a quiet machine needs under 1, a busy 2-core one up to ~5), so 16 s for each request.
      const run = renderIn(tmpdir, [inDir, '--format', 'pdf', '--out-dir', outDir, '--browser-timeout', '8']);
      const { done } = run;
      // The fourth document starts once a first one is printed (at most three print at a time): the
      // browser is up and working. The third can start while the browser is still launching.
      await until(() => run.stderr.includes(`[4/${N}]`) || run.ended, 'the fourth document', 60_000);
      expect(run.ended, run.stderr).toBe(false);
      const browsers = browsersIn(tmpdir);
      expect(browsers.length).toBeGreaterThan(0);
      for (const pid of browsers) process.kill(Number(pid), 'SIGSTOP'); // alive, but answers nothing
      const stopped = Date.now();
      const { code } = await done;
      const seconds = (Date.now() - stopped) / 1000;
      const errors = run.stderr.split('\n').filter((l) => l.startsWith('sla: ') && !l.includes('running as root') && !/^sla: \[\d/.test(l));
      expect(code, run.stderr).toBe(2);
      expect(errors).toEqual([expect.stringMatching(/^sla: the browser \S+ (did not answer within 16 s|ended) while printing a page/)]);
      expect(run.stderr).not.toMatch(/internal error|^\s+at /m);
      expect(seconds).toBeLessThan(30);
      await until(() => browsersIn(tmpdir).length === 0, 'the stopped browser to be killed', 3000);
      expect(readdirSync(tmpdir)).toEqual([]);
    }, 120_000);
  });
});
