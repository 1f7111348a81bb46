#!/usr/bin/env node
// Thin shim: the CLI is built into dist/. Setting exitCode (not calling exit) lets piped output drain.
// CommonJS (bin/package.json), not an ES module: Node's ES module loader for the entry file and its
// imports was a measurable part of `sla validate`'s fast start-up (docs/benchmarks.md).
'use strict';
const { join } = require('node:path');

const argv = process.argv.slice(2);

async function start() {
  let cli;
  let saveCache;
  // `sla validate` (what CI runs on every push) has a fast start-up path: one CommonJS file without
  // commander, compiled with a V8 code cache. Only for command lines it parses exactly as commander
  // would; everything else (--help, unusual options, other commands) takes the full CLI below.
  if (argv[0] === 'validate') {
    try {
      const { loadValidate } = require('../dist/fast-start.cjs');
      const fast = loadValidate(join(__dirname, '..', 'dist', 'validate.cjs'));
      if (fast.exports.parseValidateArgv(argv) !== undefined) {
        cli = fast.exports;
        saveCache = fast.save;
      }
    } catch {
      /* the full CLI below reports whatever is wrong */
    }
  }
  cli ??= await import('../dist/cli.js');
  // Errors that escape main (a stream error after output, a stray rejection) still end in one line.
  process.on('uncaughtException', (err) => cli.reportCrash(err, argv));
  process.on('unhandledRejection', (err) => cli.reportCrash(err, argv));
  process.exitCode = await cli.main(argv);
  saveCache?.();
}

start();
