// A --browser that never answers (issue 13): one time-out, the program named in one line, exit 2,
// and nothing of what sla started left running: not the program, not a grandchild it started, not
// the profile folder. Stand-in browsers are shell scripts that write their process ids to a file.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, example, repoRoot, runInProcess, tempDir } from '../helpers.js';
import { exited, until } from '../robustness/process-helpers.js';

const tmp = tempDir('sla-browser-timeout-');
afterAll(() => tmp.cleanup());

// Each script records its own pid (the process group sla starts, as leader) and those of its children.
const FAKES = {
  // Never answers: the program itself sleeps.
  sleeps: 'echo $$ >> "$SLA_FAKE_PIDS"\nexec sleep 1000\n',
  // Prints nothing and ignores the polite signals: only SIGKILL ends it.
  'ignores-sigterm': `trap '' TERM INT HUP\necho $$ >> "$SLA_FAKE_PIDS"\nwhile :; do sleep 1; done\n`,
  // Starts a grandchild that sleeps, and waits for it.
  grandchild: 'echo $$ >> "$SLA_FAKE_PIDS"\nsleep 1000 &\necho $! >> "$SLA_FAKE_PIDS"\nwait\n',
} as const;
type Fake = keyof typeof FAKES;
const described: Record<Fake | 'exits-early', string> = {
  sleeps: 'sleeps for ever',
  'ignores-sigterm': 'prints nothing and ignores SIGTERM',
  grandchild: 'starts a grandchild that sleeps',
  'exits-early': 'exits at once, leaving a grandchild on the pipe',
};

const bin = join(tmp.dir, 'bin');
mkdirSync(bin);
for (const [name, body] of Object.entries(FAKES)) writeFileSync(join(bin, `${name}.sh`), `#!/bin/sh\n${body}`, { mode: 0o755 });
// Leaves a grandchild holding the debugging pipe, and exits at once.
writeFileSync(join(bin, 'exits-early.sh'), '#!/bin/sh\necho $$ >> "$SLA_FAKE_PIDS"\nsleep 1000 &\necho $! >> "$SLA_FAKE_PIDS"\nexit 0\n', { mode: 0o755 });

let n = 0;
/** A fresh folder for one run: TMPDIR (where the profile goes), the pid file, the output. */
function runDir() {
  const dir = join(tmp.dir, `run-${++n}`);
  mkdirSync(join(dir, 'tmp'), { recursive: true });
  return { dir, tmpdir: join(dir, 'tmp'), pids: join(dir, 'pids'), out: join(dir, 'out.pdf') };
}

/** Prints the peak resident memory of the process on its way out, after everything else on stderr. */
const PEAK = `data:text/javascript,process.on('exit',()=>process.stderr.write('peak-rss-kb '+process.resourceUsage().maxRSS+'\\n'))`;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** stderr without the root notice and the peak-memory line. */
  errors: string[];
  seconds: number;
  peakMb: number;
}

function start(args: string[], dir: ReturnType<typeof runDir>, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', PEAK, binPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, NO_COLOR: '1', TMPDIR: dir.tmpdir, SLA_FAKE_PIDS: dir.pids, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const started = Date.now();
  const done = exited(child).then(({ code, signal }): Run => {
    const lines = stderr.split('\n').filter(Boolean);
    const peak = lines.find((l) => l.startsWith('peak-rss-kb '));
    return {
      code,
      signal,
      stdout,
      errors: lines.filter((l) => !l.startsWith('peak-rss-kb ') && !l.includes('running as root')),
      seconds: (Date.now() - started) / 1000,
      peakMb: peak ? Number(peak.split(' ')[1]) / 1024 : NaN,
    };
  });
  return { child, done, stderr: () => stderr };
}

const pidsIn = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter(Boolean).map(Number) : []);

