#!/usr/bin/env node
// PDF rendering benchmark, whole processes as a user runs them, interleaved in each round:
//   1. one document, cold (a fresh `sla render` process: Node, browser launch, prints) against the
//      peer, Chromium's own `chromium --headless --print-to-pdf=out.pdf doc.html` on the same HTML
//      (`sla render --format html`, written to a file first), same browser binary;
//   2. 20 different documents in one run (one browser, pages reused) against 20 separate runs.
// By default sla's cache folder is a private one, warmed by one render of every document first: the
// runs are re-renders, whose contents' page numbers come from the page cache (one print each). With
// --no-cache (SLA_NO_CACHE=1) every run is a first render: a measuring print, then the final one.
// Targets (issue 19): cold ≤ 0.8× the peer; one run of 20 ≤ 0.15× twenty separate runs. Prints a
// Markdown table of medians and ranges, the load average at start and end, and no verdict when the
// load was above 1.5 per core. Chromium's own processes raise the load while it runs, so the start and
// end loads are read once the load average has settled (up to two minutes each; a busy machine stays busy).
// Usage: node test/bench/render.mjs [rounds=5] [--no-cache]   (needs Chromium; run npm run build first)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchResult, printResults, settledLoad } from './verdict.mjs';

// The load average at the start, beside the ratio at the end (no verdict on a busy machine:
// verdict.mjs), once settled: a benchmark run just before (this one, --no-cache) leaves its own load.
const loadAtStart = await settledLoad();

const root = fileURLToPath(new URL('../..', import.meta.url));
const positional = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const rounds = Number(positional[0] ?? 5);
const noCache = process.argv.includes('--no-cache');
const work = mkdtempSync(join(tmpdir(), 'sla-bench-render-'));
const examples = ['it-service-desk', 'platform-api'];
const docs = [];
mkdirSync(join(work, 'in'));
for (let i = 0; i < 20; i++) {
  const file = join(work, 'in', `agreement-${String(i + 1).padStart(2, '0')}.yaml`);
  // Twenty different documents (their titles differ), so no render can use another's page numbers.
  const yaml = readFileSync(join(root, 'examples', examples[i % 2], 'sla.yaml'), 'utf8');
  writeFileSync(file, yaml.replace(/^title: (.*)$/m, `title: $1 ${i + 1}`));
  docs.push(file);
}
const sla = join(root, 'bin', 'sla.js');
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

