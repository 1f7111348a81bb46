// The "Data sources" appendix of an agreement measured from a ticket export names the export's own
// headers and says how it writes timestamps, durations and priorities, so the document people sign
// describes the file a check reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFormatInWords, dataSourcesOf } from '../../src/render/kpi-words.js';
import { repoRoot, runInProcess, example } from '../helpers.js';
import { loadSla } from '../../src/core/load/load.js';

const jira = join(repoRoot, 'test/fixtures/exports/jira.yaml');
const sla = () => loadSla(readFileSync(jira, 'utf8'), jira, { asOf: '2026-12-01' }).sla!;

describe('the data sources appendix of a ticket export', () => {
  it('names the export’s headers, with the name the KPIs use', () => {
    const rows = dataSourcesOf(sla());
    const created = rows.find((r) => r.column === 'Created');
    expect(created?.meaning).toMatch(/^When the clock starts.*\(opened_at in the KPIs\)$/);
    expect(rows.map((r) => r.column)).not.toContain('opened_at');
  });

  it('says how the data writes timestamps, durations and priorities', () => {
    const words = dataFormatInWords(sla())!;
    expect(words).toContain('The data is a Jira Service Management export as the tool writes it.');
    expect(words).toContain('Timestamps are written as dd/MMM/yy h:mm a (such as ');
    expect(words).toContain('read in the Europe/London time zone');
    expect(words).toContain('Durations may be written as text');
    expect(words).toMatch(/P1: "Highest"/);
  });

  it('an agreement without a data section keeps the ISO sentence', async () => {
    const r = await runInProcess(['render', example('platform-api', 'sla.yaml'), '--format', 'md']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/A time without a zone is read in the America\\?\/New\\?_York time zone\./);
    const j = await runInProcess(['render', jira, '--format', 'md']);
    expect(j.code, j.stderr).toBe(0);
    expect(j.stdout).toContain('| Created | When the clock starts');
    expect(j.stdout).toContain('The data is a Jira Service Management export');
  });
});
