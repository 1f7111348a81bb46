// One name, one version, one repository: package.json, src/core/product.ts, the schema's $id and
// every document that shows an install or a CI command agree.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import pkg from '../../package.json' with { type: 'json' };
import schema from '../../schemas/sla.schema.json' with { type: 'json' };
import { HOMEPAGE, ISSUES_URL, PACKAGE_NAME, PINNED_PACKAGE, REPOSITORY_URL, VERSION } from '../../src/core/product.js';
import { repoRoot } from '../helpers.js';

const docs = ['README.md', 'CONTRIBUTING.md', 'CHANGELOG.md', 'SECURITY.md', ...readdirSync(join(repoRoot, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('the package names itself once', () => {
  it('product.ts reads package.json', () => {
    expect(PACKAGE_NAME).toBe('@sla-as-code/cli');
    expect(VERSION).toBe(pkg.version);
    expect(PINNED_PACKAGE).toBe(`@sla-as-code/cli@${pkg.version}`);
    expect(REPOSITORY_URL).toBe('https://github.com/sla-as-code/sla');
    expect(ISSUES_URL).toBe(`${REPOSITORY_URL}/issues`);
    expect(HOMEPAGE.startsWith(REPOSITORY_URL)).toBe(true);
    expect(pkg.bin).toEqual({ sla: 'bin/sla.js' });
    expect(new URL(schema.$id).host).toBe('sla-as-code.dev');
  });

  it('runs nothing at install and depends only on what dist/ loads', () => {
    const scripts = pkg.scripts as Record<string, string>;
    for (const hook of ['preinstall', 'install', 'postinstall', 'prepare']) expect(scripts[hook], hook).toBeUndefined();
    expect(scripts.prepack).toContain('src/build/build.mjs');
    // src/build/build.mjs keeps exactly these out of the bundle; @duckdb/node-api only for benchmarks.
    expect(Object.keys(pkg.dependencies)).toEqual(['puppeteer-core']);
    expect(readFileSync(join(repoRoot, 'src/build/build.mjs'), 'utf8')).toContain("external: ['puppeteer-core', '@duckdb/node-api']");
  });

  it.each(docs)('%s pins only this package at this version, and never npx --yes or an unscoped sla', (file) => {
    const text = readFileSync(join(repoRoot, file), 'utf8');
    expect(text).not.toMatch(/npx --yes|npx -y |npx sla@|--package=sla\b/);
    for (const m of text.matchAll(/@sla-as-code\/cli@(\S+?)[\s`]/g)) if (!['<version>', '<this', 'X.Y.Z'].includes(m[1]!)) expect(m[1], file).toBe(pkg.version);
  });
});
