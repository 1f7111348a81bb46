// validate's fast start-up path against the full CLI, in-process: every case of fast-path.cases.ts
// through src/validate-main.ts and through src/cli.ts, with the same captured streams.
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { main as fullMain } from '../../src/cli.js';
import { main as fastMain, parseValidateArgv } from '../../src/validate-main.js';
import type { Io } from '../../src/runtime/io.js';
import { tempDir } from '../helpers.js';
import { fastPathCases, writeFastPathFixtures } from './fast-path.cases.js';

const tmp = tempDir('sla-fast-path-');
afterAll(() => tmp.cleanup());

async function run(entry: typeof fullMain, args: string[], cwd: string, env: Record<string, string> = {}, input?: string, tty = false) {
  let stdout = '';
  let stderr = '';
  const io: Io = {
    stdout: { write: (s: string) => (stdout += s), isTTY: tty },
    stderr: { write: (s: string) => (stderr += s), isTTY: tty },
    stdin: Readable.from(input === undefined ? [] : [Buffer.from(input)]) as unknown as Io['stdin'],
    env,
    cwd,
  };
  const code = await entry(args, io);
  return { code, stdout, stderr };
}

/**
 * On a terminal the progress line is redrawn at most every 100 ms, always for the first and the last
 * file: the lines between depend on the clock, not on the path taken, so they are left out of the comparison.
 */
function steady(r: { code: number; stdout: string; stderr: string }) {
  const stderr = r.stderr.replace(/\r\x1b\[2Ksla: \[(\d+)\/(\d+)\] [^\r]*/g, (line, n: string, total: string) => (n === '1' || n === total ? line : ''));
  return { ...r, stderr };
}

describe('sla validate: the fast start-up path', () => {
  for (const c of fastPathCases) {
    it(`${c.fast ? 'takes' : 'leaves to commander'}: ${c.name}`, async () => {
      expect(parseValidateArgv(c.args) !== undefined).toBe(c.fast);
      if (!c.fast) return;
      for (const tty of [false, true]) {
        const dirs = [tmp.fresh(), tmp.fresh()];
        for (const d of dirs) writeFastPathFixtures(d);
        const full = steady(await run(fullMain, c.args, dirs[0]!, c.env, c.input, tty));
        const fast = steady(await run(fastMain, c.args, dirs[1]!, c.env, c.input, tty));
        expect(fast).toEqual(full);
      }
    });
  }

  it('hands validateCommand what commander does', () => {
    expect(parseValidateArgv(['validate', 'a.yaml', '--ignore', 'x', '-f', 'json', '--ignore=y', '--no-color', '--strict', '-o', 'r.json', '--max-warnings', '3', '--config=c.yaml'])).toEqual({
      paths: ['a.yaml'],
      options: { format: 'json', ignore: ['x', 'y'], color: false, strict: true, outputFile: 'r.json', maxWarnings: '3', config: 'c.yaml' },
    });
    expect(parseValidateArgv(['validate', '-', 'b.yaml'])).toEqual({ paths: ['-', 'b.yaml'], options: { format: 'stylish', color: true } });
  });

  it('the comparison can fail: a case whose outputs differ is told apart', async () => {
    const d = tmp.fresh();
    writeFastPathFixtures(d);
    const a = await run(fastMain, ['validate', 'ok.yaml'], d);
    const b = await run(fastMain, ['validate', '--strict', 'ok.yaml'], d);
    expect(a.code).toBe(0);
    expect(b.code).toBe(1);
    expect(a.stdout).toContain('review-overdue');
  });
});
