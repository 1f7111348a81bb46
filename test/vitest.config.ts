// Four projects, split by file name (CONTRIBUTING.md):
//   unit    test/**/*.test.ts         in-process: pure functions and main(argv, io); no browser, no child process
//   duckdb  test/**/*.duckdb.test.ts  in-process too, but real queries in DuckDB (native, ~0.4 s a query)
//   cli     test/**/*.cli.test.ts     spawn bin/sla (or another process): signals, exit codes, stdin, EPIPE
//   pdf     test/**/*.pdf.test.ts     start Chromium: PDF output, offline rendering, browser clean-up
// `npm run test:unit` runs `unit` only (the inner loop); `npm test` runs all four after the build and the type check.
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import ProjectsLongestFirst from './setup/sequencer.js';

const CLI = 'test/**/*.cli.test.ts';
const PDF = 'test/**/*.pdf.test.ts';
const DUCKDB = 'test/**/*.duckdb.test.ts';

export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/setup/global.ts'],
    // Vitest's default is one worker per core less one: a single worker on 2 cores, so files ran one
    // after another while cli and pdf files sat waiting on their child processes. One per core and one
    // more: a cli or pdf file waiting on a time-out, a browser or PostgreSQL leaves its core to the third.
    maxWorkers: Number(process.env.SLA_TEST_WORKERS) || Math.max(3, availableParallelism() + 1),
    sequence: { sequencer: ProjectsLongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [CLI, PDF, DUCKDB],
          // Fails any attempt to start a process, so the unit project stays fast and honest.
          setupFiles: ['test/setup/no-child-processes.ts', 'test/setup/cpu-usage.ts'],
          // One process per worker for all its files, not one per file: the per-file start-up and
          // re-import of src/ cost more than the tests (test:unit: 94 s against 19-39 s on a busy
          // 2-core machine). Test files keep no state between them (temporary folders, no mocks).
          isolate: false,
        },
      },
      // Like unit (no child process, one process per worker), in a project of its own so the inner loop
      // stays under 30 s on 2 cores: its two files are a fifth of unit's CPU, most of it DuckDB itself.
      {
        extends: true,
        test: { name: 'duckdb', include: [DUCKDB], setupFiles: ['test/setup/no-child-processes.ts', 'test/setup/cpu-usage.ts'], isolate: false },
      },
      // Not isolated either: a fresh fork per file cost ~0.6 CPU-s (start-up and re-importing src/
      // through test/helpers.ts), ~16 CPU-s over the project; the files spawn and kill only their own
      // children and keep no state, like the unit files.
      { extends: true, test: { name: 'cli', include: [CLI], isolate: false, setupFiles: ['test/setup/cpu-usage.ts'] } },
      // Kept isolated (a fresh worker per file): their in-process renders share a browser per file
      // (test/render/shared-browser.ts), which installs signal handlers while it runs.
      { extends: true, test: { name: 'pdf', include: [PDF], setupFiles: ['test/setup/cpu-usage.ts'] } },
    ],
  },
});
