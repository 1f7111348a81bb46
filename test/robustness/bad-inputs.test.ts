// The bad-input corpus, every case in-process through main(); bad-inputs.cli.test.ts runs a sample
// of it (and the 1 GB file) through the spawned bin/sla.
import { describe, expect, it } from 'vitest';
import { badInputCases, cases, corpus } from './bad-inputs.js';

describe('the bad-input corpus (in-process)', () => {
  it('has a case for every file in it', async () => {
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(corpus).filter((f) => f !== 'cases.yaml' && f !== 'README.md');
    expect(files.length).toBeGreaterThanOrEqual(60);
    const named = new Set(cases.map((c) => c.file));
    expect(files.filter((f) => !named.has(f))).toEqual([]);
  });

  badInputCases('in-process');
});
