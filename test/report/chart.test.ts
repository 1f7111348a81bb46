// The report's charts, read back from the SVG they render: where the axis starts, which ticks it
// has, how tall each bar is against it, and whether any two pieces of text collide. Text boxes are
// estimated from the layout the renderer wrote (position, anchor, baseline, font size, transform),
// with a width of 0.6 × font size per character.
import { describe, expect, it } from 'vitest';
import { chartModeFor, kpiChart, niceScale, type ChartPoint, type ChartSpec } from '../../src/report/chart.js';
import { buildReportCharts } from '../../src/report/charts.js';
import type { CheckResult } from '../../src/core/check/index.js';
import { exampleData } from '../render/fixtures.js';
import { budgetUsed } from '../../src/core/check/evaluate.js';
import { budgetNumber } from '../../src/formatters/text.js';
import { numberInWords } from '../../src/render/words.js';

// ---------------------------------------------------------------------------------------------
// A small reader for the renderer's SVG.

type Point = [number, number];
interface Text { text: string; size: number; anchor: string; weight: string; fill: string; corners: Point[] }
interface Rect { x0: number; x1: number; top: number; bottom: number; fill: string; attrs: string }

const attr = (attrs: string, name: string) => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The affine transform of an SVG transform attribute (translate, rotate, scale, matrix), as [a b c d e f]. */
function transformOf(value: string | undefined): number[] {
  let m = [1, 0, 0, 1, 0, 0];
  const times = (n: number[]) => { m = [m[0]! * n[0]! + m[2]! * n[1]!, m[1]! * n[0]! + m[3]! * n[1]!, m[0]! * n[2]! + m[2]! * n[3]!, m[1]! * n[2]! + m[3]! * n[3]!, m[0]! * n[4]! + m[2]! * n[5]! + m[4]!, m[1]! * n[4]! + m[3]! * n[5]! + m[5]!]; };
  for (const [, fn, args] of (value ?? '').matchAll(/(\w+)\(([^)]*)\)/g)) {
    const a = args!.trim().split(/[\s,]+/).map(Number);
    if (fn === 'translate') times([1, 0, 0, 1, a[0]!, a[1] ?? 0]);
    else if (fn === 'scale') times([a[0]!, 0, 0, a[1] ?? a[0]!, 0, 0]);
    else if (fn === 'matrix') times(a);
    else if (fn === 'rotate') { const r = (a[0]! * Math.PI) / 180; times([Math.cos(r), Math.sin(r), -Math.sin(r), Math.cos(r), 0, 0]); }
    else throw new Error(`transform ${fn} not understood`);
  }
  return m;
}

function textsIn(svg: string): Text[] {
  return [...svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].map(([, attrs, content]) => {
    const style = attr(attrs!, 'style') ?? '';
    const size = Number(/font-size:\s*([\d.]+)px/.exec(style)?.[1] ?? 12);
    const text = decode(content!);
    const anchor = attr(attrs!, 'text-anchor') ?? 'start';
    const baseline = attr(attrs!, 'dominant-baseline') ?? 'alphabetic';
    const x = Number(attr(attrs!, 'x') ?? 0);
    const y = Number(attr(attrs!, 'y') ?? 0);
    const w = [...text].length * 0.6 * size;
    const x0 = anchor === 'middle' ? x - w / 2 : anchor === 'end' ? x - w : x;
    const y0 = baseline === 'central' || baseline === 'middle' ? y - size / 2 : baseline === 'hanging' || baseline === 'text-before-edge' ? y : y - 0.8 * size;
    const m = transformOf(attr(attrs!, 'transform'));
    const corners = ([[x0, y0], [x0 + w, y0], [x0 + w, y0 + size], [x0, y0 + size]] as Point[])
      .map(([px, py]): Point => [m[0]! * px + m[2]! * py + m[4]!, m[1]! * px + m[3]! * py + m[5]!]);
    return { text, size, anchor, weight: /font-weight:\s*bold/.test(style) ? 'bold' : 'normal', fill: attr(attrs!, 'fill') ?? '', corners };
  });
}