/** Processes still running (not zombies) whose id or process group is one of `pids`. */
function survivors(pids: number[]): string[] {
  const out: string[] = [];
  for (const p of readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${p}/stat`, 'utf8');
    } catch {
      continue;
    }
    // pid (comm) state ppid pgrp ...: comm may hold spaces, so split after its closing parenthesis.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (state === 'Z') continue;
    if (pids.includes(Number(p)) || pids.includes(Number(pgrp))) out.push(`${p} (group ${pgrp}): ${stat.slice(0, 60)}`);
  }
  return out;
}

/** The profile folders and Chromium socket folders left in a run's TMPDIR. */
const leftovers = (tmpdir: string) => readdirSync(tmpdir);

const render = (fake: string, dir: ReturnType<typeof runDir>, extra: string[] = ['--browser-timeout', '1']) =>
  ['render', example('it-service-desk', 'sla.yaml'), '-o', dir.out, '--browser', join(bin, fake), ...extra];

// Concurrent: each test waits on its own time-outs and processes in its own folder (runDir), so
// the waits overlap instead of adding up.
describe.concurrent('a browser that does not answer', () => {
  for (const fake of Object.keys(FAKES) as Fake[]) {
    it(`sla render, a browser that ${described[fake]}: one line naming it, exit 2, within the time-out, nothing left running`, async () => {
      const dir = runDir();
      const r = await start(render(`${fake}.sh`, dir), dir).done;
      const program = join(bin, `${fake}.sh`);
      expect(r.code, r.errors.join('\n')).toBe(2);
      expect(r.errors).toEqual([`sla: ${program} did not answer within 1 s; check that it is Chrome or Chromium (sla doctor --browser ${program}), or allow it longer with --browser-timeout SECONDS`]);
      // One time-out of 1 s, plus start-up on a busy machine; it was 180 + 30 s before.
      expect(r.seconds).toBeGreaterThanOrEqual(1);
      expect(r.seconds).toBeLessThan(25); // well under the 30 s default, with room for a loaded machine
      expect(r.peakMb).toBeLessThan(300);
      const pids = pidsIn(dir.pids);
      expect(pids.length).toBe(fake === 'grandchild' ? 2 : 1); // the check below sees what was started
      await until(() => survivors(pids).length === 0, `no process of the group (${survivors(pids).join('; ')})`, 3000);
      expect(leftovers(dir.tmpdir)).toEqual([]);
      expect(existsSync(dir.out)).toBe(false);
    });
  }

  it('sla render, a browser that exits at once but leaves a grandchild on the pipe: says so, exit 2, the grandchild killed', async () => {
    const dir = runDir();
    const r = await start(render('exits-early.sh', dir), dir).done;
    const program = join(bin, 'exits-early.sh');
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([`sla: could not start the browser ${program} (exit code 0); sla doctor --browser ${program} checks it`]);
    expect(r.seconds).toBeLessThan(25); // well under the 30 s default, with room for a loaded machine
    const pids = pidsIn(dir.pids);
    expect(pids.length).toBe(2);
    await until(() => survivors(pids).length === 0, `no process of the group (${survivors(pids).join('; ')})`, 3000);
    expect(leftovers(dir.tmpdir)).toEqual([]);
  });

  it('SLA_BROWSER_TIMEOUT sets the time-out when --browser-timeout is not given; the flag wins over it', async () => {
    const dir = runDir();
    const r = await start(render('sleeps.sh', dir, []), dir, { SLA_BROWSER_TIMEOUT: '1.5' }).done;
    expect(r.code).toBe(2);
    expect(r.errors[0]).toContain('did not answer within 1.5 s');
    expect(r.seconds).toBeGreaterThanOrEqual(1.5);
    expect(r.seconds).toBeLessThan(25); // well under the 30 s default, with room for a loaded machine
    const dir2 = runDir();
    const r2 = await start(render('sleeps.sh', dir2), dir2, { SLA_BROWSER_TIMEOUT: '60' }).done;
    expect(r2.errors[0]).toContain('did not answer within 1 s');
    expect(r2.seconds).toBeLessThan(25);
    await until(() => survivors([...pidsIn(dir.pids), ...pidsIn(dir2.pids)]).length === 0, 'no process of the groups', 3000);
  }, 60_000); // two runs of sla; each may take 25 s on a loaded machine

  it('sla report --format pdf: the same time-out and message', async () => {
    const dir = runDir();
    const out = join(dir.dir, 'report.pdf');
    const r = await start(['report', example('platform-api', 'sla.yaml'), example('platform-api', 'metrics.csv'), '-o', out, '--browser', join(bin, 'sleeps.sh'), '--browser-timeout', '1'], dir).done;
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([expect.stringMatching(/^sla: .*sleeps\.sh did not answer within 1 s; /)]);
    expect(r.seconds).toBeLessThan(25); // well under the 30 s default, with room for a loaded machine
    await until(() => survivors(pidsIn(dir.pids)).length === 0, 'no process of the group', 3000);
    expect(leftovers(dir.tmpdir)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  for (const fake of ['sleeps', 'ignores-sigterm', 'grandchild', 'exits-early'] as const) {
    it(`sla doctor, a browser that ${described[fake]}: reports it in bounded time (--version and the launch, 1 s each), nothing left running`, async () => {
      const dir = runDir();
      const program = join(bin, `${fake}.sh`);
      const r = await start(['doctor', '--browser', program, '--browser-timeout', '1', '--format', 'json'], dir).done;
      expect(r.code).toBe(1); // doctor's finding: the browser was found but does not start
      const report = JSON.parse(r.stdout);
      expect(report.browser.version).toBe(null);
      expect(report.browser.launch.ok).toBe(false);
      expect(report.browser.launch.error).toBe(
        fake === 'exits-early' ? `could not start the browser ${program} (exit code 0); sla doctor --browser ${program} checks it` : `${program} did not answer within 1 s; check that it is Chrome or Chromium (sla doctor --browser ${program}), or allow it longer with --browser-timeout SECONDS`,
      );
      // It took 310 s and left a process behind before.
      expect(r.seconds).toBeLessThan(25); // well under the 30 s default, with room for a loaded machine
      expect(r.peakMb).toBeLessThan(300);
      const pids = pidsIn(dir.pids);
      expect(pids.length).toBeGreaterThanOrEqual(2); // --version and the launch each started it
      await until(() => survivors(pids).length === 0, `no process of the group (${survivors(pids).join('; ')})`, 3000);
      expect(leftovers(dir.tmpdir)).toEqual([]);
    });
  }

  // In-process: a usage error needs no process of its own (and must start none).
  it('a time-out that is not a number of seconds is a usage error, exit 2', async () => {
    const dir = runDir();
    for (const [args, env, name] of [
      [['--browser-timeout', '0'], {}, '--browser-timeout'],
      [['--browser-timeout', 'soon'], {}, '--browser-timeout'],
      [[], { SLA_BROWSER_TIMEOUT: '-3' }, 'SLA_BROWSER_TIMEOUT'],
    ] as const) {
      const r = await runInProcess(render('sleeps.sh', dir, [...args]), { env: { NO_COLOR: '1', TMPDIR: dir.tmpdir, SLA_FAKE_PIDS: dir.pids, ...env } });
      expect(r.code).toBe(2);
      expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(new RegExp(`^sla: ${name} must be a number of seconds from 0.1 to 3600 \\(got "[^"]+"\\); the default is 30$`))]);
    }
    expect(pidsIn(dir.pids)).toEqual([]); // refused before anything started
  });
});

