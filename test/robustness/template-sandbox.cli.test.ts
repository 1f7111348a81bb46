// The classic Handlebars escape through the built CLI: a fresh process, no marker file.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { example, runSla, tempDir } from '../helpers.js';
import { classicRce } from './template-attacks.js';

const tmp = tempDir('sla-sandbox-bin-');
afterAll(() => tmp.cleanup());
const marker = join(tmp.dir, 'PWNED');
const sla = example('platform-api', 'sla.yaml');
const CLASSIC_RCE = classicRce(marker);

describe('templates cannot reach Node APIs (bin/sla)', () => {
  it('the classic escape stays inert through the built CLI too (a fresh process, no marker file)', async () => {
    const dir = join(tmp.dir, 'bin-rce');
    mkdirSync(dir);
    writeFileSync(join(dir, 'agreement.html.hbs'), CLASSIC_RCE);
    const r = await runSla(['render', sla, '--format', 'html', '--template', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^sla: template error in .*agreement\.html\.hbs, line 1: unknown helper "push"/);
    expect(existsSync(marker)).toBe(false);
  });
});
