import { describe } from 'vitest';
import { openFormatCases } from './open-formats.cases.js';

describe('sla check formats (bin/sla)', () => openFormatCases('bin/sla'));
