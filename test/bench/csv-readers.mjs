#!/usr/bin/env node
// sla's CSV reader against csv-parse behind the same interface (not run by npm test):
//   npm install --no-save csv-parse@7 && node test/bench/csv-readers.mjs [--rows N] [--runs N]
// Bundles src/core/check/csv.ts and test/bench/csv-parse-reader.ts with esbuild, then times a bare pass
// of each (every record to a sink that counts it), each in a fresh process and interleaved, over the
// 1,000,000-row file of test/bench/check.mjs (same shape and seed), a 16 MB unclosed quote and a
// 16 MB NUL tail. Reports medians, fastest runs and peak RSS, and what each pass ended with.
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { timed } from '../script-support.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const self = fileURLToPath(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : fallback;
};

if (process.argv[2] === '--pass') {
  const { readCsv } = await import(process.argv[3]);
  let rows = 0;
  try {
    await readCsv(createReadStream(process.argv[4], { encoding: 'utf8', highWaterMark: 1 << 16 }), {}, { header() {}, row() { rows++; }, malformed() { rows++; } });
    process.stdout.write(`${rows} records`);
  } catch (err) {
    process.stdout.write(`row ${err.row}, field ${err.field}: ${err.message.slice(0, 60)}…`);
  }
} else {
  const rows = Number(arg('--rows', 1_000_000));
  const runs = Number(arg('--runs', 5));
  const dir = mkdtempSync(join(tmpdir(), 'sla-csv-readers-'));
  try {
    const { build } = await import('esbuild');
    const readers = { 'sla (src/core/check/csv.ts)': 'src/core/check/csv.ts', 'csv-parse (test/bench/csv-parse-reader.ts)': 'test/bench/csv-parse-reader.ts' };
    const bundles = {};
    for (const [name, entry] of Object.entries(readers)) {
      bundles[name] = join(dir, `${Object.keys(bundles).length}.mjs`);
      await build({ entryPoints: [join(root, entry)], bundle: true, platform: 'node', format: 'esm', outfile: bundles[name], logLevel: 'error', nodePaths: (process.env.NODE_PATH ?? '').split(':').filter(Boolean) });
    }
    const header = 'timestamp,metric,value,service,good,total,priority\n';
    const hundred = Array.from({ length: 100 }, (_, i) => `2026-01-05T${String(i % 24).padStart(2, '0')}:00:00Z,auth_latency_ms,${200 + i},payments-api,,,\n`).join('');
    const files = {
      [`${rows.toLocaleString('en-US')} rows`]: await generate(join(dir, 'rows.csv'), rows),
      '16 MB unclosed quote': write(join(dir, 'quote.csv'), `${header}${hundred}2026-01-06T10:00:00Z,auth_latency_ms,"250,${'x'.repeat(16 << 20)}\n`),
      '16 MB NUL tail': write(join(dir, 'nul.csv'), Buffer.concat([Buffer.from(header + hundred), Buffer.alloc(16 << 20)])),
    };
    console.log('| Input | Reader | Median | Fastest | Peak RSS | Result |\n| --- | --- | ---: | ---: | ---: | --- |');
    for (const [input, path] of Object.entries(files)) {
      const samples = Object.keys(bundles).map(() => ({ times: [], rss: [], out: '' }));
      for (let i = 0; i < runs; i++) {
        for (const [k, bundle] of Object.values(bundles).entries()) {
          const r = await timed([self, '--pass', bundle, path], root);
          samples[k].times.push(r.ms);
          samples[k].rss.push(r.maxRssMb);
          samples[k].out = r.stdout || r.stderr.trim().split('\n').pop();
        }
      }
      for (const [k, name] of Object.keys(bundles).entries()) {
        const { times, rss, out } = samples[k];
        console.log(`| ${input} | ${name} | ${(median(times) / 1000).toFixed(2)} s | ${(Math.min(...times) / 1000).toFixed(2)} s | ${Math.max(...rss).toFixed(0)} MB | ${out} |`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function write(path, content) {
  writeFileSync(path, content);
  return path;
}

/** The 1,000,000-row file of check.mjs, written by that script itself. */
async function generate(path, rows) {
  const r = await timed([join(root, 'test/bench/check.mjs'), '--generate', path, '--rows', String(rows)], root);
  if (r.code !== 0) throw new Error(`generating the CSV failed:\n${r.stderr}`);
  return path;
}
