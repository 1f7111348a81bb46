import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSla } from '../../src/core/load/load.js';
import { repoRoot } from '../helpers.js';

export const minimalText = readFileSync(join(repoRoot, 'test/fixtures/minimal.yaml'), 'utf8');
export const AS_OF = '2026-03-01';

/** Replaces one exact piece of the minimal agreement, failing loudly if it is not there. */
export function mutate(from: string, to: string, text = minimalText): string {
  if (!text.includes(from)) throw new Error(`fixture does not contain ${JSON.stringify(from)}`);
  return text.replace(from, to);
}

export const load = (text: string, asOf = AS_OF) => loadSla(text, 'sla.yaml', { asOf });

/** 1-based line and column of the first occurrence of `needle` (optionally after `after`). */
export function positionOf(text: string, needle: string, after = ''): { line: number; column: number } {
  const start = after ? text.indexOf(after) : 0;
  const index = text.indexOf(needle, start < 0 ? 0 : start);
  if (index < 0) throw new Error(`text does not contain ${JSON.stringify(needle)}`);
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}
