// Build: precompile the JSON Schema into standalone validator code (Ajv compiling a schema of this size
// at start-up costs ~150 ms a run), generate the model types from the same schema, then bundle the CLI
// with esbuild so each command loads only its own chunk.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';
import standaloneCode from 'ajv/dist/standalone/index.js';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'schemas/sla.schema.json'), 'utf8'));

const ajv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, messages: false, code: { source: true, esm: false, optimize: true }, verbose: false });
// Vocabulary the schema uses beyond JSON Schema: a human hint for patterns, shown in error messages.
ajv.addVocabulary(['x-hint']);
const validate = ajv.compile(schema);
mkdirSync(join(root, 'src/core/generated'), { recursive: true });
writeFileSync(join(root, 'src/core/generated/sla-validator.cjs'), standaloneCode.default(ajv, validate));
// The config file's schema gets its own Ajv: two schemas in one standalone module would share names.
const configAjv = new Ajv2020.default({ allErrors: true, strict: true, allowUnionTypes: true, messages: false, code: { source: true, esm: false, optimize: true }, verbose: false });
const validateConfig = configAjv.compile(JSON.parse(readFileSync(join(root, 'schemas/sla-config.schema.json'), 'utf8')));
writeFileSync(join(root, 'src/core/generated/config-validator.cjs'), standaloneCode.default(configAjv, validateConfig));
writeFileSync(join(root, 'src/core/generated/timezones.json'), JSON.stringify(['UTC', ...Intl.supportedValuesOf('timeZone')]) + '\n');

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
  await build({
    entryPoints: { cli: join(root, 'src/cli.ts') },
    outdir: next,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: false,
    legalComments: 'none',
    minify: true,
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
  const old = join(root, `dist.old-${process.pid}`);
  if (existsSync(join(root, 'dist'))) renameSync(join(root, 'dist'), old);
  renameSync(next, join(root, 'dist'));
  rmSync(old, { recursive: true, force: true });
}
