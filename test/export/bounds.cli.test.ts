// The cost of `sla export` and `sla import openslo` at their input bounds, measured on bin/sla
// (wall time, its own CPU time, peak RSS), and the refusal one node past the import's bound.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { measureSla, tempDir } from '../helpers.js';
import { largeAgreement, largeOpenslo } from './bounds-inputs.js';

const tmp = tempDir('sla-export-bounds-');
afterAll(tmp.cleanup);

// Generous on a shared 2-core machine: the point is that nothing is quadratic or unbounded.
const SECONDS = 10;
const MB = 300;

describe('bounds of sla export and sla import', () => {
  const agreement = largeAgreement();
  const sla = join(tmp.dir, 'large.sla.yaml');
  writeFileSync(sla, agreement.text);

  it.each(['openslo', 'prometheus', 'sloth'])(`export %s of an agreement at the loader's 20,000-node bound (${agreement.kpis} KPIs under one consequence)`, async (target) => {
    const r = await measureSla(['export', target, sla, '-q']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    console.log(`export ${target}: ${agreement.kpis} KPIs, ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.maxRssMb.toFixed(0)} MB`);
    expect(r.cpuMs).toBeLessThan(SECONDS * 1000);
    expect(r.maxRssMb).toBeLessThan(MB);
    if (target === 'prometheus') expect(parse(r.stdout).groups[1].rules).toHaveLength(4 * (agreement.kpis / 2));
  }, 60_000);

  it('import openslo of files at the 100,000-node bound; one file more is refused with its line before any parsing', async () => {
    const { text, slos, onePair } = largeOpenslo();
    const file = join(tmp.dir, 'large-openslo.yaml');
    writeFileSync(file, text);
    const r = await measureSla(['import', 'openslo', file, '-o', join(tmp.dir, 'imported.yaml')]);
    expect(r.stderr).toContain(`${slos} KPIs imported (same-name, same-name-2,`);
    expect(r.code).toBe(0);
    console.log(`import openslo: ${slos} SLOs, ${(r.wallMs / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.maxRssMb.toFixed(0)} MB`);
    expect(r.cpuMs).toBeLessThan(SECONDS * 1000);
    expect(r.maxRssMb).toBeLessThan(MB);

    const more = join(tmp.dir, 'one-more.yaml');
    writeFileSync(more, onePair);
    const refused = await measureSla(['import', 'openslo', file, more]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(new RegExp(`one-more\\.yaml:\\d+:\\d+: the OpenSLO files hold more than 100,000 YAML nodes`));
    expect(refused.cpuMs).toBeLessThan(SECONDS * 1000);
  }, 120_000);
});
