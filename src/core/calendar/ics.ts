// Holidays from an iCalendar (.ics) file, parsed by ical.js (RFC 5545 folding, escaping, RRULE and
// EXDATE are its job, not ours). Pure: the caller reads the file. Only all-day events are holidays;
// a timed event (a meeting) is not a day without coverage.
import ICAL from 'ical.js';
import { daysFromCivil, formatDay } from '../dates.js';

export interface HolidayCalendar {
  /** Every holiday, YYYY-MM-DD, sorted, each once. */
  dates: string[];
  /** Timed events that were ignored (they are not whole days). */
  ignoredTimed: number;
}

/** Recurring holidays are expanded up to this year; a rule without an end must stop somewhere. */
const LAST_YEAR = 2100;
const MAX_DATES = 100_000;

export class IcsError extends Error {}

export function parseHolidayCalendar(text: string): HolidayCalendar {
  let root: InstanceType<typeof ICAL.Component>;
  try {
    root = new ICAL.Component(ICAL.parse(text) as unknown as unknown[]);
  } catch (err) {
    throw new IcsError(`not a valid iCalendar file (${String((err as Error)?.message ?? err).split('\n')[0]})`);
  }
  if (root.name !== 'vcalendar') throw new IcsError(`not an iCalendar file: it holds a ${root.name.toUpperCase()}, not a VCALENDAR`);
  const dates = new Set<string>();
  let ignoredTimed = 0;
  const add = (t: InstanceType<typeof ICAL.Time>, days: number) => {
    const first = daysFromCivil(t.year, t.month, t.day);
    for (let k = 0; k < Math.max(1, days) && dates.size < MAX_DATES; k++) dates.add(formatDay(first + k));
  };
  for (const vevent of root.getAllSubcomponents('vevent')) {
    let event: InstanceType<typeof ICAL.Event>;
    try {
      event = new ICAL.Event(vevent);
      const start = event.startDate;
      if (!start) continue;
      if (!start.isDate) {
        ignoredTimed++;
        continue;
      }
      // DTEND of an all-day event is exclusive: a one-day holiday ends the next day.
      const end = event.endDate;
      const days = end && end.isDate ? Math.round(end.subtractDate(start).toSeconds() / 86_400) : 1;
      if (!event.isRecurring()) {
        add(start, days);
        continue;
      }
      const it = event.iterator();
      for (let next = it.next(), n = 0; next && next.year <= LAST_YEAR && n < 10_000 && dates.size < MAX_DATES; next = it.next(), n++) add(next, days);
    } catch (err) {
      if (err instanceof IcsError) throw err;
      const summary = vevent.getFirstPropertyValue('summary');
      throw new IcsError(`the event ${summary ? `"${String(summary)}"` : 'without a summary'} cannot be read (${String((err as Error)?.message ?? err).split('\n')[0]})`);
    }
  }
  return { dates: [...dates].sort(), ignoredTimed };
}
