#!/usr/bin/env node
// Thin shim: the CLI is built into dist/. Setting exitCode (not calling exit) lets piped output drain.
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2));
