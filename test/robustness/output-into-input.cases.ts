// Outputs that resolve to an input are refused, however they are spelled, and nothing is written.
// One table, run in-process by output-into-input.test.ts (every case) and through the spawned bin/sla
// by atomic-writes.cli.test.ts (a sample: see CaseTable in test/helpers.ts).
import { cpSync, linkSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { CaseTable, example, tempDir, type Mode } from '../helpers.js';
import { temps } from './process-helpers.js';

/** Declares the cases (inside a describe); `mode` says how they run. */
export function outputIntoInputCases(mode: Mode): void {
  const tmp = tempDir('sla-into-input-');
  afterAll(() => tmp.cleanup());
  const t = new CaseTable(mode);

  t.describe('outputs that resolve to an input are refused, with --force too', () => {
    const dir = join(tmp.dir, 'into-input');
    const sla = join(dir, 'sla.yaml');
    const original = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
    beforeAll(() => {
      mkdirSync(join(dir, 'sub'), { recursive: true });
      writeFileSync(sla, original);
      symlinkSync(sla, join(dir, 'link.md'));
      linkSync(sla, join(dir, 'hard.md'));
      mkdirSync(join(dir, 'out'));
      symlinkSync(sla, join(dir, 'out', 'sla.md'));
      writeFileSync(join(dir, 'style.css'), 'body { color: black; }');
    });

    const cases: [string, string[], RegExp][] = [
      ['-o the input itself', ['render', 'sla.yaml', '-o', 'sla.yaml', '--format', 'md'], /^sla: sla\.yaml is an input; choose another output file \(nothing was written\)\n$/],
      ['-o the input by a .. path', ['render', 'sla.yaml', '-o', 'sub/../sla.yaml', '--format', 'html'], /^sla: sla\.yaml is an input;/],
      ['-o a symbolic link to the input', ['render', 'sla.yaml', '-o', 'link.md'], /^sla: link\.md is the input sla\.yaml under another name \(a link\); choose another output file \(nothing was written\)\n$/],
      ['-o a hard link to the input', ['render', 'sla.yaml', '-o', 'hard.md'], /^sla: hard\.md is the input sla\.yaml under another name/],
      ['--out-dir where the output is a link to the input', ['render', 'sla.yaml', '--out-dir', 'out'], /^sla: out\/sla\.md is the input sla\.yaml under another name/],
      ['-o the --css file', ['render', 'sla.yaml', '-o', 'style.css', '--format', 'html', '--css', 'style.css'], /^sla: style\.css is an input;/],
      ['report -o the SLA', ['report', 'sla.yaml', 'metrics.csv', '-o', 'link.md'], /^sla: link\.md is the input sla\.yaml under another name/],
    ];
    for (const [name, args, message] of cases) {
      t.case(`${name}: exit 2, one line, the input untouched`, async (run) => {
        if (args[0] === 'report') writeFileSync(join(dir, 'metrics.csv'), readFileSync(example('platform-api', 'metrics.csv')));
        const r = await run([...args, '--force'], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.split('\n')).toHaveLength(2);
        expect(readFileSync(sla, 'utf8')).toBe(original);
        expect(statSync(join(dir, 'link.md'), { throwIfNoEntry: false })?.isFile()).toBe(true); // still a link to it
        expect(temps(dir)).toEqual([]);
      });
    }
  });

  // A file the SLA names is an input too.
  t.describe('a file the SLA names is an input too', () => {
    const dir = join(tmp.dir, 'refs');
    beforeAll(() => cpSync(example('ticket-export'), dir, { recursive: true }));
    for (const [name, args] of [
      ['report', ['report', 'sla.yaml', 'tickets.csv', '--format', 'md']],
      ['render', ['render', 'sla.yaml', '--format', 'html']],
    ] as [string, string[]][]) {
      t.case(`${name} refuses to write over the holiday calendar, even with --force`, async (run) => {
        const calendar = join(dir, 'bank-holidays-2026.ics');
        const before = readFileSync(calendar);
        const r = await run([...args, '-o', 'bank-holidays-2026.ics', '--force'], { cwd: dir });
        expect(r.code).toBe(2);
        expect(r.stderr).toBe('sla: bank-holidays-2026.ics is an input; choose another output file (nothing was written)\n');
        expect(readFileSync(calendar).equals(before)).toBe(true);
      });
    }
  });
}
