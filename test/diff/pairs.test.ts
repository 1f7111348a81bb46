import { describe } from 'vitest';
import { diffPairCases } from './pairs.cases.js';

describe('sla diff: version pairs (in-process)', () => diffPairCases('in-process'));
