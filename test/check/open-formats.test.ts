import { describe } from 'vitest';
import { openFormatCases } from './open-formats.cases.js';

describe('sla check formats (in-process)', () => openFormatCases('in-process'));
