import { describe } from 'vitest';
import { outputIntoInputCases } from './output-into-input.cases.js';

// Every case of the table, in this process; atomic-writes.cli.test.ts runs a sample through bin/sla.
describe('outputs that resolve to an input (in-process)', () => outputIntoInputCases('in-process'));
