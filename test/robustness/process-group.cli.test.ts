// waitForGroupToEnd: what lets an interrupted `sla render` remove the browser's profile only once no
// process of the browser's group can write into it (a SIGKILL lands when the process next runs, which
// on a busy machine is a moment later; CI once saw a renderer still alive after sla had exited).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { waitForGroupToEnd } from '../../src/runtime/cleanup.js';

/** A detached shell (the leader of a new process group) with two children of its own. */
const group = () => spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { detached: true, stdio: 'ignore' });

describe.skipIf(process.platform !== 'linux')('waitForGroupToEnd', () => {
  it('returns true once every process of a killed group has ended (the unreaped leader counts as ended)', async () => {
    const leader = group();
    await new Promise((r) => setTimeout(r, 100)); // the shell has started its children
    process.kill(-leader.pid!, 'SIGKILL');
    const started = Date.now();
    expect(waitForGroupToEnd(leader.pid!, 2000)).toBe(true);
    expect(Date.now() - started).toBeLessThan(1500);
    // Nothing of the group is left running: signalling it reaches at most the zombie leader.
    expect(waitForGroupToEnd(leader.pid!, 0)).toBe(true);
  });

  it('gives up after the time given while the group still runs, and says so', async () => {
    const leader = group();
    try {
      await new Promise((r) => setTimeout(r, 100));
      const started = Date.now();
      expect(waitForGroupToEnd(leader.pid!, 150)).toBe(false);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(140);
      expect(waited).toBeLessThan(1000);
    } finally {
      process.kill(-leader.pid!, 'SIGKILL');
    }
  });
});
