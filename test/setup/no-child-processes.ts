// Setup file of the `unit` project: starting a process (bin/sla, a browser, pdftotext, a shell
// script) throws, so a test that needs one is named *.cli.test.ts or *.pdf.test.ts instead and
// `npm run test:unit` stays fast. Replaces the functions on node:child_process for this worker.
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';

const names = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
for (const name of names) {
  (childProcess as unknown as Record<string, unknown>)[name] = () => {
    throw new Error(`child_process.${name}: the unit project starts no processes; put this test in a *.cli.test.ts file (or *.pdf.test.ts if it needs the browser)`);
  };
}
syncBuiltinESMExports();
