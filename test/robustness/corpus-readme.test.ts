// The corpus README counts its cases per class; the counts follow cases.yaml or this fails.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cases, corpus } from './bad-inputs.js';

it('test/fixtures/bad/README.md counts every class of cases.yaml, and the total', () => {
  const readme = readFileSync(join(corpus, 'README.md'), 'utf8');
  const rows = [...readme.matchAll(/^\| (?:`(\w+)`|other|\*\*total\*\*) \| \**(\d+)\** \|/gm)].map((m) => [m[0].includes('total') ? 'total' : (m[1] ?? 'other'), Number(m[2])] as const);
  const documented = Object.fromEntries(rows);
  const actual: Record<string, number> = { total: cases.length };
  for (const c of cases) {
    const prefix = /^([a-z]+)-/.exec(c.file)?.[1] ?? 'other';
    const key = prefix in documented ? prefix : 'other';
    actual[key] = (actual[key] ?? 0) + 1;
  }
  expect(documented).toEqual(actual);
  // The security page quotes the total.
  expect(readFileSync(join(corpus, '../../../docs/security.md'), 'utf8')).toContain(`a corpus of ${cases.length} bad inputs`);
});
