import { expect } from 'vitest';
import { runInProcess } from '../helpers.js';

/** JSON output with fractions to 12 digits: a sum merged from ranges may differ in the last bits. */
export const rounded = (text: string) => JSON.stringify(JSON.parse(text), (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : v));

/** `sla check SLA FILE --format json` on one thread and in `threads` ranges: the same exit code, stderr and results. Returns the serial run. */
export async function expectSplitSameAsSerial(slaPath: string, file: string, threads: number, skipInvalid: boolean) {
  const args = ['check', slaPath, file, '--format', 'json', ...(skipInvalid ? ['--skip-invalid'] : [])];
  const serial = await runInProcess(args, { env: { SLA_THREADS: '1' } });
  const split = await runInProcess(args, { env: { SLA_THREADS: String(threads), SLA_PARALLEL_MIN_BYTES: '0' } });
  expect(split.code).toBe(serial.code);
  expect(split.stderr).toBe(serial.stderr);
  expect(rounded(split.stdout)).toBe(rounded(serial.stdout));
  return serial;
}
