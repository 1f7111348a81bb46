#!/usr/bin/env node
// Load benchmark: `sla validate` over a folder of many SLA files and `sla render --out-dir` of many
// documents, whole processes as a user runs them, with wall time and peak memory. Memory is the
// peak resident set of the sla process itself (VmHWM), and the peak proportional set size (PSS: shared
// pages split between the processes that share them) of sla plus its browser, the whole process tree
// sampled every 20 ms. Each case runs at two sizes, so "bounded" can be read off the table: the
// peak should barely move when the input grows tenfold.
// Usage: node test/bench/load.mjs [--pdf N]   (Linux: reads /proc; run npm run build first;
// PDF cases need Chromium; --pdf 0 skips them; default 200)
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchResult, loadNow, printResults } from './verdict.mjs';

// The load average now, beside the ratio at the end (no verdict on a busy machine: verdict.mjs).
const loadAtStart = loadNow();

const root = fileURLToPath(new URL('../..', import.meta.url));
const pdfArg = process.argv.indexOf('--pdf');
const pdfCount = pdfArg > 0 ? Number(process.argv[pdfArg + 1]) : 200;
const work = mkdtempSync(join(tmpdir(), 'sla-bench-load-'));
const examples = ['it-service-desk', 'platform-api'].map((n) => readFileSync(join(root, 'examples', n, 'sla.yaml'), 'utf8'));

/** `count` agreements in `dir`, 100 a folder, each with its own id and title (one in 50 has a problem). */
function generate(dir, count) {
  for (let i = 0; i < count; i++) {
    const sub = join(dir, `team-${String(Math.floor(i / 100)).padStart(3, '0')}`);
    if (i % 100 === 0) mkdirSync(sub, { recursive: true });
    let text = examples[i % 2].replace(/^id: .*$/m, `id: load-${i}`).replace(/^title: (.*)$/m, `title: $1 ${i}`);
    if (i % 50 === 49) text = text.replace(/^version: .*$/m, 'version: [not, a, version]');
    writeFileSync(join(sub, `sla-${String(i).padStart(5, '0')}.yaml`), text);
  }
  return dir;
}

const kb = (status, field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
const read = (file) => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};
function tree(pid) {
  const out = [pid];
  for (const task of readdirSync(`/proc/${pid}/task`, { withFileTypes: false }).map(String)) {
    for (const child of read(`/proc/${pid}/task/${task}/children`).split(/\s+/).filter(Boolean)) {
      try {
        out.push(...tree(Number(child)));
      } catch {
        /* gone */
      }
    }
  }
  return out;
}

/** Runs sla with args; returns seconds, the sla process's peak RSS and the sampled peak of its tree (MB). */
function run(args, cwd) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [join(root, 'bin', 'sla.js'), ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = (stderr + d).slice(-2000)));
    let own = 0;
    let total = 0;
    const sample = () => {
      try {
        own = Math.max(own, kb(read(`/proc/${child.pid}/status`), 'VmHWM'));
        // PSS, not RSS: Chromium's processes share most of their pages, and RSS would count them once a process.
        total = Math.max(total, tree(child.pid).reduce((sum, pid) => sum + kb(read(`/proc/${pid}/smaps_rollup`), 'Pss'), 0));
      } catch {
        /* exiting */
      }
    };
    const timer = setInterval(sample, 20);
    child.on('exit', () => sample());
    child.on('close', (code) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0 && code !== 1) return reject(new Error(`sla ${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ seconds, own: own / 1024, total: total / 1024 });
    });
  });
}

const rows = [];
async function bench(label, count, args, cwd) {
  const r = await run(args, cwd);
  rows.push({ label, count, ...r });
  process.stderr.write(`${label} (${count}): ${r.seconds.toFixed(2)} s, sla ${r.own.toFixed(0)} MB, with browser ${r.total.toFixed(0)} MB\n`);
}

try {
  const small = generate(join(work, 'validate-500'), 500);
  const large = generate(join(work, 'validate-5000'), 5000);
  await run(['validate', small, '--format', 'json'], work); // fills the file cache
  await bench('`sla validate DIR`', 500, ['validate', small], work);
  await bench('`sla validate DIR`', 5000, ['validate', large], work);
  await bench('`sla validate DIR --format json`', 5000, ['validate', large, '--format', 'json'], work);

  // Render needs valid agreements: the generated files without the broken one in 50.
  const renderIn = (n) => {
    const dir = join(work, `render-${n}`);
    generate(dir, n);
    for (const sub of readdirSync(dir)) for (const f of readdirSync(join(dir, sub))) if (Number(f.slice(4, 9)) % 50 === 49) rmSync(join(dir, sub, f));
    return dir;
  };
  const r20 = renderIn(20);
  const r200 = renderIn(204); // 200 valid files
  for (const format of ['md', 'html']) {
    await bench(`\`sla render DIR --format ${format} --out-dir OUT\``, 20, ['render', r20, '--format', format, '--out-dir', join(work, `out-${format}-20`)], work);
    await bench(`\`sla render DIR --format ${format} --out-dir OUT\``, 200, ['render', r200, '--format', format, '--out-dir', join(work, `out-${format}-200`)], work);
  }
  if (pdfCount > 0) {
    const rp = pdfCount === 200 ? r200 : renderIn(Math.ceil(pdfCount * 50 / 49));
    await bench('`sla render DIR --format pdf --out-dir OUT`', 20, ['render', r20, '--format', 'pdf', '--out-dir', join(work, 'out-pdf-20')], work);
    await bench('`sla render DIR --format pdf --out-dir OUT`', pdfCount, ['render', rp, '--format', 'pdf', '--out-dir', join(work, 'out-pdf')], work);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

console.log('| command | files | time (s) | per file (ms) | peak RSS, sla (MB) | peak PSS, sla + browser (MB) |\n|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.label} | ${r.count} | ${r.seconds.toFixed(2)} | ${((r.seconds / r.count) * 1000).toFixed(1)} | ${r.own.toFixed(0)} | ${r.label.includes('pdf') ? r.total.toFixed(0) : '–'} |`);
console.log(`\nNode ${process.version}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GB; one run each.`);
// No peer here, so no ratio: the line still records the load the figures were taken at.
printResults([benchResult({ benchmark: 'load (many files; no ratio)', ratio: NaN, target: null, start: loadAtStart })]);