describe.concurrent('SIGTERM or SIGINT while the browser starts', () => {
  // Moments after the stand-in browser wrote its pid: at once, and a little later; and one before
  // it can have started (the signal may land before sla installs its handlers, or during the spawn).
  const moments = [
    { signal: 'SIGTERM', after: 'start', ms: 150 },
    { signal: 'SIGTERM', after: 'profile', ms: 0 },
    { signal: 'SIGTERM', after: 'pid', ms: 0 },
    { signal: 'SIGTERM', after: 'pid', ms: 30 },
    { signal: 'SIGTERM', after: 'pid', ms: 300 },
    { signal: 'SIGINT', after: 'pid', ms: 0 },
    { signal: 'SIGINT', after: 'pid', ms: 100 },
  ] as const;
  for (const m of moments) {
    it(`${m.signal} ${m.ms} ms after ${{ start: 'sla started', profile: 'the profile folder appeared', pid: 'the browser started' }[m.after]}: no process of the group, no profile folder`, async () => {
      const dir = runDir();
      const run = start(render('grandchild.sh', dir, ['--browser-timeout', '30']), dir);
      const started = Date.now();
      let ended = false;
      void run.done.then(() => (ended = true));
      if (m.after === 'profile') await until(() => leftovers(dir.tmpdir).length > 0 || ended, 'the profile folder', 20_000);
      if (m.after === 'pid') await until(() => pidsIn(dir.pids).length === 2 || ended, 'the stand-in browser', 20_000);
      await new Promise((r) => setTimeout(r, m.ms));
      expect(ended, run.stderr()).toBe(false);
      run.child.kill(m.signal);
      const r = await run.done;
      // It dies of the signal, as a shell expects, well before the 30 s time-out.
      expect(r.signal).toBe(m.signal);
      expect(Date.now() - started).toBeLessThan(20_000);
      const pids = pidsIn(dir.pids);
      await until(() => survivors(pids).length === 0, `no process of the group (${survivors(pids).join('; ')})`, 3000);
      expect(leftovers(dir.tmpdir)).toEqual([]);
    });
  }
});