// sla's cache folder: private to this run, never the user's.
const cacheEnv = noCache ? { SLA_NO_CACHE: '1' } : { XDG_CACHE_HOME: join(work, 'cache') };
function timedRun(program, args, what, env = process.env) {
  const start = process.hrtime.bigint();
  const r = spawnSync(program, args, { cwd: work, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) throw new Error(`${what} exited ${r.status}: ${r.stderr}`);
  return seconds;
}
const run = (args) => timedRun(process.execPath, [sla, 'render', ...args, '--force'], `sla render ${args.join(' ')}`, { ...process.env, ...cacheEnv });

const doctor = (() => {
  const r = spawnSync(process.execPath, [sla, 'doctor', '--format', 'json', '--no-launch'], { encoding: 'utf8' });
  try {
    return JSON.parse(r.stdout).browser;
  } catch {
    return {};
  }
})();
if (!doctor.path) throw new Error('no browser found (sla doctor): the render benchmark needs Chromium');
// The peer prints the same document: sla's HTML of the first agreement, from a file.
const html = join(work, 'cold.html');
run([docs[0], '-o', html]);
// Root needs --no-sandbox, as sla passes it then.
const peerArgs = ['--headless', ...(isRoot ? ['--no-sandbox'] : []), `--print-to-pdf=${join(work, 'peer.pdf')}`, html];
const peer = () => timedRun(doctor.path, peerArgs, `${doctor.path} --print-to-pdf`);

const times = { cold: [], peer: [], batch: [], separate: [] };
const loadStart = loadAtStart.load;
try {
  run([docs[0], '-o', join(work, 'warmup.pdf')]); // fills the file cache once
  // ...and, unless --no-cache, the page cache with every document's page numbers.
  if (!noCache) run([...docs, '--format', 'pdf', '--out-dir', join(work, 'warmup')]);
  peer();
  for (let round = 0; round < rounds; round++) {
    // Cold pairs alternate which goes first, so neither always runs after the other.
    if (round % 2 === 0) {
      times.cold.push(run([docs[0], '-o', join(work, 'cold.pdf')]));
      times.peer.push(peer());
    } else {
      times.peer.push(peer());
      times.cold.push(run([docs[0], '-o', join(work, 'cold.pdf')]));
    }
    times.batch.push(run([...docs, '--format', 'pdf', '--out-dir', join(work, 'batch')]));
    let total = 0;
    for (const [i, doc] of docs.entries()) total += run([doc, '-o', join(work, 'separate', `${i}.pdf`)]);
    times.separate.push(total);
    process.stderr.write(
      `round ${round + 1}/${rounds} (load ${loadavg()[0].toFixed(1)}): cold ${times.cold.at(-1).toFixed(2)} s, peer ${times.peer.at(-1).toFixed(2)} s, ` +
        `20 in one run ${times.batch.at(-1).toFixed(2)} s, 20 separate runs ${total.toFixed(2)} s\n`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
const end = await settledLoad();
const loadEnd = end.load;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
// Each round's own ratio, so a slow stretch of the machine moves both sides of it.
const ratios = (a, b) => a.map((x, i) => x / b[i]);
const cold = median(times.cold);
const batch = median(times.batch);
const separate = median(times.separate);
const coldRatio = median(ratios(times.cold, times.peer));
const batchRatio = median(ratios(times.batch, times.separate));
console.log('| case | median (s) | range (s) | per document (s) |\n|---|---:|---:|---:|');
console.log(`| one document, cold (\`sla render sla.yaml -o sla.pdf\`) | ${cold.toFixed(2)} | ${range(times.cold)} | ${cold.toFixed(2)} |`);
console.log(`| peer: \`chromium --headless --print-to-pdf\`, same HTML | ${median(times.peer).toFixed(2)} | ${range(times.peer)} | ${median(times.peer).toFixed(2)} |`);
console.log(`| 20 documents in one run (\`--out-dir\`, one browser) | ${batch.toFixed(2)} | ${range(times.batch)} | ${(batch / 20).toFixed(2)} |`);
console.log(`| 20 separate runs | ${separate.toFixed(2)} | ${range(times.separate)} | ${(separate / 20).toFixed(2)} |`);
const perCore = Math.max(loadStart, loadEnd) / cpus().length;
const quiet = perCore <= 1.5;
const verdict = (ratio, target) => (quiet ? (ratio <= target ? ' (met)' : ' (not met)') : '');
console.log(
  `\nOne document cold: **${coldRatio.toFixed(2)}×** Chromium's own --print-to-pdf (median of the rounds' ratios, range ${range(ratios(times.cold, times.peer))}; target ≤ 0.80${verdict(coldRatio, 0.8)}).` +
    `\nOne run of 20: **${batchRatio.toFixed(2)}×** the time of 20 separate runs (range ${range(ratios(times.batch, times.separate))}; target ≤ 0.15${verdict(batchRatio, 0.15)}).` +
    `\n${noCache ? 'No page cache (SLA_NO_CACHE=1): every run a first render, two prints a document.' : 'Page cache warm: every run a re-render, one print a document.'}` +
    `\n${rounds} rounds, Node ${process.version}, ${cpus().length} cores, ${doctor.version ?? 'unknown browser'}; load average ${loadStart.toFixed(2)} at start, ${loadEnd.toFixed(2)} at end (once settled)` +
    (quiet ? '.' : ` (above 1.5 per core: no verdict, the machine was busy).`),
);
// Issue 19's targets; the last lines are machine-readable.
const cacheLabel = noCache ? 'first render' : 're-render, page cache warm';
printResults([
  benchResult({ benchmark: `one PDF cold / chromium --print-to-pdf (render, ${cacheLabel})`, ratio: coldRatio, target: 0.8, start: loadAtStart, end }),
  benchResult({ benchmark: `20 PDFs in one run / 20 runs (render, ${cacheLabel})`, ratio: batchRatio, target: 0.15, start: loadAtStart, end }),
]);
