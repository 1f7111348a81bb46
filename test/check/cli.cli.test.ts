import { describe, expect, it } from 'vitest';
import { runInProcess, runSla } from '../helpers.js';
import { checkCliCases, platform } from './cli.cases.js';

// The cases of cli.cases.ts through the spawned bin/sla: every 8th and those that need a real process.
describe('sla check (bin/sla)', () => checkCliCases('bin/sla'));

describe('sla check in-process and spawned', () => {
  it('exit codes and output match the spawned binary', async () => {
    for (const args of [['check', ...platform, '--format', 'json'], ['check', ...platform, '--from', '2026-02-01', '--to', '2026-02-28', '--format', 'json']]) {
      const spawned = await runSla(args);
      const inProcess = await runInProcess(args);
      expect(inProcess.code).toBe(spawned.code);
      expect(JSON.parse(inProcess.stdout)).toEqual(JSON.parse(spawned.stdout));
    }
  });
});
