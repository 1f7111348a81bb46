// Charts for `sla report`, drawn by ECharts' server-side SVG renderer: no browser, no DOM, and only
// the parts of ECharts a bar chart with a target line needs, so the import stays small.
//
// The figures are what two teams sign, so the chart must not exaggerate:
// - every bar starts at zero, on an axis of round steps (1, 2, 2.5 or 5 × 10^n, at most six ticks);
// - where zero-based bars of the value would hide what matters (a 99.9 % availability target), the
//   chart shows what the agreement governs instead: the error budget used per period, from zero, with
//   the budget at 100 %; `chartModeFor` says which, so the caller can say it in the alt text;
// - labels are placed on a layout computed here (the grid is fixed in pixels), so no two overlap and
//   none sits on the target line: labels that do not fit are shortened or dropped, never stacked.
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { budgetNumber, exactNumber } from '../formatters/text.js';

echarts.use([BarChart, GridComponent, MarkLineComponent, TitleComponent, SVGRenderer]);

export interface ChartPoint {
  /** The label under the bar. */
  period: string;
  actual: number | null;
  /** insufficient-data (fewer samples than minSamples) is drawn like no data, labelled "too few samples". */
  status: 'met' | 'breached' | 'no-data' | 'insufficient-data';
  /**
   * The number on the bar as the report's table prints it: the actual (digits enough to tell it from
   * its target and credit bounds), or in budget mode the budget used. By default made from `actual`.
   */
  label?: string;
}

/** A period drawn without a bar: no value, or too few samples to judge one. */
const gapLabel = (p: ChartPoint) => (p.status === 'insufficient-data' ? 'too few samples' : 'no data');

export interface ChartSpec {
  /** The unit as an axis names it, such as "%", "milliseconds" or "hours". */
  axisLabel: string;
  unitSuffix: string;
  target: number;
  /** How the value must compare with the target; without it the chart draws the value's bars. */
  op?: '>=' | '>' | '<=' | '<' | '==';
  /** The highest value the unit allows (100 for percentages), so the axis does not run past it. */
  ceiling?: number;
  /** The clock a duration is counted on: on the business clock the axis says "business hours". */
  clock?: 'business' | 'calendar';
  points: readonly ChartPoint[];
  width?: number;
  height?: number;
}

/**
 * What the chart plots: `value`, the KPI's value per period in bars from zero against the target;
 * or `budget`, the error budget used per period (the shortfall from the ceiling as a share of the
 * shortfall the target allows), in bars from zero against the budget at 100 %.
 */
export type ChartMode = 'value' | 'budget';

export interface KpiChart {
  svg: string;
  mode: ChartMode;
  /** What the y-axis measures, as the chart states it above the plot. */
  axisName: string;
}

const MET = '#4a6fa5';
const BREACHED = '#b3261e';
const FONT = 'Helvetica, Arial, sans-serif';
/** Font sizes: the axis name and axis labels, and the labels on bars. */
const AXIS_FONT = 11;
const LABEL_FONT = 10;
const VERTICAL_FONT = 9;
const BAR_MAX_WIDTH = 48;
/** Width of a label, estimated from its length (the SVG renderer cannot measure text). */
const CHAR_WIDTH = 0.62;
const BUDGET_TARGETS_FROM = 0.9;

/**
 * Budget when the objective is a floor close to the unit's ceiling (the target at 90 % of it or
 * more, such as availability ≥ 99.9 %): bars of the value from zero would all be the same height and
 * a breach would not show. Everything else, lower-is-better KPIs included, is charted as its value.
 */
export function chartModeFor(spec: Pick<ChartSpec, 'op' | 'ceiling' | 'target'>): ChartMode {
  const { op, ceiling, target } = spec;
  if ((op === '>=' || op === '>') && ceiling !== undefined && ceiling > 0 && target < ceiling && target >= BUDGET_TARGETS_FROM * ceiling) return 'budget';
  return 'value';
}

/** The error budget the target allows: how far below the ceiling the value may fall. */
const budgetOf = (spec: ChartSpec) => spec.ceiling! - spec.target;

