// Sign-off at the loader's limits: an agreement near the YAML node bound, nearly all of it
// signatories, signed, validated and fingerprinted through bin/sla with CPU time and peak memory
// measured in the child (the splice, the read-back check and the fingerprint each walk the whole file).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MAX_YAML_NODES } from '../../src/core/load/yaml-source.js';
import { fingerprint } from '../../src/core/sign/fingerprint.js';
import type { Sla } from '../../src/core/model.js';
import { example, measureSla, tempDir, type MeasuredRun } from '../helpers.js';

type Measured = MeasuredRun;

const measured = (args: string[], cwd: string): Promise<Measured> => measureSla(args, { cwd });

// Generous (2 shared cores): the child's CPU time is the figure that means something.
const CPU_MS = 10_000;
const RSS_MB = 300;

const { dir, cleanup } = tempDir('sla-sign-bounds-');
afterAll(cleanup);

function expectBounded(r: Measured): void {
  expect(r.cpuMs, `CPU ${r.cpuMs} ms`).toBeLessThan(CPU_MS);
  expect(r.maxRssMb, `peak RSS ${r.maxRssMb} MB`).toBeLessThan(RSS_MB);
  expect(r.wallMs).toBeLessThan(90_000);
  expect(r.stderr).not.toMatch(/internal error|    at /);
}

// Each signatory with a signature is 13 YAML nodes (its mapping, 4 keys and values, the record's 3).
const SIGNATORIES = 1_400;

describe('sign-off near the YAML node bound', () => {
  const base = readFileSync(example('platform-api', 'sla.yaml'), 'utf8');
  const names = Array.from({ length: SIGNATORIES }, (_, i) => `Person ${i + 1}`);
  const list = (signed: (name: string) => string) => names.map((n) => `    - { party: checkout, name: ${n}${signed(n)} }`).join('\n');
  const withSignatories = (body: string) => base.replace(/  signatories:\n(    - .*\n)+/, `  signatories:\n${body}\n`);
  const print = fingerprint(parse(withSignatories(list(() => ''))) as Sla);
  const record = `, signed: { date: 2026-03-02, version: "1.3", fingerprint: ${print} }`;
  // Everyone but the last has signed this text.
  const text = withSignatories(list((n) => (n === names[names.length - 1] ? '' : record)));
  const file = join(dir, 'many-signatories.yaml');
  writeFileSync(file, text);

  it(`holds ${SIGNATORIES} signatories under the node bound, so the loader accepts it`, () => {
    expect(SIGNATORIES * 13).toBeLessThan(MAX_YAML_NODES);
    expect(SIGNATORIES * 13 * 1.1).toBeGreaterThan(MAX_YAML_NODES * 0.9);
  });

  it('validate names the one missing signature, fingerprint prints it, sign adds it and nothing else, each bounded', async () => {
    const v = await measured(['validate', file], dir);
    expectBounded(v);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(new RegExp(`error +the agreement is active but Person ${SIGNATORIES} has not signed it`));
    expect(v.stdout).toMatch(/✖ 1 problem \(1 error/);

    const f = await measured(['fingerprint', file], dir);
    expectBounded(f);
    expect(f.stdout).toBe(`${print}\n`);

    const s = await measured(['sign', file, '--as', `Person ${SIGNATORIES}`, '--date', '2026-03-02'], dir);
    expectBounded(s);
    expect(s.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(text.replace(`name: Person ${SIGNATORIES} }`, `name: Person ${SIGNATORIES}${record} }`));

    const again = await measured(['validate', '--strict', file], dir);
    expectBounded(again);
    expect(again.code).toBe(0);
    console.log(`sign-off near the bound: validate ${v.cpuMs.toFixed(0)} ms CPU, ${v.maxRssMb.toFixed(0)} MB; fingerprint ${f.cpuMs.toFixed(0)} ms, ${f.maxRssMb.toFixed(0)} MB; sign ${s.cpuMs.toFixed(0)} ms, ${s.maxRssMb.toFixed(0)} MB`);
  }, 120_000);
});
