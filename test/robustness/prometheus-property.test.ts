// Fuzz target for saved Prometheus responses (src/core/check/prometheus.ts, services/prometheus.ts):
// any JSON value is read or refused with a ResponseError and a path that exists in it; any text saved
// as result.json ends in exit 0, 1 or 2 with, on 2, one line naming file:line:column (or the file),
// never an internal error. In every `npm test` with small counts; `npm run fuzz` runs it with SLA_FUZZ_RUNS.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ResponseError, samplesOf } from '../../src/core/check/prometheus.js';
import { offsetOfPath } from '../../src/services/prometheus.js';
import { repoRoot, runInProcess, tempDir } from '../helpers.js';

const fuzzRuns = process.env.SLA_FUZZ_RUNS === undefined ? undefined : Number(process.env.SLA_FUZZ_RUNS);
const pureRuns = fuzzRuns ?? 1_000;
const commandRuns = fuzzRuns ?? 200;
const SLA = join(repoRoot, 'test/fixtures/prometheus/sla.yaml');
const tmp = tempDir('sla-prom-fuzz-');
afterAll(() => tmp.cleanup());

/** Responses near the real shape, with faults in any part: what a hand-edited or truncated save holds. */
const sampleValue = fc.oneof(fc.double().map(String), fc.constantFrom('NaN', '+Inf', '-Inf', '1e+06', '', ' 1', '0x10'), fc.integer().map(String), fc.jsonValue());
const sample = fc.oneof({ weight: 8, arbitrary: fc.tuple(fc.oneof(fc.integer({ min: 1_767_000_000, max: 1_780_000_000 }), fc.double()), sampleValue) }, { weight: 1, arbitrary: fc.jsonValue() });
const series = fc.record({ metric: fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }), values: fc.array(sample, { maxLength: 12 }) }, { requiredKeys: [] });
const response = fc.record({
  status: fc.constantFrom('success', 'error', 'other'),
  data: fc.record({ resultType: fc.constantFrom('matrix', 'vector', 'scalar'), result: fc.array(series, { maxLength: 3 }) }, { requiredKeys: [] }),
  error: fc.string({ maxLength: 10 }),
}, { requiredKeys: [] });
const anyResponse = fc.oneof({ weight: 4, arbitrary: response }, { weight: 1, arbitrary: fc.jsonValue() });

describe('saved responses, any shape', () => {
  it('samplesOf returns finite samples in time order, or a ResponseError whose path exists', () => {
    fc.assert(
      fc.property(anyResponse, (value) => {
        try {
          const { times, values } = samplesOf(value, 'k');
          for (let i = 0; i < times.length; i++) {
            expect(Number.isFinite(values[i]!)).toBe(true);
            if (i > 0) expect(times[i]!).toBeGreaterThan(times[i - 1]!);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(ResponseError);
          // The path leads to something in the value: offsetOfPath finds it in the text.
          let at: unknown = value;
          for (const step of (err as ResponseError).path) at = (at as Record<string | number, unknown>)[step];
          expect(at).not.toBeUndefined();
          // Compact text holds each part serialized exactly as it is alone.
          const text = JSON.stringify(value);
          expect(text.startsWith(JSON.stringify(at), offsetOfPath(text, (err as ResponseError).path))).toBe(true);
        }
      }),
      { numRuns: pureRuns },
    );
  });

  it('sla check SLA file.json: any text ends in one located line or a result, never a crash', async () => {
    let n = 0;
    const text = fc.oneof(
      anyResponse.map((v) => JSON.stringify(v)),
      fc.dictionary(fc.constantFrom('uptime', 'good-share', 'samples', 'tickets', 'nope'), fc.oneof(anyResponse, fc.array(anyResponse, { maxLength: 3 })), { maxKeys: 3 }).map((v) => JSON.stringify(v, null, 1)),
      // Truncated or damaged JSON.
      fc.tuple(anyResponse.map((v) => JSON.stringify(v)), fc.nat(), fc.string({ maxLength: 3 })).map(([t, at, junk]) => t.slice(0, at % (t.length + 1)) + junk),
    );
    await fc.assert(
      fc.asyncProperty(text, async (body) => {
        const file = join(tmp.dir, `r${++n}.json`);
        writeFileSync(file, body);
        const r = await runInProcess(['check', SLA, file, '--kpi', 'uptime', '--format', 'json', '--period', 'all']);
        expect([0, 1, 2]).toContain(r.code);
        expect(r.stderr).not.toMatch(/internal error/);
        if (r.code === 2) {
          const line = JSON.parse(r.stdout).error.message as string;
          expect(r.stderr.trim().split('\n')).toHaveLength(1);
          expect(line.startsWith(`${file}`)).toBe(true);
        }
      }),
      { numRuns: commandRuns },
    );
  }, 120_000);
});
