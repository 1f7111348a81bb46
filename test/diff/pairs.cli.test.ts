import { describe } from 'vitest';
import { diffPairCases } from './pairs.cases.js';

describe('sla diff: version pairs (bin/sla)', () => diffPairCases('bin/sla'));
