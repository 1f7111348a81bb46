// Build: precompile the JSON Schema into standalone validator code (Ajv compiling a schema of this size
// at start-up costs ~150 ms a run), generate the model types from the same schema, then bundle the CLI
// with esbuild so each command loads only its own chunk.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas/sla.schema.json'), 'utf8'));

const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, messages: false, code: { source: true, esm: false, optimize: true }, verbose: false });
// Vocabulary the schema uses beyond JSON Schema: a human hint for patterns, shown in error messages;
// tsType gives the generated type of a value the generator cannot type (signed: a date or a signature record).
ajv.addVocabulary(['x-hint', 'tsType']);
const validate = ajv.compile(schema);
mkdirSync(join(root, 'src/core/generated'), { recursive: true });
writeFileSync(join(root, 'src/core/generated/sla-validator.cjs'), standaloneCode.default(ajv, validate));
// The config file's schema gets its own Ajv: two schemas in one standalone module would share names.
const configAjv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, messages: false, code: { source: true, esm: false, optimize: true }, verbose: false });
const validateConfig = configAjv.compile(JSON.parse(readFileSync(join(root, 'schemas/sla-config.schema.json'), 'utf8')));
writeFileSync(join(root, 'src/core/generated/config-validator.cjs'), standaloneCode.default(configAjv, validateConfig));
writeFileSync(join(root, 'src/core/generated/timezones.json'), JSON.stringify(['UTC', ...Intl.supportedValuesOf('timeZone')]) + '\n');

// SLA_BUILD_PLAIN=1 keeps names and lines, for CPU profiles that point at the source (docs/benchmarks.md).
const minify = !process.env.SLA_BUILD_PLAIN;
const quick = process.argv.includes('--validator-only');
if (!quick) {
  const { compile } = await import('json-schema-to-typescript');
  const types = await compile(schema, 'Sla', {
    bannerComment: '/* Generated from schemas/sla.schema.json by src/build/build.mjs. Do not edit by hand. */',
    additionalProperties: false,
    unreachableDefinitions: false,
    style: { singleQuote: true },
  });
  writeFileSync(join(root, 'src/core/generated/sla.ts'), types);

  // Build beside dist and swap it in, so a test running bin/sla never sees a half-written dist.
  const next = join(root, `dist.next-${process.pid}`);
  rmSync(next, { recursive: true, force: true });
  const result = await build({
    metafile: true,
    // The worker of a parallel check is its own entry: a Worker loads a file, not a chunk's export.
    entryPoints: { cli: join(root, 'src/cli.ts'), 'check-worker': join(root, 'src/services/check-worker.ts') },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    minify,
    keepNames: false,
    chunkNames: 'chunks/[name]-[hash]',
    // puppeteer-core stays a runtime dependency: it is large and only the PDF path loads it.
    external: ['puppeteer-core', '@duckdb/node-api'],
    // yaml's ESM build (its "default" export condition) lets esbuild drop what sla never calls;
    // the CommonJS build it picks for Node is one indivisible module.
    alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
    banner: { js: "import { createRequire as __slaCreateRequire } from 'node:module'; const require = __slaCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  // `sla validate`'s fast start-up path (src/validate-main.ts): one CommonJS file without commander, so
  // bin/sla.js can compile it with a V8 code cache (vm.Script cachedData; the ES module loader of Node 20
  // takes none), and the tiny loader that does so.
  const fast = await build({
    metafile: true,
    entryPoints: [join(root, 'src/validate-main.ts')],
    outfile: join(next, 'validate.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    minify,
    keepNames: false,
    external: ['puppeteer-core', '@duckdb/node-api'],
    alias: { yaml: join(root, 'node_modules/yaml/browser/index.js') },
    // Packages bundled from their ES module builds (fdir's createRequire(import.meta.url)) get this file's URL.
    define: { 'import.meta.url': '__slaImportMetaUrl' },
    banner: { js: "var __slaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    logLevel: 'warning',
  });
  if (/\bimport\(/.test(readFileSync(join(next, 'validate.cjs'), 'utf8'))) throw new Error('dist/validate.cjs holds an import(): vm.Script cannot run it; bundle that module or keep it off the validate path');
  await build({
    entryPoints: [join(root, 'src/fast-start.ts')],
    outfile: join(next, 'fast-start.cjs'),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minify,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const inputs = { ...result.metafile.inputs, ...fast.metafile.inputs };
  writeFileSync(join(next, 'THIRD-PARTY-NOTICES.txt'), thirdPartyNotices({ inputs }));
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
  renameSync(next, join(root, 'dist'));
  rmSync(old, { recursive: true, force: true });
}

/**
 * The licences of the code esbuild copied into dist/ (MIT, ISC and BSD ask that their notice travels
 * with the copies; Apache-2.0 also asks for the NOTICE file; MPL-2.0 for where the source is). Built
 * from the bundle's inputs, so a new dependency is listed the day it is bundled.
 */
function thirdPartyNotices(metafile) {
  const dirs = new Map();
  for (const input of Object.keys(metafile.inputs)) {
    const m = /^(.*node_modules\/)((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (m) dirs.set(m[2], join(root, m[1], m[2]));
  }
  const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const sections = [...dirs].sort(([a], [b]) => a.localeCompare(b)).map(([name, dir]) => {
    const p = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const license = typeof p.license === 'string' ? p.license : (p.license?.type ?? 'see the package');
    const repo = typeof p.repository === 'string' ? p.repository : p.repository?.url;
    const texts = readdirSync(dir)
      .filter((f) => /^(licen[cs]e|copying|notice)(\.(md|txt))?$/i.test(f))
      .sort((a, b) => Number(/^notice/i.test(a)) - Number(/^notice/i.test(b)) || a.localeCompare(b))
      .map((f) => `--- ${f} ---\n${readFileSync(join(dir, f), 'utf8').trim()}`);
    const head = [`${name} ${p.version}`, `License: ${license}`, ...(repo ? [`Source: ${repo.replace(/^git\+/, '')}`] : [])].join('\n');
    return `${head}\n\n${texts.length > 0 ? texts.join('\n\n') : `(the package ships no licence file; its package.json declares ${license})`}`;
  });
  const rule = '\n\n' + '='.repeat(78) + '\n\n';
  return `Third-party software bundled in ${own.name} ${own.version} (dist/)\n\n` +
    `dist/ contains code from the ${sections.length} packages below, copied unmodified into its chunks by\n` +
    `esbuild (minified). Each is under its own licence, reproduced here with any NOTICE file.\n` +
    `Packages installed beside sla at run time (puppeteer-core and its dependencies) carry their own.` +
    rule + sections.join(rule) + '\n';
}
