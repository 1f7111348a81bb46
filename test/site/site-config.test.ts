// sla site takes its folder, its agreements and --pdf from sla.config.yaml's site section; a flag beats it.
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, runInProcess, tempDir } from '../helpers.js';

const tmp = tempDir('sla-site-config-');
afterAll(() => tmp.cleanup());

describe('sla site and sla.config.yaml', () => {
  it('site.output and site.paths are the defaults; -o and named paths beat them; a bad key is located', async () => {
    mkdirSync(join(tmp.dir, 'slas'));
    cpSync(example('it-service-desk', 'sla.yaml'), join(tmp.dir, 'slas', 'sla.yaml'));
    mkdirSync(join(tmp.dir, 'sub'));
    writeFileSync(join(tmp.dir, 'sla.config.yaml'), 'site:\n  output: public\n  paths: [slas]\n');
    // Run from a subfolder: the config's paths are relative to the config file, not to the working folder.
    const r = await runInProcess(['site', '--as-of', '2026-06-01'], { cwd: join(tmp.dir, 'sub') });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(tmp.dir, 'public', 'index.html'))).toBe(true);
    expect(existsSync(join(tmp.dir, 'public', 'agreements'))).toBe(true);
    const flag = await runInProcess(['site', '-o', 'other', '--as-of', '2026-06-01'], { cwd: tmp.dir });
    expect(flag.code, flag.stderr).toBe(0);
    expect(existsSync(join(tmp.dir, 'other', 'index.html'))).toBe(true);
    writeFileSync(join(tmp.dir, 'sla.config.yaml'), 'site:\n  ouput: public\n');
    const bad = await runInProcess(['site'], { cwd: tmp.dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/sla\.config\.yaml:2:3: unknown key "ouput" in site; did you mean "output"\?/);
  }, 60_000);
});

describe('sla site reads metrics as sla check does', () => {
  it('check.source in the config applies to the agreements the site measures (a Jira export without a data section)', async () => {
    const dir = tmp.fresh();
    const fixtures = join(import.meta.dirname, '../fixtures/exports');
    mkdirSync(join(dir, 'slas'));
    // The Jira sample agreement without its data section: only check.source says how to read the export.
    writeFileSync(join(dir, 'slas', 'jira.yaml'), readFileSync(join(fixtures, 'jira.yaml'), 'utf8').replace(/\n# The data is[\s\S]*$/, '\n'));
    cpSync(join(fixtures, 'jira.csv'), join(dir, 'jira.csv'));
    writeFileSync(join(dir, 'sla.config.yaml'), 'check:\n  source: jira\n  metrics:\n    slas/jira.yaml: jira.csv\nsite:\n  paths: [slas]\n');
    const checked = await runInProcess(['check', 'slas/jira.yaml', '--format', 'json'], { cwd: dir });
    expect(checked.code, checked.stderr).toBe(1); // the sample breaches on purpose
    const r = await runInProcess(['site', '-o', 'site', '--as-of', '2027-01-01'], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const index = readFileSync(join(dir, 'site', 'index.html'), 'utf8');
    expect(index).toMatch(/breached/i);
    expect(r.stderr).not.toMatch(/not a timestamp|is ambiguous/);
  }, 60_000);
});
