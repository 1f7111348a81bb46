// Shared by the tests that start and kill real processes (atomic-writes.*.test.ts).
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

export const TEMP = /\.sla-\d+-[0-9a-f]{8}\.tmp$/;
/** Every file below dir, relative, sorted. */
export function filesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}
export const temps = (dir: string) => filesBelow(dir).filter((f) => TEMP.test(f));

export async function until(check: () => boolean, what: string, ms = 30_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

export const exited = (child: ChildProcess) => new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) => child.on('close', (code, signal) => r({ code, signal })));

/** A process id that is certainly not running any more. */
export function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '0']).pid!;
}
