import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { example } from '../helpers.js';

/** `n` copies of the examples in `dir`, named sla-00.yaml, sla-01.yaml, ... */
export function manySlas(dir: string, n: number): void {
  mkdirSync(dir);
  for (let i = 0; i < n; i++) copyFileSync(example(i % 2 ? 'platform-api' : 'it-service-desk', 'sla.yaml'), join(dir, `sla-${String(i).padStart(2, '0')}.yaml`));
}
