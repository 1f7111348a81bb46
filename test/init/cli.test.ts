import { describe } from 'vitest';
import { initCliCases } from './cli.cases.js';

// Every case of the table, in this process; cli.cli.test.ts runs a sample through bin/sla.
describe('sla init (in-process)', () => initCliCases('in-process'));
