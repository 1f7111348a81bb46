// Command lines for `sla validate`'s fast start-up path (src/validate-main.ts), each run through the
// fast path and through the full CLI (commander), whose stdout, stderr and exit code must be equal.
// `fast: false` marks the lines the fast path must hand to the full CLI (parseValidateArgv: undefined).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../helpers.js';

export interface FastPathCase {
  name: string;
  args: string[];
  /** Whether parseValidateArgv takes the line (true) or leaves it to commander (false). */
  fast: boolean;
  env?: Record<string, string>;
  input?: string;
  /** Why the line needs a real process: it is spawned through bin/sla in every run, not only in the sample (fast-path.cli.test.ts). */
  process?: string;
}

/** ok.yaml (valid, one warning), bad.yaml (two errors), other.yaml (a config turning a rule off), stale.yaml (signed, then changed). */
export function writeFastPathFixtures(dir: string): void {
  const minimal = readFileSync(join(repoRoot, 'test/fixtures/minimal.yaml'), 'utf8');
  writeFileSync(join(dir, 'ok.yaml'), minimal);
  writeFileSync(join(dir, 'bad.yaml'), minimal.replace(/^status: active/m, 'status: bogus').replace(/^ {2}- id: uptime/m, '  - id: Bad Id'));
  writeFileSync(join(dir, 'other.yaml'), 'rules:\n  review-overdue: off\n');
  // Signed, then changed: the signatures rule fails and validate looks for the signed text in git.
  const signed = readFileSync(join(repoRoot, 'examples/it-service-desk/sla.yaml'), 'utf8');
  writeFileSync(join(dir, 'stale.yaml'), signed.replace('target: 95 }', 'target: 96 }'));
}

export const fastPathCases: FastPathCase[] = [
  { name: 'one valid file', args: ['validate', 'ok.yaml'], fast: true },
  { name: 'an invalid file', args: ['validate', 'bad.yaml'], fast: true },
  { name: 'several files and a directory', args: ['validate', 'ok.yaml', 'bad.yaml', '.'], fast: true },
  { name: 'a glob', args: ['validate', '*.yaml'], fast: true },
  { name: 'stale signatures', args: ['validate', 'stale.yaml'], fast: true },
  { name: 'a missing file', args: ['validate', 'missing.yaml'], fast: true },
  { name: 'no paths', args: ['validate'], fast: true },
  { name: '--format json', args: ['validate', '--format', 'json', 'bad.yaml'], fast: true },
  { name: '--format=github', args: ['validate', '--format=github', 'bad.yaml'], fast: true },
  { name: '-f junit', args: ['validate', '-f', 'junit', 'ok.yaml', 'bad.yaml'], fast: true },
  { name: '-f sarif after the path', args: ['validate', 'bad.yaml', '-f', 'sarif'], fast: true },
  { name: '--format json and a missing file', args: ['validate', '--format', 'json', 'missing.yaml'], fast: true },
  { name: 'the last --format wins', args: ['validate', '-f', 'json', '--format', 'stylish', 'ok.yaml'], fast: true },
  { name: '--strict', args: ['validate', '--strict', 'ok.yaml'], fast: true },
  { name: '-q', args: ['validate', '-q', 'ok.yaml', 'bad.yaml'], fast: true },
  { name: '--quiet --max-warnings 0', args: ['validate', '--quiet', '--max-warnings', '0', 'ok.yaml'], fast: true },
  { name: '--max-warnings=abc', args: ['validate', '--max-warnings=abc', 'ok.yaml'], fast: true },
  { name: '--as-of', args: ['validate', '--as-of', '2026-03-01', 'ok.yaml'], fast: true },
  { name: '--as-of a bad date', args: ['validate', '--as-of', 'yesterday', 'ok.yaml'], fast: true },
  { name: '--ignore twice', args: ['validate', '.', '--ignore', 'bad.yaml', '--ignore=other.yaml'], fast: true },
  { name: '--config', args: ['validate', '--config', 'other.yaml', 'ok.yaml'], fast: true },
  { name: '--config of a missing file', args: ['validate', '--config', 'nope.yaml', 'ok.yaml'], fast: true },
  { name: '--no-config', args: ['validate', '--no-config', 'ok.yaml'], fast: true },
  { name: '--config then --no-config', args: ['validate', '--config', 'other.yaml', '--no-config', 'ok.yaml'], fast: true },
  { name: 'standard input', args: ['validate', '-'], input: 'sla: 1\nid: x\n', fast: true, process: 'standard input through a real pipe' },
  { name: 'standard input with --stdin-filename', args: ['validate', '--stdin-filename', 'piped.yaml', '-'], input: 'sla: 1\nid: x\n', fast: true, process: 'standard input through a real pipe' },
  { name: '--no-color', args: ['validate', '--no-color', 'bad.yaml'], fast: true },
  { name: 'NO_COLOR', args: ['validate', 'bad.yaml'], env: { NO_COLOR: '1' }, fast: true, process: 'read from the real process environment' },
  { name: '--debug', args: ['validate', '--debug', 'ok.yaml'], fast: true },
  { name: '-o a report file', args: ['validate', '-f', 'json', '-o', 'report.json', 'ok.yaml'], fast: true, process: 'a file written by the fast path in a process of its own' },
  { name: '-o onto its input', args: ['validate', '--output-file', 'ok.yaml', 'ok.yaml'], fast: true },
  // Left to commander: help, version, unknown and unusual options, bad choices, missing values.
  { name: '--help', args: ['validate', '--help'], fast: false, process: 'commander ends the real process' },
  { name: '-h after a path', args: ['validate', 'ok.yaml', '-h'], fast: false },
  { name: '-V', args: ['validate', '-V'], fast: false, process: 'commander ends the real process' },
  { name: 'an unknown option', args: ['validate', '--stric', 'ok.yaml'], fast: false, process: "commander's usage error as the shell sees its exit code" },
  { name: 'a bad --format', args: ['validate', '--format', 'xml', 'ok.yaml'], fast: false },
  { name: '-f=json (commander reads "=json")', args: ['validate', '-f=json', 'ok.yaml'], fast: false },
  { name: 'combined short options', args: ['validate', '-qf', 'json', 'ok.yaml'], fast: false },
  { name: 'a missing option value', args: ['validate', 'ok.yaml', '--as-of'], fast: false },
  { name: 'a value that looks like an option', args: ['validate', '--config', '-q', 'ok.yaml'], fast: false },
  { name: '-- before paths', args: ['validate', '--', 'ok.yaml'], fast: false },
  { name: 'a flag given a value', args: ['validate', '--strict=yes', 'ok.yaml'], fast: false },
  { name: 'another command', args: ['check', 'ok.yaml'], fast: false },
];
