// A file as it was in a git revision, read through the `git` program (no git library: one command,
// and the user's own git configuration and credentials apply).
import { execFile } from 'node:child_process';
import { basename, dirname, isAbsolute, relative } from 'node:path';
import { UserError } from '../runtime/io.js';

/** The YAML size cap of every other input, so a huge blob cannot fill memory. */
const MAX_BYTES = 8 * 2 ** 20;

/** The text of `file` at `rev` (`git show REV:./FILE`, relative to `cwd`). */
export function gitShow(rev: string, file: string, cwd: string): Promise<string> {
  if (rev.startsWith('-')) return Promise.reject(new UserError(`"${rev}" is not a revision (it starts with -)`));
  const path = isAbsolute(file) ? relative(cwd, file) : file;
  return new Promise((resolve, reject) => {
    execFile('git', ['show', `${rev}:./${path}`], { cwd, maxBuffer: MAX_BYTES, encoding: 'utf8', env: { ...process.env, GIT_PAGER: 'cat', LC_ALL: 'C' } }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return reject(new UserError('git is not installed (or not on PATH); compare two files instead: sla diff OLD NEW'));
      if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new UserError(`${rev}:${path} is larger than 8 MB; an agreement never is`));
      const reason = stderr.split('\n').find((l) => l.trim() !== '')?.replace(/^fatal: /, '') ?? err.message;
      reject(new UserError(`git show ${rev}:./${path} failed: ${reason}`));
    });
  });
}

/** The last `max` revisions that touched `file`, newest first (none outside a git repository, or without git). */
export function revisionsOf(file: string, max: number): Promise<string[]> {
  return new Promise((done) => {
    try {
      execFile('git', ['log', `-n${max}`, '--format=%H', '--', `./${basename(file)}`], { cwd: dirname(file), encoding: 'utf8', env: { ...process.env, GIT_PAGER: 'cat' } }, (err, stdout) => done(err ? [] : stdout.split('\n').filter((l) => /^[0-9a-f]{40}$/.test(l))));
    } catch {
      done([]); // no git to run
    }
  });
}
