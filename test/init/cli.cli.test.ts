import { describe } from 'vitest';
import { initCliCases } from './cli.cases.js';

// The cases of cli.cases.ts through the spawned bin/sla: every 8th and those that need a real process.
describe('sla init (bin/sla)', () => initCliCases('bin/sla'));
