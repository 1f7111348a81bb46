import { describe, expect, it } from 'vitest';
import { runInProcess, runSla } from '../helpers.js';
import { clockCliCases, CSV, SLA } from './clock-cli.cases.js';

// The cases of clock-cli.cases.ts through the spawned bin/sla: every 8th and those that need a real process.
describe('business-hours clocks through the CLI (bin/sla)', () => clockCliCases('bin/sla'));

describe('the ticket-export example, in-process and spawned', () => {
  it('in-process and spawned runs agree', async () => {
    const spawned = await runSla(['check', SLA, CSV, '--format', 'json']);
    const inProcess = await runInProcess(['check', SLA, CSV, '--format', 'json']);
    expect(inProcess.code).toBe(spawned.code);
    expect(inProcess.stdout).toBe(spawned.stdout);
  });
});