/** What the y-axis measures, in words: the unit (on the business clock, "business hours"), or the budget used. */
export function axisNameFor(spec: ChartSpec): string {
  if (chartModeFor(spec) === 'budget') {
    return `error budget used, % of allowed shortfall (target ${formatNumber(spec.target)}${spec.unitSuffix} allows ${formatNumber(budgetOf(spec))} point${budgetOf(spec) === 1 ? '' : 's'} below ${formatNumber(spec.ceiling!)}${spec.unitSuffix})`;
  }
  if (spec.clock === 'business' && /^(seconds|minutes|hours|days)$/.test(spec.axisLabel)) return `business ${spec.axisLabel}`;
  return spec.axisLabel;
}

/** One KPI's chart; see `kpiChart`. */
export function kpiChartSvg(spec: ChartSpec): string {
  return kpiChart(spec).svg;
}

interface Box { x0: number; y0: number; x1: number; y1: number }
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const textWidth = (text: string, size: number) => [...text].length * CHAR_WIDTH * size;

/**
 * One KPI per period as bars from zero against its target (or budget) as a dashed line. Breached bars
 * are red, hatched and marked ✗, so they stand out in black-and-white print too; a period without
 * data is a dashed outline on the baseline labelled "no data".
 */
export function kpiChart(spec: ChartSpec): KpiChart {
  const width = spec.width ?? 640;
  const height = spec.height ?? 220;
  const mode = chartModeFor(spec);
  const axisName = axisNameFor(spec);
  const n = Math.max(spec.points.length, 1);

  // What is plotted: the value, or the share of the error budget used (clamped at zero: a value above
  // the ceiling uses none).
  const plotted = spec.points.map((p) => p.actual === null ? null : mode === 'budget' ? Math.max(0, ((spec.ceiling! - p.actual) / budgetOf(spec)) * 100) : p.actual);
  const line = mode === 'budget' ? 100 : spec.target;
  const suffix = mode === 'budget' ? ' %' : spec.unitSuffix;
  const values = plotted.filter((v): v is number => v !== null);
  const whole = mode === 'value' && [...values, line].every(Number.isInteger);
  // Loops, not Math.min(...values): one argument per period overflows the stack on a long range.
  let low = Math.min(0, line);
  let high = line;
  for (const v of values) {
    if (v < low) low = v;
    if (v > high) high = v;
  }
  const scale = niceScale(low, high, { whole });
  const ticks: number[] = [];
  for (let t = scale.min; t <= scale.max + scale.interval / 1e6; t += scale.interval) ticks.push(round(t, scale.interval));
  const tickText = (v: number) => formatNumber(round(v, scale.interval));

  // The grid in pixels: the axis name on a line of its own at the top, room above the plot for a
  // label over the tallest bar, tick labels on the left, the target's label on the right.
  const lineLabel = mode === 'budget' ? 'budget' : `target ${formatNumber(spec.target)}${spec.unitSuffix}`;
  const titleBox: Box = { x0: 8, y0: 6, x1: 8 + textWidth(axisName, AXIS_FONT), y1: 6 + AXIS_FONT + 2 };
  const top = Math.ceil(titleBox.y1 + 4 + LABEL_FONT + 8);
  const left = Math.ceil(Math.max(40, ticks.reduce((w, t) => Math.max(w, textWidth(tickText(t), AXIS_FONT)), 0) + 16));
  const right = Math.ceil(Math.max(24, textWidth(lineLabel, AXIS_FONT) + 12));
  const bottom = 30;
  const plot = { x0: left, x1: width - right, y0: top, y1: height - bottom };
  const slot = (plot.x1 - plot.x0) / n;
  const barWidth = Math.min(BAR_MAX_WIDTH, slot * 0.8); // ECharts' default gap between bars is 20 % of a slot
  const yOf = (v: number) => plot.y1 - ((v - scale.min) / (scale.max - scale.min)) * (plot.y1 - plot.y0);
  const zeroY = yOf(0);
  const lineY = yOf(line);

  // Category labels: every one where they fit, otherwise every k-th.
  const periodWidth = spec.points.reduce((w, p) => Math.max(w, textWidth(p.period, AXIS_FONT)), 0);
  const periodInterval = Math.max(0, Math.ceil((periodWidth + 8) / slot) - 1);

  // Bar labels, placed in order of importance (breaches, then missing data, then the rest) where
  // they overlap nothing placed before them, the target line or the axis name.
  const taken: Box[] = [titleBox, { x0: plot.x0, y0: lineY - 1.5, x1: width, y1: lineY + 1.5 }];
  const texts = spec.points.map((p, i) => {
    const v = plotted[i];
    if (p.actual === null) return [gapLabel(p), 'n/a'];
    const number = p.label ?? (mode === 'budget' ? budgetNumber(v!) : formatNumber(p.actual));
    return p.status === 'breached' ? [`${number}${suffix} ✗`, '✗'] : [`${number}${suffix}`, number];
  });
  // Bars that met their target are labelled all alike: with the unit if every such label fits its
  // bar's slot, else without it (the axis names the unit), else not at all (the table has them).
  const metForm = [0, 1].find((k) => spec.points.every((p, i) => p.status !== 'met' || textWidth(texts[i]![k]!, LABEL_FONT) + 6 <= slot));
  for (const [i, p] of spec.points.entries()) if (p.status === 'met') texts[i] = metForm === undefined ? [] : [texts[i]![metForm]!];
  type Placement = { text: string; position: 'top' | 'insideTop'; distance: number; vertical: boolean };
  const placements: (Placement | null)[] = spec.points.map(() => null);
  const order = spec.points.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p.status) - rank(b.p.status) || a.i - b.i);
  const STUB = 5; // the height of a no-data outline, in pixels
  const barTopOf = (i: number) => plotted[i] === null ? zeroY - STUB : yOf(Math.max(plotted[i]!, scale.min));
  const LABEL_HEIGHT = LABEL_FONT + 2;
  const hitsLine = (y1: number, h: number) => lineY + 1.5 > y1 - h && lineY - 1.5 < y1;
  const fitsInside = (i: number, w: number, h: number) => zeroY - barTopOf(i) >= h + 6 && w + 4 <= barWidth;
  // A met value whose label over its bar would sit on the target line goes inside the bar (white) or
  // above the line; all such labels the same way, inside only if every one of them fits there.
  const insideFirst = spec.points.every((p, i) => {
    if (p.status !== 'met' || texts[i]!.length === 0) return true;
    const w = textWidth(texts[i]![0]!, LABEL_FONT) + 2;
    return !hitsLine(barTopOf(i) - 4, LABEL_HEIGHT) || fitsInside(i, w, LABEL_HEIGHT);
  });
  for (const { p, i } of order) {
    const barTop = barTopOf(i);
    const cx = plot.x0 + (i + 0.5) * slot;
    const forms = texts[i]!.map((text) => ({ text, vertical: false }));
    // The last resort for a gap on narrow bars: "no data" written upwards, one line wide.
    if (p.actual === null) forms.push({ text: gapLabel(p), vertical: true });
    for (const { text, vertical } of forms) {
      const size = vertical ? VERTICAL_FONT : LABEL_FONT;
      const length = textWidth(text, size) + 2;
      const [w, h] = vertical ? [size, length] : [length, LABEL_HEIGHT];
      const over: Placement = { text, position: 'top', distance: 4, vertical };
      // White inside the bar only where the bar is wide and tall enough to hold it.
      const inside: Placement[] = p.status === 'met' && fitsInside(i, w, h) ? [{ text, position: 'insideTop', distance: 3, vertical }] : [];
      // Above the target line: always for a breach or a gap, for a met value only while bars are
      // wide (on narrow ones a row of labels floating above the line would read as the line's).
      const above: Placement[] = lineY < barTop && (p.status !== 'met' || metForm === 0) ? [{ text, position: 'top', distance: barTop - lineY + 3, vertical }] : [];
      const candidates = [over, ...(insideFirst ? [...inside, ...above] : [...above, ...inside])];
      const fit = candidates.find((c) => {
        const y1 = c.position === 'top' ? barTop - c.distance : barTop + c.distance + h;
        const box: Box = { x0: cx - w / 2, x1: cx + w / 2, y0: y1 - h, y1 };
        if (box.y0 < titleBox.y1 + 1 || box.x0 < plot.x0 - 2 || box.x1 > plot.x1 + 2 || w > slot) return false;
        if (taken.some((t) => overlaps(t, box))) return false;
        taken.push(box);
        return true;
      });
      if (fit) { placements[i] = fit; break; }
    }
  }
  // Met values are labelled all or none, so a missing label never singles a period out.
  if (spec.points.some((p, i) => p.status === 'met' && texts[i]!.length > 0 && !placements[i])) {
    for (const [i, p] of spec.points.entries()) if (p.status === 'met') placements[i] = null;
  }

  const hatch = { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.55)' };
  const label = (i: number, p: ChartPoint) => {
    const at = placements[i];
    if (!at) return { show: false };
    const inside = at.position === 'insideTop';
    return {
      show: true, position: at.position, distance: at.distance, fontSize: at.vertical ? VERTICAL_FONT : LABEL_FONT,
      ...(at.vertical ? { rotate: 90, align: 'left', verticalAlign: 'middle' } : {}),
      color: inside ? '#fff' : p.status === 'breached' ? BREACHED : '#222',
      fontWeight: p.status === 'breached' ? 'bold' : 'normal',
      formatter: at.text,
    };
  };

  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT, fontSize: AXIS_FONT, color: '#222' },
      // The axis name heads the plot on its own line (the KPI's name heads the chart in the document).
      title: { text: axisName, left: titleBox.x0, top: titleBox.y0, padding: 0, textStyle: { fontSize: AXIS_FONT, fontWeight: 'normal', color: '#222', fontFamily: FONT } },
      grid: { left, right, top, bottom, outerBoundsMode: 'none' },
      xAxis: {
        type: 'category', data: spec.points.map((p) => p.period), axisTick: { alignWithLabel: true, interval: 0 },
        axisLabel: { color: '#222', fontSize: AXIS_FONT, interval: periodInterval, hideOverlap: false },
      },
      yAxis: {
        type: 'value', min: scale.min, max: scale.max, interval: scale.interval,
        axisLabel: { color: '#222', fontSize: AXIS_FONT, formatter: tickText, showMinLabel: true, showMaxLabel: true, hideOverlap: false },
        splitLine: { lineStyle: { color: '#ddd' } },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: BAR_MAX_WIDTH,
          barGap: '-100%',
          data: spec.points.map((p, i) => p.actual === null
            ? { value: '-' }
            : {
              value: plotted[i],
              itemStyle: p.status === 'breached' ? { color: BREACHED, decal: hatch } : { color: MET },
              label: label(i, p),
            }),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { type: 'dashed', color: '#111', width: 1.5 },
            label: { formatter: lineLabel, position: 'end', distance: 5, color: '#111', fontSize: AXIS_FONT },
            data: [{ yAxis: line }],
          },
        },
        {
          // A period without data: a short dashed outline on the baseline, labelled "no data", so it
          // cannot be read as a value.
          type: 'bar',
          barMaxWidth: BAR_MAX_WIDTH,
          barMinHeight: STUB,
          data: spec.points.map((p, i) => p.actual === null
            ? { value: 0, itemStyle: { color: 'transparent', borderColor: '#777', borderType: 'dashed', borderWidth: 1 }, label: label(i, p) }
            : { value: '-' }),
        },
      ],
    });
    return { svg: chart.renderToSVGString(), mode, axisName };
  } finally {
    chart.dispose();
  }
}

