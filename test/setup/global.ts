// Once per vitest run, in the main process: a private cache folder (XDG_CACHE_HOME) for every sla the
// tests start, so spawned `sla validate` runs read and write the code cache there, never in the user's
// ~/.cache, and share it warm after the first run. Workers and their children inherit the variable;
// tests of the cache itself set their own folder. Removed when the run ends.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'sla-test-cache-'));
  const before = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = dir;
  return () => {
    if (before === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = before;
    rmSync(dir, { recursive: true, force: true });
  };
}
