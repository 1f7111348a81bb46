// Properties of file output and folder walking over random trees:
// - writeFilesTogether: a set of files in random (nested) folders, some already there, with or without
//   --force, and sometimes one target that fails (a full device, a folder in the way): either every
//   file is in place with its new content, or the tree is exactly as before (no file, no temporary
//   file, no folder left behind, old contents intact).
// - validate on a folder of random files, folders and symbolic links (to files, folders, nowhere,
//   themselves, ancestors): ends in exit 0, 1 or 2 with one located line, never an internal error, and
//   never skips a linked agreement.
import { mkdirSync, readdirSync, readFileSync, lstatSync, symlinkSync, writeFileSync, cpSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFilesTogether } from '../../src/services/write-file.js';
import { example, runInProcess, tempDir } from '../helpers.js';

const runs = Math.max(20, Math.round(Number(process.env.SLA_FUZZ_RUNS ?? 1_000) / 5));
const tmp = tempDir('sla-files-prop-');
afterAll(() => tmp.cleanup());
const fresh = tmp.fresh;

/** Every entry below `dir` with what it holds: the whole observable state of the tree. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const full = join(d, name);
      const rel = relative(dir, full);
      const info = lstatSync(full);
      if (info.isDirectory()) {
        out[rel + '/'] = '';
        walk(full);
      } else out[rel] = info.isFile() ? readFileSync(full, 'utf8') : 'other';
    }
  };
  walk(dir);
  return out;
}

const segment = fc.constantFrom('a', 'b', 'charts', 'deep');
const relPath = fc.tuple(fc.array(segment, { maxLength: 3 }), fc.constantFrom('x.md', 'y.svg', 'z.yaml')).map(([dirs, file]) => join(...dirs, file));

describe('writeFilesTogether: all or nothing', () => {
  it('leaves every file in place, or the tree exactly as it was', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(relPath, { minLength: 1, maxLength: 6 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        fc.boolean(),
        fc.option(fc.tuple(fc.nat(6), fc.constantFrom('full-device', 'folder-in-the-way')), { nil: undefined }),
        async (paths, preexisting, force, failure) => {
          const dir = fresh();
          paths.forEach((p, i) => {
            if (!preexisting[i]) return;
            mkdirSync(join(dir, p, '..'), { recursive: true });
            writeFileSync(join(dir, p), `old ${p}`);
          });
          const files = paths.map((p) => ({ path: join(dir, p), data: `new ${p}` }));
          if (failure) {
            const at = failure[0] % (files.length + 1);
            if (failure[1] === 'full-device') files.splice(at, 0, { path: '/dev/full', data: 'x' });
            else {
              mkdirSync(join(dir, 'in-the-way', 'x.md'), { recursive: true });
              files.splice(at, 0, { path: join(dir, 'in-the-way', 'x.md'), data: 'x' });
            }
          }
          const before = snapshot(dir);
          let error: unknown;
          await writeFilesTogether(files, { force }).catch((err: unknown) => (error = err));
          const after = snapshot(dir);
          const clobbers = paths.some((_, i) => preexisting[i]) && !force;
          if (failure || clobbers) {
            expect(error).toBeInstanceOf(Error);
            expect((error as Error).message).not.toMatch(/\.tmp|EISDIR|ENOSPC:/);
            expect(after).toEqual(before);
          } else {
            expect(error).toBeUndefined();
            for (const p of paths) expect(after[p]).toBe(`new ${p}`);
            expect(Object.keys(after).filter((k) => k.endsWith('.tmp'))).toEqual([]);
          }
        },
      ),
      { numRuns: runs },
    );
  });
});

describe('validate on a folder of random links', () => {
  const valid = readFileSync(example('it-service-desk', 'sla.yaml'));
  type Entry = { name: string; kind: 'valid' | 'invalid' | 'dir' | 'link'; target: number };
  const entry = fc.record({
    name: fc.constantFrom('a.yaml', 'b.yml', 'c.yaml', 'd', 'e', 'f.txt'),
    kind: fc.constantFrom<Entry['kind']>('valid', 'invalid', 'dir', 'link', 'link'),
    target: fc.nat(8),
  });
  it('ends in exit 0, 1 or 2 with one located line, and checks every linked agreement', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(3), entry), { maxLength: 8 }), async (entries) => {
        const root = fresh();
        const dirs = [join(root, 'slas')];
        mkdirSync(dirs[0]!);
        const made: string[] = [];
        // Agreements that must make validate fail: an invalid file, or a *.yaml link to one.
        const invalid: string[] = [];
        let mustFail = false;
        for (const [at, e] of entries) {
          const parent = dirs[at % dirs.length]!;
          const full = join(parent, e.name);
          if (made.includes(full)) continue;
          made.push(full);
          if (e.kind === 'dir') {
            mkdirSync(full);
            dirs.push(full);
          } else if (e.kind === 'valid') writeFileSync(full, valid);
          else if (e.kind === 'invalid') {
            writeFileSync(full, 'sla: 1\n');
            invalid.push(full);
            if (/\.ya?ml$/.test(e.name)) mustFail = true;
          } else {
            // To another entry (a file, a folder, an ancestor, itself) or to nothing.
            const targets = [...made, ...dirs, join(root, 'nowhere.yaml'), root];
            const target = targets[e.target % targets.length]!;
            symlinkSync(relative(parent, target) || '.', full);
            if (/\.ya?ml$/.test(e.name) && invalid.includes(target)) mustFail = true;
          }
        }
        cpSync(example('it-service-desk', 'sla.yaml'), join(dirs[0]!, 'anchor.yaml'));
        const r = await runInProcess(['validate', 'slas', '--as-of', '2026-03-01', '--format', 'json'], { cwd: root });
        expect([0, 1, 2], r.stderr).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
        if (r.code === 2) {
          expect(r.stderr).toMatch(/^sla: slas\/\S*: /);
          expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
        }
        // Never skipped: an invalid agreement, or a link to one named like an agreement, fails the run.
        if (mustFail) expect(r.code, r.stdout + r.stderr).not.toBe(0);
      }),
      { numRuns: runs },
    );
  });
});
