// A deliberately naive reading of the sample metrics, independent of `sla check`, to hold the
// generated data to what the presets promise (which KPIs meet their targets).
export interface Table {
  header: string[];
  rows: Record<string, string>[];
}

/** The sample files hold ids, numbers and timestamps only, so a split on commas is a full parse; a quote would be a bug. */
export function parseCsv(text: string): Table {
  if (text.includes('"')) throw new Error('unexpected quote in the sample CSV');
  const lines = text.trimEnd().split('\n');
  const header = lines[0]!.split(',');
  const rows = lines.slice(1).map((line, i) => {
    const cells = line.split(',');
    if (cells.length !== header.length) throw new Error(`row ${i + 2} has ${cells.length} fields, the header ${header.length}`);
    return Object.fromEntries(header.map((h, j) => [h, cells[j]!]));
  });
  return { header, rows };
}

interface Kpi {
  id: string;
  period: string;
  objective: { op: string; target: number };
  measure: { aggregate: string; metric?: string; column?: string; denominator?: string; timestamp?: string; where?: Record<string, unknown>; threshold?: { op: string; value: number } };
}

const cmp = (a: number, op: string, b: number) => (op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : op === '<' ? a < b : a === b);

export function evaluate(sla: { metrics: Kpi[] }, table: Table): { kpi: string; period: string; actual: number; samples: number; met: boolean }[] {
  const out = [];
  for (const kpi of sla.metrics) {
    const m = kpi.measure;
    const rows = table.rows.filter((r) => (m.metric === undefined || r.metric === m.metric) && Object.entries(m.where ?? {}).every(([k, v]) => r[k] === String(v)));
    const groups = new Map<string, Record<string, string>[]>();
    for (const r of rows) {
      const ts = r[m.timestamp ?? 'timestamp']!;
      const key = kpi.period === 'quarter' ? `${ts.slice(0, 4)}-Q${Math.ceil(Number(ts.slice(5, 7)) / 3)}` : ts.slice(0, 7);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [period, group] of groups) {
      const values = group.map((r) => Number(r[m.column ?? 'value']));
      let actual: number;
      if (m.aggregate === 'attainment') actual = (100 * values.filter((v) => cmp(v, m.threshold!.op, m.threshold!.value)).length) / values.length;
      else if (m.aggregate === 'mean') actual = values.reduce((a, b) => a + b, 0) / values.length;
      else if (m.aggregate === 'p95') actual = [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1]!;
      else if (m.aggregate === 'ratio') actual = (100 * values.reduce((a, b) => a + b, 0)) / group.reduce((a, r) => a + Number(r[m.denominator!]), 0);
      else throw new Error(`aggregate ${m.aggregate} is not used by the presets`);
      out.push({ kpi: kpi.id, period, actual, samples: group.length, met: cmp(actual, kpi.objective.op, kpi.objective.target) });
    }
  }
  return out;
}
