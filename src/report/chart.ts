// Charts for `sla report`, drawn by ECharts' server-side SVG renderer: no browser, no DOM, and only
// the parts of ECharts a bar chart with a target line needs, so the import stays small.
import { BarChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { chartNumber as formatNumber } from '../formatters/text.js';

echarts.use([BarChart, GridComponent, MarkLineComponent, SVGRenderer]);

export interface ChartPoint {
  /** The label under the bar. */
  period: string;
  actual: number | null;
  status: 'met' | 'breached' | 'no-data';
}

export interface ChartSpec {
  /** Axis label: the unit, such as "%" or "milliseconds". */
  axisLabel: string;
  unitSuffix: string;
  target: number;
  /** The highest value the unit allows (100 for percentages), so the axis does not run past it. */
  ceiling?: number;
  points: readonly ChartPoint[];
  width?: number;
  height?: number;
}

const MET = '#4a6fa5';
const BREACHED = '#b3261e';

/**
 * One KPI's value per period as bars against its target as a dashed line. Breached bars are red
 * and hatched, and labelled, so they stand out in black-and-white print too.
 */
export function kpiChartSvg(spec: ChartSpec): string {
  const width = spec.width ?? 640;
  const height = spec.height ?? 220;
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  const values = spec.points.map((p) => p.actual).filter((v): v is number => v !== null);
  const scale = niceScale(Math.min(spec.target, ...values), Math.max(spec.target, ...values));
  const { min, interval } = scale;
  const max = spec.ceiling !== undefined && scale.max > spec.ceiling ? spec.ceiling : scale.max;
  const pad = interval / 2;
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: 'Helvetica, Arial, sans-serif', fontSize: 11, color: '#222' },
      grid: { left: 64, right: 96, top: 28, bottom: 32 },
      xAxis: { type: 'category', data: spec.points.map((p) => p.period), axisTick: { alignWithLabel: true }, axisLabel: { color: '#222' } },
      yAxis: {
        type: 'value', min, max, interval: max === scale.max ? interval : undefined,
        // The KPI's name heads the chart in the document; the axis names only the unit.
        name: spec.axisLabel, nameLocation: 'end', nameGap: 10, nameTextStyle: { color: '#222', align: 'right' },
        axisLabel: { color: '#222' }, splitLine: { lineStyle: { color: '#ddd' } },
      },
      series: [
        {
          type: 'bar',
          barMaxWidth: 48,
          data: spec.points.map((p) => ({
            // A period without data still gets a mark: a short dashed outline labelled "no data".
            value: p.actual ?? min + pad * 0.5,
            itemStyle: p.status === 'breached'
              ? { color: BREACHED, decal: { symbol: 'rect', dashArrayX: [1, 0], dashArrayY: [3, 3], rotation: Math.PI / 4, color: 'rgba(255,255,255,0.55)' } }
              : p.status === 'no-data' ? { color: 'transparent', borderColor: '#999', borderType: 'dashed' } : { color: MET },
            label: {
              show: true,
              position: 'top',
              fontSize: 10,
              color: p.status === 'breached' ? BREACHED : '#222',
              fontWeight: p.status === 'breached' ? 'bold' : 'normal',
              formatter: p.actual === null ? 'no data' : `${formatNumber(p.actual)}${spec.unitSuffix}${p.status === 'breached' ? ' ✗' : ''}`,
            },
          })),
          markLine: {
            symbol: 'none',
            silent: true,
            lineStyle: { type: 'dashed', color: '#111', width: 1.5 },
            label: { formatter: `target ${formatNumber(spec.target)}${spec.unitSuffix}`, position: 'end', color: '#111' },
            data: [{ yAxis: spec.target }],
          },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * Axis bounds on round numbers (steps of 1, 2, 2.5 or 5 times a power of ten) around the data and
 * the target. Percentages near 100 would all look alike from zero, so the axis starts near the data
 * unless zero is close anyway.
 */
function niceScale(lo: number, hi: number): { min: number; max: number; interval: number } {
  const span = hi - lo || Math.abs(hi) * 0.1 || 1;
  const rough = span / 4;
  const power = 10 ** Math.floor(Math.log10(rough));
  const interval = [1, 2, 2.5, 5, 10].map((f) => f * power).find((step) => step >= rough)!;
  let min = Math.floor((lo - interval / 2) / interval) * interval;
  const max = Math.ceil((hi + interval / 2) / interval) * interval;
  if (lo >= 0 && (min < 0 || min <= (max - min) * 0.5)) min = 0;
  return { min: round(min, interval), max: round(max, interval), interval };
}

const round = (x: number, step: number) => Number(x.toFixed(Math.max(0, -Math.floor(Math.log10(step)) + 1)));