/** Rectangles drawn as "M x y l w 0 l 0 h l -w 0 Z" (bars, their hatching and the no-data outline). */
function rectsIn(svg: string): Rect[] {
  return [...svg.matchAll(/<path([^>]*)>/g)].flatMap(([, attrs]) => {
    const m = /^M([-\d.]+) ([-\d.]+)l([-\d.]+) 0l0 ([-\d.]+)l([-\d.]+) 0Z$/.exec(attr(attrs!, 'd') ?? '');
    if (!m) return [];
    const [x, y, w, h] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
    return [{ x0: Math.min(x, x + w), x1: Math.max(x, x + w), top: Math.min(y, y + h), bottom: Math.max(y, y + h), fill: attr(attrs!, 'fill') ?? '', attrs: attrs! }];
  });
}

/** The target (or budget) line: the dashed horizontal path of the mark line. */
function targetLineIn(svg: string): { x0: number; x1: number; y: number } {
  const paths = [...svg.matchAll(/<path([^>]*)>/g)].map(([, a]) => a!).filter((a) => /stroke-dasharray/.test(a) && /ecmeta_silent/.test(a));
  expect(paths).toHaveLength(1);
  const m = /^M([-\d.]+) ([-\d.]+)L([-\d.]+) ([-\d.]+)$/.exec(attr(paths[0]!, 'd')!)!;
  expect(Number(m[2])).toBeCloseTo(Number(m[4]), 6);
  return { x0: Number(m[1]), x1: Number(m[3]), y: Number(m[2]) };
}

/** The y-axis: its tick labels (right-aligned text left of the plot) with the pixel height of each. */
function yAxisIn(svg: string) {
  const ticks = textsIn(svg).filter((t) => t.anchor === 'end').map((t) => ({ value: Number(t.text.replace(/,/g, '')), y: (t.corners[0]![1] + t.corners[2]![1]) / 2 })).sort((a, b) => a.value - b.value);
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  for (const t of ticks) expect(Number.isFinite(t.value)).toBe(true);
  const [first, last] = [ticks[0]!, ticks.at(-1)!];
  const pxPerUnit = (first.y - last.y) / (last.value - first.value);
  return { ticks, min: first.value, max: last.value, yOf: (v: number) => first.y - (v - first.value) * pxPerUnit };
}

/** Separating-axis test for two convex quadrilaterals; touching edges do not count as overlap. */
function overlap(a: Point[], b: Point[]): boolean {
  for (const poly of [a, b]) {
    for (let i = 0; i < poly.length; i++) {
      const [p, q] = [poly[i]!, poly[(i + 1) % poly.length]!];
      const axis: Point = [q[1] - p[1], p[0] - q[0]];
      const project = (ps: Point[]) => ps.map(([x, y]) => x * axis[0] + y * axis[1]);
      const [pa, pb] = [project(a), project(b)];
      if (Math.max(...pa) <= Math.min(...pb) + 1e-6 || Math.max(...pb) <= Math.min(...pa) + 1e-6) return false;
    }
  }
  return true;
}

const box = (x0: number, y0: number, x1: number, y1: number): Point[] => [[x0, y0], [x1, y0], [x1, y1], [x0, y1]];

/** Every pair of text boxes that overlap, and every text box over the target line (1.5 px of stroke). */
function collisions(svg: string): string[] {
  const texts = textsIn(svg);
  const line = targetLineIn(svg);
  const found: string[] = [];
  texts.forEach((a, i) => {
    texts.slice(i + 1).forEach((b) => { if (overlap(a.corners, b.corners)) found.push(`"${a.text}" × "${b.text}"`); });
    if (overlap(a.corners, box(line.x0, line.y - 0.75, line.x1, line.y + 0.75))) found.push(`"${a.text}" × target line`);
  });
  return found;
}

/** Within a pixel: the renderer snaps thin lines to half pixels. */
const expectNear = (actual: number, expected: number) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(1);

const NICE = [1, 2, 2.5, 5];
function isNiceStep(step: number): boolean {
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  return NICE.some((f) => Math.abs(step / power - f) < 1e-9);
}

function expectNiceTicks(svg: string): { step: number; min: number; max: number } {
  const { ticks } = yAxisIn(svg);
  expect(ticks.length).toBeLessThanOrEqual(6);
  const step = ticks[1]!.value - ticks[0]!.value;
  expect(isNiceStep(step), `step ${step}`).toBe(true);
  ticks.forEach((t, i) => expect(t.value).toBeCloseTo(ticks[0]!.value + i * step, 9));
  return { step, min: ticks[0]!.value, max: ticks.at(-1)!.value };
}

