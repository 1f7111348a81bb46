import { describe } from 'vitest';
import { clockCliCases } from './clock-cli.cases.js';

// Every case of the table, in this process; clock-cli.cli.test.ts runs a sample through bin/sla.
describe('business-hours clocks through the CLI (in-process)', () => clockCliCases('in-process'));
