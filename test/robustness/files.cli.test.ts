// File input and output safety that needs real processes: FIFOs (made with mkfifo), the temporary
// folder, standard output on a full device, a real full disk (a 64 KB tmpfs, when this machine lets
// us mount one). Each run is timed and its peak memory read back (see `timed`).
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, cpSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binPath, example, measureSla, runInProcess, tempDir } from '../helpers.js';

const tmp = tempDir('sla-files-cli-');
let mountedAt: string | undefined;
afterAll(() => {
  // Unmounted here, not in its describe: a filtered run may skip that describe's hooks.
  if (mountedAt !== undefined) execFileSync('umount', [mountedAt]);
  tmp.cleanup();
});
const fresh = tmp.fresh;
const mkfifo = (path: string) => execFileSync('mkfifo', [path]);

interface Timed {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  maxRssMb: number;
}

/** bin/sla with its wall time and its own peak RSS; killed after 30 s (a FIFO it should never open would block it). */
async function timed(args: string[], options: { cwd: string; env?: Record<string, string>; stdout?: number }): Promise<Timed> {
  const r = await measureSla(args, { ...options, killAfterMs: 30_000 });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr, ms: r.wallMs, maxRssMb: r.maxRssMb };
}

const within = (r: Timed) => {
  expect(r.ms, r.stderr).toBeLessThan(10_000);
  expect(r.maxRssMb, r.stderr).toBeLessThan(300);
};
const oneLine = (r: { stderr: string }) => {
  expect(r.stderr.trimEnd().split('\n').filter((l) => !l.includes('--no-sandbox'))).toHaveLength(1);
  expect(r.stderr).not.toMatch(/internal error|this is a bug|^\s+at /m);
};

const desk = example('it-service-desk', 'sla.yaml');
const api = example('platform-api', 'sla.yaml');
const metrics = example('platform-api', 'metrics.csv');