/** The filled bars, in order: rectangles with a solid fill (not outlines, not the hatch overlay). */
const barsOf = (svg: string) => rectsIn(svg).filter((r) => /ecmeta_series_index="0"/.test(r.attrs) && r.fill.startsWith('#')).sort((a, b) => a.x0 - b.x0);

// ---------------------------------------------------------------------------------------------
// Realistic series.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const periods = (n: number) => Array.from({ length: n }, (_, i) => `${MONTHS[i % 12]} ${2026 + Math.floor(i / 12)}`);
function series(values: (number | null)[], op: NonNullable<ChartSpec['op']>, target: number): ChartPoint[] {
  const names = periods(values.length);
  const ok = (v: number) => op === '>=' ? v >= target : op === '>' ? v > target : op === '<=' ? v <= target : op === '<' ? v < target : v === target;
  return values.map((actual, i) => ({ period: names[i]!, actual, status: actual === null ? 'no-data' : ok(actual) ? 'met' : 'breached' }));
}
const percent = (target: number, values: (number | null)[], op: '>=' | '<=' = '>='): ChartSpec => ({ axisLabel: '%', unitSuffix: ' %', ceiling: 100, op, target, points: series(values, op, target) });
const ms = (target: number, values: (number | null)[]): ChartSpec => ({ axisLabel: 'milliseconds', unitSuffix: ' ms', op: '<=', target, points: series(values, '<=', target) });
const score = (target: number, values: (number | null)[]): ChartSpec => ({ axisLabel: 'score', unitSuffix: '', op: '>=', target, points: series(values, '>=', target) });
const hours = (target: number, values: (number | null)[], clock?: 'business' | 'calendar'): ChartSpec => ({ axisLabel: 'hours', unitSuffix: ' h', op: '<=', target, clock, points: series(values, '<=', target) });
const count = (target: number, values: (number | null)[]): ChartSpec => ({ axisLabel: 'count', unitSuffix: '', op: '<=', target, points: series(values, '<=', target) });

const wave = (n: number, base: number, swing: number) => Array.from({ length: n }, (_, i) => Number((base + swing * Math.sin(i * 1.3)).toFixed(3)));
const CASES: Record<string, ChartSpec> = {
  'availability, one deep dip and a gap (platform-api)': percent(99.9, [99.975, 99.976, 99.464, 99.975, null, 99.975]),
  'availability flat at its target': percent(99.9, Array(6).fill(99.9)),
  'availability, every period perfect': percent(99.9, Array(6).fill(100)),
  'availability, a collapse to 50 %': percent(99, [100, 50]),
  'availability, 12 periods near the budget': percent(99.5, wave(12, 99.55, 0.08)),
  'availability, 24 periods with two breaches and a gap': percent(99.9, Array.from({ length: 24 }, (_, i) => i === 7 || i === 8 ? 99.2 : i === 15 ? null : 99.95 + (i % 3) * 0.01)),
  'latency p95, one breach (platform-api)': ms(300, [270.8, 271.1, 272.2, 270.005, 394, 271]),
  'latency flat at its target, 12 periods': ms(300, Array(12).fill(300)),
  'latency, 24 periods just under and over the target': ms(300, wave(24, 295, 12)),
  'latency, 52 weeks with a gap': { ...ms(250, []), points: series(wave(52, 240, 20).map((v, i) => i === 30 ? null : v), '<=', 250).map((p, i) => ({ ...p, period: `W${String(i + 1).padStart(2, '0')}` })) },
  'satisfaction, one dip just under the target (it-service-desk)': score(4.2, [4.297, 4.536, 4.294, 4.091, 4.25, 4.424]),
  'satisfaction, one deep dip': score(4.2, [4.4, 4.3, 1.9, 4.35, 4.5, 4.25]),
  'resolution within 3 business days, 85 % floor (it-service-desk)': percent(85, [100, 94.118, 88.889, 93.75, 61.111, 100]),
  'p90 resolution in business hours, a gap and a value at the target': hours(36, [30.2, 35.9, 41.5, 12, null, 36], 'business'),
  'incidents per month (platform-api)': count(3, [2, 1, 4, 1, 2, 1]),
  'incidents, none at all': count(0, [0, 0, 0, 0]),
  'error rate at most 1 %': percent(1, [0.4, 0.8, 1.6, 0.2, 0.9, 0.95], '<='),
  'two quarters (platform-api sev1-response)': percent(99, [100, 50]),
  'a single period without data': percent(99.9, [null]),
};

