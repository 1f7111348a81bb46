#!/usr/bin/env node
// `npm run bench`: every benchmark in turn (each compares sla with a peer in the same run).
// Render and load need Chromium for their PDF rows; check needs the DuckDB development dependency.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
for (const bench of ['validate.mjs', 'render.mjs', 'check.mjs', 'business-hours.mjs', 'exports.mjs', 'load.mjs', 'xlsx.mjs', 'sql.mjs']) {
  console.log(`\n## ${bench}\n`);
  const r = spawnSync(process.execPath, [dir + bench], { stdio: 'inherit' });
  if (r.status !== 0) process.exitCode = 1;
}
