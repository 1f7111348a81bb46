import { colorFor } from '../runtime/color.js';
import { isCalendarDate, localToday } from '../core/dates.js';
import { loadSla, type LoadedSla } from '../core/load/load.js';
import type { Sla } from '../core/model.js';
import type { RuleSeverities } from '../core/rules/index.js';
import { stylish } from '../formatters/validation/stylish.js';
import { UserError, type Io } from '../runtime/io.js';
import { readTextInput } from './inputs.js';

/** `--as-of` or today's date on this machine. */
export function resolveAsOf(asOf: string | undefined): string {
  if (asOf === undefined) return localToday();
  if (!isCalendarDate(asOf)) throw new UserError(`--as-of must be a date written YYYY-MM-DD (got "${asOf}")`);
  return asOf;
}

export interface SlaInput {
  file: string;
  sla: Sla;
  report: LoadedSla;
}

/**
 * Loads an SLA for a command that needs a valid one (render, check, report). An invalid file is
 * refused with the diagnostics `sla validate` prints, on stderr, and exit code 1.
 */
export async function loadValidSla(path: string, io: Io, options: { asOf?: string | undefined; stdinFilename?: string | undefined; color?: boolean | undefined; severities?: RuleSeverities | undefined } = {}): Promise<SlaInput> {
  const { file, text } = await readTextInput(path, io, options.stdinFilename);
  const report = loadSla(text, file, { asOf: resolveAsOf(options.asOf) }, options.severities);
  if (!report.sla) {
    const color = colorFor(io, io.stderr, options.color ?? true);
    io.stderr.write(stylish({ valid: false, files: [report] }, { color, strict: false }));
    throw new UserError(`${file} is not a valid SLA; fix the errors above (sla validate ${file} shows them too)`, 1);
  }
  return { file, sla: report.sla, report };
}
