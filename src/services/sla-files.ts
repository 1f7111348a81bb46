// Files an SLA refers to (the holiday calendar): resolved relative to the SLA file, and kept inside
// its folder unless --allow-outside, so an agreement anyone can edit cannot make `sla` read
// /etc/passwd or a colleague's home folder in CI.
import { dirname, resolve } from 'node:path';
import type { Sla } from '../core/model.js';
import { plural } from '../core/text.js';
import { isContained, readRegularFile } from '../runtime/files.js';
import { UserError, type Io } from '../runtime/io.js';
import { tell } from './tell.js';
import { decodeUtf8, describeFsError } from './inputs.js';

export interface SlaFileOptions {
  /** Allow paths outside the SLA's folder (--allow-outside). */
  allowOutside?: boolean | undefined;
}

/** Larger than any holiday calendar; bounds memory on a mistaken path. */
const MAX_REFERENCED_BYTES = 8 * 1024 * 1024;

/**
 * The absolute path of a file the SLA names at `field`, relative to the SLA's folder (the working
 * folder for standard input). Refused (exit 2) when it leads outside that folder, symbolic links
 * followed, unless allowed.
 */
function resolveSlaReference(slaPath: string, slaFile: string, field: string, ref: string, io: Io, options: SlaFileOptions): string {
  const base = slaPath === '-' ? io.cwd : dirname(resolve(io.cwd, slaPath));
  const full = resolve(base, ref);
  if (!options.allowOutside && !isContained(base, full)) {
    throw new UserError(`${slaFile}: ${field} "${ref}" is outside the SLA's folder (${base}); move the file beside the SLA, or run with --allow-outside`);
  }
  return full;
}

/**
 * Checks every file reference of the SLA (render uses this; check and report also read them) and
 * returns their absolute paths, which are inputs no output may overwrite.
 */
export function checkSlaReferences(slaPath: string, slaFile: string, sla: Sla, io: Io, options: SlaFileOptions): string[] {
  const calendar = sla.scope.coverage.holidayCalendar;
  return calendar !== undefined ? [resolveSlaReference(slaPath, slaFile, 'scope.coverage.holidayCalendar', calendar, io, options)] : [];
}

/**
 * The extra holidays of the SLA's holiday calendar (YYYY-MM-DD), read only when a KPI counts business
 * time; undefined when there is none to read. ical.js is loaded only here.
 */
export async function loadHolidays(slaPath: string, slaFile: string, sla: Sla, io: Io, options: SlaFileOptions): Promise<string[] | undefined> {
  checkSlaReferences(slaPath, slaFile, sla, io, options);
  const ref = sla.scope.coverage.holidayCalendar;
  if (ref === undefined || !sla.metrics.some((k) => k.measure.duration?.clock === 'business')) return undefined;
  const full = resolveSlaReference(slaPath, slaFile, 'scope.coverage.holidayCalendar', ref, io, options);
  const label = `${ref} (scope.coverage.holidayCalendar of ${slaFile})`;
  const bytes = await readRegularFile(full, label, { maxBytes: MAX_REFERENCED_BYTES, what: 'a holiday calendar' });
  const { parseHolidayCalendar, IcsError } = await import('../core/calendar/ics.js');
  try {
    const text = decodeUtf8(bytes, label);
    const cal = parseHolidayCalendar(text);
    if (cal.ignoredTimed > 0) tell(io, `${ref}: ${plural(cal.ignoredTimed, 'timed event')} ignored; only all-day events are holidays`);
    return cal.dates;
  } catch (err) {
    if (err instanceof IcsError) throw new UserError(`${label}: ${err.message}`);
    throw err;
  }
}
