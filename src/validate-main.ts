// `sla validate`'s fast start-up path: bin/sla.js loads this (dist/validate.cjs, one CommonJS file it can
// keep a V8 code cache for) instead of the full CLI when the command line is one it parses exactly as
// commander would. Anything else (--help, -V, an unknown or combined option, a bad --format, `--`, a
// value starting with "-") returns undefined from parseValidateArgv and goes to the full CLI, whose
// commander prints the same help and errors as ever. test/cli/validate-fast-path.cli.test.ts compares
// the two paths byte for byte.
import { VALIDATION_FORMATS } from './formatters/validation/names.js';
import { processIo, type Io } from './runtime/io.js';
import { reportCrash, reportError } from './services/cli-errors.js';
import type { ValidateOptions } from './commands/validate.js';

export { reportCrash };

export interface FastValidate {
  paths: string[];
  options: ValidateOptions;
}

// validate's options as cli.ts declares them: the key commander gives each, and whether it takes a value.
const VALUE_OPTIONS: Record<string, keyof ValidateOptions> = {
  '-f': 'format', '--format': 'format',
  '--max-warnings': 'maxWarnings',
  '-o': 'outputFile', '--output-file': 'outputFile',
  '--as-of': 'asOf',
  '--ignore': 'ignore',
  '--config': 'config',
  '--stdin-filename': 'stdinFilename',
};
const FLAGS: Record<string, keyof ValidateOptions> = { '--strict': 'strict', '-q': 'quiet', '--quiet': 'quiet' };

/** The paths and options commander would hand validateCommand, or undefined for anything less plain. */
export function parseValidateArgv(argv: readonly string[]): FastValidate | undefined {
  if (argv[0] !== 'validate') return undefined;
  const paths: string[] = [];
  const options: ValidateOptions = { format: 'stylish' };
  const set = options as unknown as Record<string, unknown>; // keys from the tables above
  let color = true;
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '-' || !arg.startsWith('-')) {
      paths.push(arg);
      continue;
    }
    // The program's own options, which commander takes wherever they stand.
    if (arg === '--no-color') color = false;
    else if (arg === '--debug') continue; // read from argv by reportError
    else if (arg === '--no-config') options.config = false;
    else if (FLAGS[arg] !== undefined) set[FLAGS[arg]] = true;
    else {
      const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
      const name = eq > 0 ? arg.slice(0, eq) : arg;
      const key = VALUE_OPTIONS[name];
      if (key === undefined) return undefined;
      let value: string | undefined;
      if (eq > 0) value = arg.slice(eq + 1);
      else {
        value = argv[++i];
        // Commander would take "-x" as the value; rare enough to leave to it, with the missing value.
        if (value === undefined || value.startsWith('-')) return undefined;
      }
      if (key === 'format' && !(VALIDATION_FORMATS as readonly string[]).includes(value)) return undefined; // commander's choice error
      if (key === 'ignore') options.ignore = [...(options.ignore ?? []), value];
      else set[key] = value;
    }
  }
  options.color = color;
  return { paths, options };
}

/** Runs a command line parseValidateArgv accepted; the exit code, as main() in cli.ts returns it. */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const parsed = parseValidateArgv(argv);
  if (parsed === undefined) throw new Error('not a plain sla validate command line'); // bin/sla.js checks first
  try {
    return await (await import('./commands/validate.js')).validateCommand(parsed.paths, parsed.options, io);
  } catch (err) {
    return reportError(err, argv, io);
  }
}