describe('kpi charts read back from their SVG', () => {
  describe.each(Object.entries(CASES))('%s', (_, spec) => {
    const chart = kpiChart(spec);
    const { svg } = chart;

    it('starts every axis at zero and steps it in 1, 2, 2.5 or 5 × 10^n, at most six ticks, up to the highest value or line', () => {
      const { step, min, max } = expectNiceTicks(svg);
      expect(min).toBe(0);
      const plotted = chart.mode === 'budget'
        ? spec.points.flatMap((p) => p.actual === null ? [] : [((spec.ceiling! - p.actual) / (spec.ceiling! - spec.target)) * 100])
        : spec.points.flatMap((p) => p.actual === null ? [] : [p.actual]);
      const top = Math.max(chart.mode === 'budget' ? 100 : spec.target, ...plotted);
      expect(max).toBeGreaterThanOrEqual(top - 1e-9);
      if (top > 0) expect(max - step).toBeLessThan(top);
      else expect(max).toBe(step);
      if (spec.ceiling !== undefined && chart.mode === 'value') expect(max).toBeLessThanOrEqual(spec.ceiling);
    });

    it('draws each bar from the zero line, as tall as its value on that axis', () => {
      const axis = yAxisIn(svg);
      const bars = barsOf(svg);
      const withData = spec.points.map((p, i) => ({ p, i })).filter(({ p }) => p.actual !== null);
      const expected = withData.map(({ p }) => chart.mode === 'budget' ? Math.max(0, ((spec.ceiling! - p.actual!) / (spec.ceiling! - spec.target)) * 100) : p.actual!);
      // A bar of zero height may not be drawn at all; every other bar must be there.
      const drawn = expected.filter((v) => axis.yOf(0) - axis.yOf(v) >= 0.5).length;
      expect(bars.length).toBeGreaterThanOrEqual(drawn);
      expect(bars.length).toBeLessThanOrEqual(expected.length);
      const byValue = expected.filter((v) => axis.yOf(0) - axis.yOf(v) >= 0.5);
      const tall = bars.filter((b) => b.bottom - b.top >= 0.5);
      expect(tall).toHaveLength(byValue.length);
      tall.forEach((bar, k) => {
        expect(bar.bottom).toBeCloseTo(axis.yOf(0), 0);
        expect(bar.top).toBeCloseTo(axis.yOf(byValue[k]!), 0);
      });
    });

    it('has no two text boxes overlapping, and no text on the target line', () => {
      expect(collisions(svg)).toEqual([]);
    });

    it('writes white labels only inside a bar', () => {
      const bars = barsOf(svg);
      for (const t of textsIn(svg).filter((t) => t.fill === '#fff')) {
        const xs = t.corners.map((c) => c[0]);
        const ys = t.corners.map((c) => c[1]);
        expect(bars.some((b) => b.x0 <= Math.min(...xs) && Math.max(...xs) <= b.x1 && b.top <= Math.min(...ys) && Math.max(...ys) <= b.bottom), t.text).toBe(true);
      }
    });

    it('keeps every text inside the picture', () => {
      const [width, height] = [Number(/<svg width="(\d+)"/.exec(svg)![1]), Number(/height="(\d+)"/.exec(svg)![1])];
      for (const t of textsIn(svg)) for (const [x, y] of t.corners) {
        expect(x, t.text).toBeGreaterThanOrEqual(0);
        expect(x, t.text).toBeLessThanOrEqual(width);
        expect(y, t.text).toBeGreaterThanOrEqual(0);
        expect(y, t.text).toBeLessThanOrEqual(height);
      }
    });

    it('marks every breached period with a red hatched bar, and no met one', () => {
      const rects = rectsIn(svg);
      const breached = spec.points.filter((p) => p.status === 'breached').length;
      const red = barsOf(svg).filter((b) => b.fill === '#b3261e');
      const hatches = rects.filter((r) => /^url\(#/.test(r.fill));
      // Each breached bar drawn has its hatch: the same rectangle filled with a pattern of diagonal lines.
      expect(red.length).toBe(breached - spec.points.filter((p) => p.status === 'breached' && p.actual === 0).length);
      expect(hatches).toHaveLength(red.length);
      for (const bar of red) expect(hatches.some((h) => h.x0 === bar.x0 && h.top === bar.top && h.bottom === bar.bottom)).toBe(true);
      for (const h of hatches) {
        const id = /^url\(#([^)]+)\)$/.exec(h.fill)![1]!;
        expect(svg).toMatch(new RegExp(`<pattern [^>]*patternTransform="rotate\\(45\\)"[^>]*id="${id}"`));
      }
    });

    it('shows a period without data as a dashed outline on the baseline, not as a value', () => {
      const axis = yAxisIn(svg);
      const outlines = rectsIn(svg).filter((r) => /stroke-dasharray/.test(r.attrs));
      expect(outlines).toHaveLength(spec.points.filter((p) => p.actual === null).length);
      // Each is labelled: "no data", or where that does not fit "n/a", or "no data" written upwards.
      expect(textsIn(svg).filter((t) => t.text === 'no data' || t.text === 'n/a')).toHaveLength(outlines.length);
      for (const o of outlines) {
        expectNear(o.bottom, axis.yOf(0));
        expect(o.bottom - o.top).toBeLessThanOrEqual(6);
        expect(o.fill).toBe('none');
      }
    });
  });
});

describe('what a chart plots', () => {
  it('charts a 99.9 % availability as the error budget used, with the budget line at 100 %', () => {
    const spec = CASES['availability, one deep dip and a gap (platform-api)']!;
    expect(chartModeFor(spec)).toBe('budget');
    const { svg, mode, axisName } = kpiChart(spec);
    expect(mode).toBe('budget');
    expect(axisName).toBe('error budget used, % of allowed shortfall (target 99.9 % allows 0.1 points below 100 %)');
    const texts = textsIn(svg).map((t) => t.text);
    expect(texts).toContain(axisName);
    expect(texts).toContain('budget');
    const axis = yAxisIn(svg);
    expectNear(targetLineIn(svg).y, axis.yOf(100));
    // (100 − 99.464) / (100 − 99.9) = 536 % of the budget; the met months used a quarter of theirs.
    expect(texts).toContain('536 % ✗');
    expect(texts.filter((t) => t === '25 %')).toHaveLength(3);
    const red = barsOf(svg).filter((b) => b.fill === '#b3261e');
    expect(red).toHaveLength(1);
    expect(red[0]!.top).toBeLessThan(targetLineIn(svg).y);
    for (const b of barsOf(svg).filter((b) => b.fill !== '#b3261e')) expect(b.top).toBeGreaterThan(targetLineIn(svg).y);
  });

  it('labels the budget used with the same number as the report table (sla check\'s budgetUsed)', () => {
    const actuals = [99.97526, 99.9, 99.464, 100, 99.0004, 99.95];
    const spec = percent(99.9, actuals);
    const kpi = { unit: 'percent', objective: { op: '>=', target: 99.9 } } as never;
    const labels = textsIn(kpiChart(spec).svg).map((t) => t.text);
    spec.points.forEach((p) => {
      const used = `${budgetNumber(budgetUsed(kpi, p.actual!)!)} %`;
      expect(labels).toContain(p.status === 'breached' ? `${used} ✗` : used);
    });
  });

  it('charts the budget for percentage floors from 90 % of the ceiling, and values for the rest', () => {
    expect(chartModeFor({ op: '>=', ceiling: 100, target: 99.9 })).toBe('budget');
    expect(chartModeFor({ op: '>', ceiling: 100, target: 99 })).toBe('budget');
    expect(chartModeFor({ op: '>=', ceiling: 100, target: 90 })).toBe('budget');
    expect(chartModeFor({ op: '>=', ceiling: 100, target: 85 })).toBe('value');
    // Nothing below the ceiling to budget, a ceiling-less unit, lower-is-better and equality objectives.
    expect(chartModeFor({ op: '>=', ceiling: 100, target: 100 })).toBe('value');
    expect(chartModeFor({ op: '>=', target: 4.2 })).toBe('value');
    expect(chartModeFor({ op: '<=', ceiling: 100, target: 99 })).toBe('value');
    expect(chartModeFor({ op: '==', ceiling: 100, target: 99 })).toBe('value');
    expect(chartModeFor({ ceiling: 100, target: 99.5 })).toBe('value');
  });

  it('charts lower-is-better values from zero against the target line', () => {
    const spec = CASES['latency p95, one breach (platform-api)']!;
    const { svg, mode, axisName } = kpiChart(spec);
    expect(mode).toBe('value');
    expect(axisName).toBe('milliseconds');
    expect(yAxisIn(svg).ticks.map((t) => t.value)).toEqual([0, 100, 200, 300, 400]);
    expectNear(targetLineIn(svg).y, yAxisIn(svg).yOf(300));
    expect(textsIn(svg).map((t) => t.text)).toEqual(expect.arrayContaining(['394 ms ✗', 'target 300 ms', '270.8 ms']));
  });

  it('says "business hours" on the axis of a duration on the business clock, and only then', () => {
    const business = kpiChart(CASES['p90 resolution in business hours, a gap and a value at the target']!);
    expect(business.axisName).toBe('business hours');
    expect(textsIn(business.svg).map((t) => t.text)).toContain('business hours');
    expect(kpiChart({ ...hours(36, [30]), clock: 'business', axisLabel: 'minutes' }).axisName).toBe('business minutes');
    const calendar = kpiChart(hours(36, [30, 40], 'calendar'));
    expect(calendar.axisName).toBe('hours');
    expect(calendar.svg).not.toContain('business');
    // A percentage of tickets on the business clock is still a percentage.
    expect(kpiChart({ ...percent(85, [90]), clock: 'business' }).axisName).toBe('%');
  });
});

describe('labels', () => {
  const texts = (spec: ChartSpec) => textsIn(kpiChart(spec).svg).map((t) => t.text);

  it('labels every bar, breaches with ✗ in bold red, where they fit', () => {
    const svg = kpiChart(CASES['satisfaction, one dip just under the target (it-service-desk)']!).svg;
    const all = textsIn(svg);
    for (const v of ['4.297', '4.536', '4.294', '4.25', '4.424']) expect(all.map((t) => t.text)).toContain(v);
    const breach = all.find((t) => t.text === '4.091 ✗')!;
    expect(breach).toMatchObject({ weight: 'bold', fill: '#b3261e' });
  });

  it('labels a value whose bar has no height, so every period with data shows', () => {
    // 100 % in Q1 uses none of the budget: no bar, but its label, above the budget line near the baseline.
    expect(texts(CASES['two quarters (platform-api sev1-response)']!)).toEqual(expect.arrayContaining(['0 %', '5,000 % ✗']));
    expect(texts(CASES['availability, every period perfect']!).filter((t) => t === '0 %')).toHaveLength(6);
    expect(texts(CASES['incidents, none at all']!).filter((t) => t === '0')).toHaveLength(4 + 1); // the bars and the tick
  });

  it('labels a period without data "no data"', () => {
    expect(texts(CASES['availability, one deep dip and a gap (platform-api)']!)).toContain('no data');
    expect(texts(CASES['a single period without data']!)).toContain('no data');
  });

  it('on narrow bars drops the labels of met values, keeps a ✗ on every breach and thins the period names', () => {
    const spec = CASES['availability, 24 periods with two breaches and a gap']!;
    const all = texts(spec);
    expect(all.filter((t) => t.endsWith('✗'))).toHaveLength(2);
    const weeks = textsIn(kpiChart(CASES['latency, 52 weeks with a gap']!).svg);
    expect(weeks.filter((t) => t.text.endsWith('✗'))).toHaveLength(CASES['latency, 52 weeks with a gap']!.points.filter((p) => p.status === 'breached').length);
    const upwards = weeks.find((t) => t.text === 'no data')!;
    expect(upwards.corners[1]![1]).toBeLessThan(upwards.corners[0]![1]); // the text runs up the page
    expect(all.filter((t) => /^\d+(\.\d+)? %$/.test(t))).toEqual([]);
    const names = all.filter((t) => /^[A-Z][a-z]{2} \d{4}$/.test(t));
    expect(names.length).toBeGreaterThan(2);
    expect(names.length).toBeLessThan(24);
    expect(names[0]).toBe('Jan 2026');
    // Every period still has its tick, labelled or not.
    expect(all.some((t) => t === 'n/a' || t === 'no data')).toBe(true);
  });

  it('labels met values all or none, so no single period is singled out', () => {
    for (const spec of Object.values(CASES)) {
      const all = texts(spec);
      const met = spec.points.filter((p) => p.status === 'met');
      const shown = met.filter((p) => all.some((t) => t === formatted(p.actual!) || t.startsWith(`${formatted(p.actual!)} `)));
      if (kpiChart(spec).mode === 'value') expect([0, met.length], spec.points.map((p) => p.actual).join()).toContain(shown.length);
    }
  });

  it('puts a label that would sit on the target line inside its bar or above the line', () => {
    // 270 ms under a 300 ms line: a label over the bar would cross the line.
    const svg = kpiChart(CASES['latency p95, one breach (platform-api)']!).svg;
    const label = textsIn(svg).find((t) => t.text === '270.8 ms')!;
    const line = targetLineIn(svg);
    const ys = label.corners.map((c) => c[1]);
    expect(Math.min(...ys) > line.y || Math.max(...ys) < line.y).toBe(true);
  });
});

/** The next finer step in the nice set: 5 → 2.5 → 2 → 1 → 0.5. */
function finer(step: number): number {
  const power = 10 ** Math.floor(Math.log10(step) + 1e-9);
  const f = Math.round((step / power) * 10) / 10;
  return (f === 1 ? 0.5 : f === 2 ? 1 : f === 2.5 ? 2 : 2.5) * power;
}

const formatted = numberInWords;

describe('niceScale', () => {
  it('steps from zero in 1, 2, 2.5 or 5 × 10^n with at most six ticks, ending at the first step at or above the top', () => {
    for (let hi = 0.01; hi < 2e6; hi *= 1.137) {
      const { min, max, interval } = niceScale(0, hi);
      expect(min).toBe(0);
      expect(isNiceStep(interval), `${hi}: ${interval}`).toBe(true);
      expect(max / interval).toBeLessThanOrEqual(5 + 1e-9);
      expect(max).toBeGreaterThanOrEqual(hi);
      expect(max - interval).toBeLessThan(hi);
      // The coarser steps would need more than five intervals: this one is the finest that fits.
      expect(Math.ceil(hi / finer(interval) - 1e-9)).toBeGreaterThan(5);
    }
  });

  it('never runs a percentage past 100 %, and counts in whole steps', () => {
    for (let hi = 1; hi <= 100; hi += 0.5) expect(niceScale(0, hi).max).toBeLessThanOrEqual(100);
    expect(niceScale(0, 2, { whole: true })).toEqual({ min: 0, max: 2, interval: 1 });
    expect(niceScale(0, 4, { whole: true })).toEqual({ min: 0, max: 4, interval: 1 });
    expect(niceScale(0, 0, { whole: true })).toEqual({ min: 0, max: 1, interval: 1 });
    expect(niceScale(0, 536)).toEqual({ min: 0, max: 600, interval: 200 });
    expect(niceScale(0, 394)).toEqual({ min: 0, max: 400, interval: 100 });
  });
});

describe('the report charts', () => {
  it('say in the alt text what each chart plots', () => {
    const sla = exampleData('platform-api');
    const results = (sla.metrics as { id: string; name: string; unit: string; objective: { op: string; target: number } }[]).flatMap((kpi) =>
      ['2026-01', '2026-02'].map((period, i) => ({
        kpi: kpi.id, name: kpi.name, period, status: i === 0 ? 'met' : 'breached', actual: i === 0 ? kpi.objective.target : kpi.objective.op === '>=' ? kpi.objective.target - 1 : kpi.objective.target + 1,
        target: kpi.objective.target, op: kpi.objective.op, unit: kpi.unit, samples: 10, open: 0, margin: null, budgetUsed: null, consequences: [],
      })));
    const result = { sla: 'x', status: 'breached', from: '2026-01-01', to: '2026-02-28', skipped: [], results } as unknown as CheckResult;
    const { charts } = buildReportCharts(sla as never, result, { format: 'html', inline: false, chartDir: 'c' });
    expect(charts.get('availability')!.alt).toBe('Chart: error budget used per period by Monthly availability of the Payments API (% of the shortfall the target of at least 99.9 % allows), against the budget line at 100 %');
    expect(charts.get('latency-p95')!.alt).toBe('Chart: 95th percentile latency of authorisations per period (milliseconds) against the target of at most 300 milliseconds');
    expect(charts.get('availability')!.svg).toContain('>budget<');
  });
});
