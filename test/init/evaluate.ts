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
  measure: {
    aggregate: string; metric?: string; column?: string; denominator?: string; timestamp?: string; where?: Record<string, unknown>;
    duration?: { from: string; to: string; clock: string };
    threshold?: { op: string; value?: number; target?: 'response' | 'resolution' };
  };
}

interface Priority { id: string; response: string; resolution: string }

/** Business minutes from one local timestamp to another, Monday to Friday 09:00-17:00, counted minute by minute. */
export function businessMinutesBetween(from: string, to: string): number {
  const minuteOf = (t: string) => Date.UTC(Number(t.slice(0, 4)), Number(t.slice(5, 7)) - 1, Number(t.slice(8, 10)), Number(t.slice(11, 13)), Number(t.slice(14, 16))) / 60_000;
  let n = 0;
  for (let m = minuteOf(from); m < minuteOf(to); m++) {
    const d = new Date(m * 60_000);
    const hour = d.getUTCHours();
    if (d.getUTCDay() !== 0 && d.getUTCDay() !== 6 && hour >= 9 && hour < 17) n++;
  }
  return n;
}

/** The presets' business times only: "15 business minutes", "4 business hours", "3 business days" (a day is 8 hours). */
function businessTime(text: string): number {
  const m = /^(\d+) business (minute|hour|day)s?$/.exec(text);
  if (!m) throw new Error(`"${text}" is not a business time the presets use`);
  return Number(m[1]) * { minute: 1, hour: 60, day: 480 }[m[2] as 'minute' | 'hour' | 'day'];
}

const cmp = (a: number, op: string, b: number) => (op === '>=' ? a >= b : op === '>' ? a > b : op === '<=' ? a <= b : op === '<' ? a < b : a === b);

export function evaluate(sla: { metrics: Kpi[]; expectations?: { priorities?: Priority[] } }, table: Table): { kpi: string; period: string; actual: number; samples: number; met: boolean }[] {
  const out = [];
  for (const kpi of sla.metrics) {
    const m = kpi.measure;
    const rows = table.rows.filter((r) => (m.metric === undefined || r.metric === m.metric) && Object.entries(m.where ?? {}).every(([k, v]) => r[k] === String(v)));
    const groups = new Map<string, Record<string, string>[]>();
    for (const r of rows) {
      const ts = r[m.timestamp ?? m.duration?.from ?? 'timestamp']!;
      const key = kpi.period === 'quarter' ? `${ts.slice(0, 4)}-Q${Math.ceil(Number(ts.slice(5, 7)) / 3)}` : ts.slice(0, 7);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    for (const [period, group] of groups) {
      if (m.duration && m.duration.clock !== 'business') throw new Error('only business clocks are used by the presets');
      const values = group.map((r) => (m.duration ? businessMinutesBetween(r[m.duration.from]!, r[m.duration.to]!) : Number(r[m.column ?? 'value'])));
      const limits = group.map((r) => {
        const t = m.threshold;
        if (t?.target === undefined) return t?.value;
        const priority = sla.expectations?.priorities?.find((p) => p.id === r.priority);
        if (!priority) throw new Error(`no priority ${r.priority}`);
        return businessTime(priority[t.target]);
      });
      let actual: number;
      if (m.aggregate === 'attainment') actual = (100 * values.filter((v, i) => cmp(v, m.threshold!.op, limits[i]!)).length) / values.length;
      else if (m.aggregate === 'mean') actual = values.reduce((a, b) => a + b, 0) / values.length;
      else if (m.aggregate === 'p95') actual = [...values].sort((a, b) => a - b)[Math.ceil(0.95 * values.length) - 1]!;
      else if (m.aggregate === 'ratio') actual = (100 * values.reduce((a, b) => a + b, 0)) / group.reduce((a, r) => a + Number(r[m.denominator!]), 0);
      else throw new Error(`aggregate ${m.aggregate} is not used by the presets`);
      out.push({ kpi: kpi.id, period, actual, samples: group.length, met: cmp(actual, kpi.objective.op, kpi.objective.target) });
    }
  }
  return out;
}
