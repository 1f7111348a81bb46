import { describe, expect, it } from 'vitest';
import { buildCatalog, catalogRow, lastVerdict } from '../../src/core/catalog/catalog.js';
import type { Sla } from '../../src/core/model.js';
import type { CheckResult, KpiResult } from '../../src/core/check/types.js';

// Only the fields the catalog reads; the rest of an agreement does not matter to it.
function sla(over: Partial<{ id: string; title: string; status: Sla['status']; effective: string; expires: string; term: string; next: string; provider: string; recipients: string[]; kpis: number }>): Sla {
  const o = { id: 'a', title: 'A', status: 'active' as const, effective: '2026-01-01', next: '2027-01-01', provider: 'platform', recipients: ['shop'], kpis: 2, ...over };
  return {
    id: o.id, title: o.title, status: o.status, effective: o.effective,
    ...(o.expires ? { expires: o.expires } : {}), ...(o.term ? { term: o.term } : {}),
    parties: { provider: { id: o.provider, name: o.provider.toUpperCase() }, recipients: o.recipients.map((r) => ({ id: r, name: r.toUpperCase() })) },
    metrics: Array.from({ length: o.kpis }, (_, i) => ({ id: `k${i}` })),
    reporting: { review: { next: o.next } },
  } as unknown as Sla;
}

const result = (status: KpiResult['status'], i: number) => ({ status, kpi: `k${i}`, end: '2026-01-31' }) as KpiResult;
const check = (statuses: KpiResult['status'][], extra: Partial<CheckResult> = {}) => ({ results: statuses.map(result), credits: [], creditTotals: [], ...extra }) as unknown as CheckResult;

describe('catalog rows', () => {
  it('flags a term ending within 90 days, counting days from asOf', () => {
    const row = catalogRow({ sla: sla({ expires: '2026-03-31' }), file: 'a.yaml' }, '2026-01-01');
    expect(row.term).toEqual({ start: '2026-01-01', end: '2026-03-31' });
    expect(row.daysToEnd).toBe(89);
    expect(row.endingSoon).toBe(true);
    expect(catalogRow({ sla: sla({ expires: '2026-04-02' }), file: 'a.yaml' }, '2026-01-01').endingSoon).toBe(false);
    // Already ended: not "ending soon", the negative days say it ended.
    const ended = catalogRow({ sla: sla({ expires: '2025-12-01' }), file: 'a.yaml' }, '2026-01-01');
    expect([ended.daysToEnd, ended.endingSoon]).toEqual([-31, false]);
  });

  it('derives the end from a term and leaves an open-ended agreement unflagged', () => {
    expect(catalogRow({ sla: sla({ term: '12 months' }), file: 'a' }, '2026-11-01')).toMatchObject({ term: { end: '2026-12-31' }, daysToEnd: 60, endingSoon: true });
    expect(catalogRow({ sla: sla({}), file: 'a' }, '2026-11-01')).toMatchObject({ term: { end: null }, daysToEnd: null, endingSoon: false });
  });

  it('counts overdue review days, none for a retired agreement', () => {
    expect(catalogRow({ sla: sla({ next: '2026-05-01' }), file: 'a' }, '2026-05-11').reviewOverdueDays).toBe(10);
    expect(catalogRow({ sla: sla({ next: '2026-05-11' }), file: 'a' }, '2026-05-11').reviewOverdueDays).toBe(0);
    expect(catalogRow({ sla: sla({ next: '2026-05-01', status: 'retired' }), file: 'a' }, '2026-05-11').reviewOverdueDays).toBe(0);
  });

  it('reads the last verdict: met, breached with its count, no data, not measured', () => {
    expect(lastVerdict(undefined)).toEqual({ kind: 'not-measured' });
    expect(lastVerdict(check(['met', 'no-data']))).toEqual({ kind: 'met' });
    expect(lastVerdict(check(['breached', 'met', 'breached']))).toEqual({ kind: 'breached', count: 2 });
    expect(lastVerdict(check(['no-data', 'insufficient-data']))).toEqual({ kind: 'no-data' });
    expect(lastVerdict(check([]))).toEqual({ kind: 'no-data' });
  });

  it('judges by the latest period of each KPI, not by every period measured', () => {
    const periods = { results: [
      { kpi: 'a', status: 'breached', end: '2026-01-31' }, { kpi: 'b', status: 'breached', end: '2026-01-31' },
      { kpi: 'a', status: 'met', end: '2026-02-28' }, { kpi: 'b', status: 'breached', end: '2026-02-28' },
    ], credits: [], creditTotals: [] } as unknown as CheckResult;
    expect(lastVerdict(periods)).toEqual({ kind: 'breached', count: 1 });
  });

  it('takes credits due from the check totals, never adding percentages to money', () => {
    const c = check(['breached'], {
      creditTotals: [{ recipient: 'shop', recipientName: 'Shop', currency: 'EUR', amount: 120 }],
      credits: [{ percent: 5, amount: 120 }, { percent: 10 }] as CheckResult['credits'],
    });
    const row = catalogRow({ sla: sla({}), file: 'a', check: c }, '2026-01-01');
    expect(row.credits).toEqual([{ currency: 'EUR', amount: 120 }]);
    expect(row.creditPercentLines).toBe(1);
    expect(row.kpis).toBe(2);
  });
});

describe('catalog', () => {
  it('sorts rows, builds teams (provides / receives) and one edge per provider → recipient pair', () => {
    const cat = buildCatalog([
      { sla: sla({ id: 'b', title: 'Beta', provider: 'it', recipients: ['shop', 'data'] }), file: 'b.yaml' },
      { sla: sla({ id: 'a', title: 'Alpha', provider: 'it', recipients: ['shop'] }), file: 'a.yaml' },
      { sla: sla({ id: 'c', title: 'Gamma', provider: 'data', recipients: ['shop'] }), file: 'c.yaml' },
    ], '2026-01-01');
    expect(cat.rows.map((r) => r.id)).toEqual(['a', 'b', 'c']);
    expect(cat.teams).toEqual([
      { id: 'data', name: 'DATA', provides: ['c'], receives: ['b'] },
      { id: 'it', name: 'IT', provides: ['a', 'b'], receives: [] },
      { id: 'shop', name: 'SHOP', provides: [], receives: ['a', 'b', 'c'] },
    ]);
    expect(cat.edges).toEqual([
      { from: 'data', to: 'shop', agreements: ['c'] },
      { from: 'it', to: 'data', agreements: ['b'] },
      { from: 'it', to: 'shop', agreements: ['a', 'b'] },
    ]);
  });
});
