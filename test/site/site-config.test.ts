// sla site takes its folder, its agreements and --pdf from sla.config.yaml's site section; a flag beats it.
import { cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
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
