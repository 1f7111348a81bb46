#!/usr/bin/env node
// Thin shim: the CLI is built into dist/. Setting exitCode (not calling exit) lets piped output drain.
import { main, reportCrash } from '../dist/cli.js';

// Errors that escape main (a stream error after output, a stray rejection) still end in one line.
process.on('uncaughtException', (err) => reportCrash(err, process.argv.slice(2)));
process.on('unhandledRejection', (err) => reportCrash(err, process.argv.slice(2)));
process.exitCode = await main(process.argv.slice(2));
