// The report's charts: one SVG per KPI and how a document shows it (inline in HTML; in Markdown an
// image file beside the report, or a data URI). Pure: the command writes the files it is given.
import type { CheckResult, KpiResult } from '../core/check/index.js';
import type { Sla } from '../core/model.js';
import { targetInWords } from '../render/words.js';
import { actualNumber, budgetNumber } from '../formatters/text.js';
import { chartModeFor, kpiChart } from './chart.js';
import { periodLabelOf, unitLabel, unitSuffix, type ReportChart } from './view-model.js';

export interface ChartLayout {
  format: 'md' | 'html' | 'pdf';
  /** Markdown: embed charts as data URIs instead of files. */
  inline: boolean;
  /** Markdown with files: the folder beside the report, as the report links it. */
  chartDir: string;
}

export interface ReportCharts {
  charts: Map<string, ReportChart>;
  /** SVG files to write, by their path relative to the report's folder. */
  files: { relativePath: string; svg: string }[];
}

export function buildReportCharts(sla: Sla, result: CheckResult, layout: ChartLayout): ReportCharts {
  const charts = new Map<string, ReportChart>();
  const files: ReportCharts['files'] = [];
  for (const kpi of sla.metrics) {
    // Bar labels as the KPI's table prints them: the actual value, or the budget used when the chart plots it.
    const budget = kpi.unit === 'percent' && chartModeFor({ op: kpi.objective.op, ceiling: 100, target: kpi.objective.target }) === 'budget';
    const label = (r: KpiResult) => (budget && r.budgetUsed !== null ? budgetNumber(Math.max(0, r.budgetUsed)) : actualNumber(r));
    // A period with too few samples has a value but no verdict: drawn as a gap, like no data.
    const points = result.results.filter((r) => r.kpi === kpi.id).map((r) => {
      const actual = r.status === 'insufficient-data' ? null : r.actual;
      return { period: periodLabelOf(r), actual, status: r.status, ...(actual === null ? {} : { label: label(r) }) };
    });
    const { svg, mode, axisName } = kpiChart({ axisLabel: unitLabel(kpi.unit), ...(kpi.unit === 'percent' ? { ceiling: 100 } : {}), unitSuffix: unitSuffix(kpi.unit), target: kpi.objective.target, op: kpi.objective.op, clock: kpi.measure.duration?.clock, points });
    const alt = mode === 'budget'
      ? `Chart: error budget used per period by ${kpi.name} (% of the shortfall the target of ${targetInWords(kpi)} allows), against the budget line at 100 %`
      : `Chart: ${kpi.name} per period (${axisName}) against the target of ${targetInWords(kpi)}`;
    let markdown = '';
    if (layout.format === 'md') {
      if (layout.inline) {
        markdown = `<img alt="${htmlAttribute(alt)}" src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}">`;
      } else {
        const relativePath = `${layout.chartDir}/${kpi.id}.svg`;
        files.push({ relativePath, svg });
        markdown = `![${alt.replace(/[[\]\\]/g, '\\$&')}](${encodeURI(relativePath)})`;
      }
    }
    charts.set(kpi.id, { svg, markdown, alt });
  }
  return { charts, files };
}

const htmlAttribute = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