describe('a FIFO as an input is refused at once, never read (it would block forever)', () => {
  const dir = fresh();
  mkfifo(join(dir, 'pipe.yaml'));
  mkfifo(join(dir, 'pipe.csv'));
  mkfifo(join(dir, 'style.css'));
  mkdirSync(join(dir, 'tpl'));
  mkfifo(join(dir, 'tpl', 'parties.md.hbs'));
  mkdirSync(join(dir, 'tpl-css'));
  mkfifo(join(dir, 'tpl-css', 'agreement.css'));
  // The ticket-export example counts business time, so it reads its holiday calendar: make that a FIFO.
  mkdirSync(join(dir, 'cal'));
  cpSync(example('ticket-export', 'sla.yaml'), join(dir, 'cal', 'sla.yaml'));
  cpSync(example('ticket-export', 'tickets.csv'), join(dir, 'cal', 'tickets.csv'));
  mkfifo(join(dir, 'cal', 'bank-holidays-2026.ics'));
  const pipeHint = 'is a FIFO (named pipe), not a regular file; sla reads only regular files';
  const cases: [string[], string][] = [
    [['validate', 'pipe.yaml'], `sla: pipe.yaml: ${pipeHint} (to read a pipe, give - and redirect it to standard input)`],
    [['validate', '.'], `sla: pipe.yaml: ${pipeHint} (to read a pipe, give - and redirect it to standard input)`],
    [['render', 'pipe.yaml'], `sla: pipe.yaml: ${pipeHint} (to read a pipe, give - and redirect it to standard input)`],
    [['check', api, 'pipe.csv'], `sla: pipe.csv: ${pipeHint} (to read a pipe, give - and redirect it to standard input)`],
    [['report', api, 'pipe.csv'], `sla: pipe.csv: ${pipeHint} (to read a pipe, give - and redirect it to standard input)`],
    [['render', desk, '--format', 'html', '--css', 'style.css'], `sla: --css style.css: ${pipeHint}`],
    [['render', desk, '--template', 'tpl'], `sla: tpl/parties.md.hbs: ${pipeHint}`],
    [['render', desk, '--format', 'html', '--template', 'tpl-css'], `sla: tpl-css/agreement.css: ${pipeHint}`],
    [['check', 'cal/sla.yaml', 'cal/tickets.csv'], `sla: bank-holidays-2026.ics (scope.coverage.holidayCalendar of cal/sla.yaml): ${pipeHint}`],
  ];
  // Every case in-process (below, with its time bound: a FIFO opened there would hang the worker);
  // through bin/sla, measured, one per kind of input: the agreement, the data, a template file.
  const spawned = cases.filter(([args]) => ['validate,pipe.yaml', `check,${api},pipe.csv`, 'render,' + desk + ',--template,tpl'].includes(args.join(',')));
  it('spawns one case per kind of input', () => expect(spawned).toHaveLength(3));
  // One at a time: node start-ups at once on two shared cores would blur the time bound.
  it.each(spawned)('bin/sla %j', async (args, message) => {
    const r = await timed(args, { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toBe(message + '\n');
    within(r);
  });
  it.each(cases)('in-process %j', async (args, message) => {
    const started = Date.now();
    const r = await runInProcess(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(message + '\n');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  it('still reads standard input through -', async () => {
    const r = await runInProcess(['validate', '-', '--as-of', '2026-03-01'], { cwd: dir, input: readFileSync(desk) });
    expect(r.code, r.stderr).toBe(0);
  });
});

describe('size limits of --css and template files (8 MB), at the limit and just over', () => {
  const dir = fresh();
  const MB8 = 8 * 1024 * 1024;
  mkdirSync(join(dir, 'tpl'));
  writeFileSync(join(dir, 'at-limit.css'), Buffer.alloc(MB8, 'p{color:red}\n'));
  writeFileSync(join(dir, 'over.css'), Buffer.alloc(MB8 + 1, 'p{color:red}\n'));
  it('an 8 MB stylesheet is used, in bounded time and memory', async () => {
    const r = await timed(['render', desk, '--format', 'html', '--css', 'at-limit.css', '-o', 'out.html'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(join(dir, 'out.html')).size).toBeGreaterThan(MB8);
    within(r);
  });
  it('one byte more is refused before it is read', async () => {
    const r = await timed(['render', desk, '--format', 'html', '--css', 'over.css'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('sla: --css over.css: the file is over 8 MB, larger than a stylesheet can be (8 MB)\n');
    within(r);
  });
  it('an 8 MB template is used, one byte more refused, in bounded time and memory', async () => {
    writeFileSync(join(dir, 'tpl', 'parties.md.hbs'), Buffer.alloc(MB8, 'x'.repeat(99) + '\n'));
    const ok = await timed(['render', desk, '--template', 'tpl', '-o', 'out.md'], { cwd: dir });
    expect(ok.code, ok.stderr).toBe(0);
    within(ok);
    writeFileSync(join(dir, 'tpl', 'parties.md.hbs'), Buffer.alloc(MB8 + 1, 'x'.repeat(99) + '\n'));
    const over = await timed(['render', desk, '--template', 'tpl'], { cwd: dir });
    expect(over.code).toBe(2);
    expect(over.stderr).toBe('sla: tpl/parties.md.hbs: the file is over 8 MB, larger than a template can be (8 MB)\n');
    within(over);
  });
});

describe('a FIFO or a device as the output is written through, not replaced', () => {
  it('writes into a FIFO that a reader holds open, with or without --force, and leaves it a FIFO', async () => {
    for (const force of [[], ['--force']]) {
      const dir = fresh();
      const fifo = join(dir, 'out.md');
      mkfifo(fifo);
      // Our own reader: non-blocking, so opening it does not wait for the writer.
      const fd = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
      try {
        const r = await timed(['render', desk, '-o', fifo, ...force], { cwd: dir });
        expect(r.code, r.stderr).toBe(0);
        const buf = Buffer.alloc(1 << 16);
        const got = readSync(fd, buf, 0, buf.length, null);
        expect(buf.subarray(0, got).toString('utf8')).toContain('# IT Service Desk Agreement');
        expect(statSync(fifo).isFIFO()).toBe(true);
        expect(readdirSync(dir)).toEqual(['out.md']);
        within(r);
      } finally {
        closeSync(fd);
      }
    }
  });

  it('refuses a FIFO nobody reads at once, instead of waiting', async () => {
    const dir = fresh();
    mkfifo(join(dir, 'out.md'));
    const r = await timed(['render', desk, '-o', 'out.md'], { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${join(dir, 'out.md')}: no program is reading from this pipe; start the reader first\n`);
    expect(statSync(join(dir, 'out.md')).isFIFO()).toBe(true);
    within(r);
  });

  it('--force on a copy of /dev/null (root only: mknod) keeps the device', async () => {
    if (process.getuid?.() !== 0) return;
    const dir = fresh();
    const dev = join(dir, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    const r = await timed(['render', desk, '-o', dev, '--force'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    expect(statSync(dev).isCharacterDevice()).toBe(true);
    expect(readdirSync(dir)).toEqual(['null']);
  });

  it('-o /dev/stdout writes to standard output, whatever it is', async () => {
    const r = await timed(['render', desk, '-o', '/dev/stdout'], { cwd: fresh() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('# IT Service Desk Agreement');
    expect(statSync('/dev/stdout').isFile()).toBe(false);
  });
});

describe('ordinary conditions are not "internal errors"', () => {
  it('standard output on a full device: one line, exit 2', async () => {
    for (const args of [['render', desk], ['check', api, metrics, '--format', 'json'], ['schema']]) {
      const fd = openSync('/dev/full', 'w');
      try {
        const r = await timed(args, { cwd: fresh(), stdout: fd });
        expect(r.code, args.join(' ')).toBe(2);
        expect(r.stderr).toBe('sla: cannot write to standard output: no space left on the device (or over the disk quota); free some space, or write elsewhere\n');
        within(r);
      } finally {
        closeSync(fd);
      }
    }
  });

  it('standard output and standard error both on a full device: exit 2 at once, no loop', async () => {
    const fd = openSync('/dev/full', 'w');
    try {
      const start = performance.now();
      const child = spawn(process.execPath, [binPath, 'render', desk], { stdio: ['ignore', fd, fd] });
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
      clearTimeout(timer);
      expect(code).toBe(2);
      expect(performance.now() - start).toBeLessThan(10_000);
    } finally {
      closeSync(fd);
    }
  });

  it('TMPDIR missing or a file: one line naming it, exit 2, nothing written', async () => {
    const dir = fresh();
    writeFileSync(join(dir, 'a-file'), '');
    for (const [tmpdir, why] of [[join(dir, 'missing'), 'does not exist'], [join(dir, 'a-file'), 'is not a folder']] as const) {
      const r = await timed(['render', desk, '-o', 'out.pdf'], { cwd: dir, env: { TMPDIR: tmpdir } });
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`sla: the temporary folder ${tmpdir} ${why}; set TMPDIR to an existing, writable folder\n`);
      oneLine(r);
      expect(readdirSync(dir)).toEqual(['a-file']);
    }
  });
});

describe('a full disk (a 64 KB tmpfs) leaves nothing behind', () => {
  const mount = join(tmp.dir, 'full');
  let mounted = false;
  try {
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { stdio: 'ignore' });
    mounted = true;
    mountedAt = mount;
  } catch {
    /* not allowed here: the in-process tests inject the failure instead (files.test.ts) */
  }
  const fill = (bytes = 40_000) => {
    for (const f of readdirSync(mount)) execFileSync('rm', ['-rf', join(mount, f)]);
    writeFileSync(join(mount, 'filler'), Buffer.alloc(bytes));
  };

  it.skipIf(!mounted)('report: neither the report nor a chart', async () => {
    fill();
    const r = await timed(['report', api, metrics, '-o', 'r.md'], { cwd: mount });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: \S+\/r-charts\/[a-z0-9-]+\.svg: no space left on the device \(or over the disk quota\); free some space and run again \(nothing was written\)\n$/);
    expect(readdirSync(mount)).toEqual(['filler']);
    within(r);
  });

  it.skipIf(!mounted)('init: no file and no folder it created', async () => {
    fill();
    const r = await timed(['init', 'team/sla.yaml', '--yes', '--with-metrics'], { cwd: mount });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no space left on the device/);
    oneLine(r);
    expect(readdirSync(mount)).toEqual(['filler']);
  });

  it.skipIf(!mounted)('render -o: the old file stays, no temporary file', async () => {
    fill(56 * 1024); // 8 KB left, 4 KB of it for doc.md: the 9 KB document cannot fit
    writeFileSync(join(mount, 'doc.md'), 'old');
    const r = await timed(['render', desk, '-o', 'doc.md', '--force'], { cwd: mount });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`sla: ${join(mount, 'doc.md')}: no space left on the device (or over the disk quota); free some space and run again\n`);
    expect(readdirSync(mount).sort()).toEqual(['doc.md', 'filler']);
    expect(readFileSync(join(mount, 'doc.md'), 'utf8')).toBe('old');
  });
});