const rank = (status: ChartPoint['status']) => status === 'breached' ? 0 : status === 'no-data' || status === 'insufficient-data' ? 1 : 2;

/**
 * An axis from zero (or below, for negative values) to a round number at or above `hi`, in steps of
 * 1, 2, 2.5 or 5 times a power of ten, with at most six ticks. Whole numbers (counts) get whole steps.
 * (Every such step below 100 divides 100, so a percentage axis never runs past 100 %.)
 */
export function niceScale(lo: number, hi: number, options: { whole?: boolean } = {}): { min: number; max: number; interval: number } {
  lo = Math.min(0, lo);
  hi = Math.max(0, hi);
  if (hi - lo <= 0) hi = lo + 1;
  for (let power = 10 ** Math.floor(Math.log10((hi - lo) / 5)); ; power *= 10) {
    for (const f of [1, 2, 2.5, 5]) {
      const interval = f * power;
      if (options.whole && !Number.isInteger(interval)) continue;
      const min = lo < 0 ? -Math.ceil(round(-lo / interval, 1e-9)) * interval : 0;
      const max = Math.ceil(round(hi / interval, 1e-9)) * interval;
      if (round((max - min) / interval, 1) <= 5) return { min: round(min, interval), max: round(max, interval), interval };
    }
  }
}

const round = (x: number, step: number) => Number(x.toFixed(Math.max(0, -Math.floor(Math.log10(step)) + 1)));

/** Targets, bounds and ticks as the report and the agreement write them: exactly, grouped ("1,500"). */
export function formatNumber(x: number): string {
  return exactNumber(x);
}
