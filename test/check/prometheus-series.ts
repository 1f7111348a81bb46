// The known series the Prometheus tests use, with its hand-computed results for
// test/fixtures/prometheus/sla.yaml (Europe/Berlin, 2026-01-01 to 2026-04-30, monthly).
//
// One sample every 5 minutes from local midnight 2026-01-01 (2025-12-31T23:00Z) to the end of
// 2026-04-30 (2026-04-30T22:00Z, excluded). The value is a step function of the LOCAL date:
//   January 99.5, February 98.5, March 1–10 97 and 11–31 99.75, April 100.
// A check that cut periods at UTC midnight, or missed the daylight-saving change on 2026-03-29
// (01:00Z, after which local = UTC+2), would move samples across months and change every figure.

export const START_S = Date.UTC(2025, 11, 31, 23) / 1000;
export const END_S = Date.UTC(2026, 3, 30, 22) / 1000;
const DST_S = Date.UTC(2026, 2, 29, 1) / 1000;

/** The local date (Europe/Berlin, by the 2026 rule) of an instant in seconds. */
function localDate(t: number): { m: number; d: number } {
  const local = new Date((t + (t < DST_S ? 3600 : 7200)) * 1000);
  return { m: local.getUTCMonth() + 1, d: local.getUTCDate() };
}

export function valueAt(t: number): number {
  const { m, d } = localDate(t);
  return m === 1 ? 99.5 : m === 2 ? 98.5 : m === 3 ? (d <= 10 ? 97 : 99.75) : 100;
}

/** Every sample: [seconds, value]. */
export function series(): [number, number][] {
  const out: [number, number][] = [];
  for (let t = START_S; t < END_S; t += 300) out.push([t, valueAt(t)]);
  return out;
}

/** The series as OpenMetrics text, for promtool tsdb create-blocks-from openmetrics. */
export function openMetrics(name = 'sla_test_availability'): string {
  const lines = [`# HELP ${name} A known series for the sla tests.`, `# TYPE ${name} gauge`];
  for (const [t, v] of series()) lines.push(`${name}{job="api"} ${v} ${t}`);
  return lines.join('\n') + '\n# EOF\n';
}

// By hand: samples per local day are 288 (24 h × 12), 276 on 2026-03-29 (23 h).
// March: days 1–10 = 2,880 samples at 97; days 11–31 = 20 × 288 + 276 = 6,036 at 99.75.
const MARCH_LOW = 10 * 288;
const MARCH_HIGH = 20 * 288 + 276;

/** Per month: the mean (uptime), the share of samples ≥ 99 (good-share) and the sample count. */
export const EXPECTED: Record<string, { uptime: number; goodShare: number; samples: number }> = {
  '2026-01': { uptime: 99.5, goodShare: 100, samples: 31 * 288 },
  '2026-02': { uptime: 98.5, goodShare: 0, samples: 28 * 288 },
  '2026-03': { uptime: (MARCH_LOW * 97 + MARCH_HIGH * 99.75) / (MARCH_LOW + MARCH_HIGH), goodShare: (MARCH_HIGH * 100) / (MARCH_LOW + MARCH_HIGH), samples: MARCH_LOW + MARCH_HIGH },
  '2026-04': { uptime: 100, goodShare: 100, samples: 30 * 288 },
};

/** A range-query response as Prometheus writes it, for samples [seconds, value]. */
export function response(samples: readonly [number, number][], metric: Record<string, string> = {}): object {
  return { status: 'success', data: { resultType: 'matrix', result: samples.length === 0 ? [] : [{ metric, values: samples.map(([t, v]) => [t, String(v)]) }] } };
}
