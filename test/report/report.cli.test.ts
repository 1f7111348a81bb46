import { describe } from 'vitest';
import { reportCliCases } from './report.cases.js';

// The cases of report.cases.ts through the spawned bin/sla: every 8th and those that need a real process.
describe('sla report (bin/sla)', () => reportCliCases('bin/sla'));
