// What each ticket tool's export looks like (--source, check.source, data.source), and the data
// section merged over it: the SLA's `data` wins field by field over the tool's defaults. Pure.
import type { Sla } from '../model.js';

export const SOURCE_NAMES = ['jira', 'servicenow', 'zendesk', 'freshservice'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export interface SourceDefaults {
  /** The date-fns pattern the tool writes timestamps in. */
  format: string;
  /** The zone its local timestamps are in, when the tool fixes one (else the SLA's time zone). */
  zone?: string;
  durations: 'minutes' | 'text';
  /** The names KPIs use → the tool's column headers. */
  columns: Readonly<Record<string, string>>;
  /** Priority id → the tool's names for it, applied to the SLA's priorities of those ids that list no matches. */
  priorities: Readonly<Record<string, readonly string[]>>;
}

// Each tool's export as its documentation describes it (docs/sources/<tool>.md names the page).
export const SOURCES: Readonly<Record<SourceName, SourceDefaults>> = {
  // Jira: the instance's default date-time format (jira.date.time.picker.java.format), in the
  // exporting user's profile time zone; SLA fields export as text such as "2h 15m" or "-1h 5m".
  jira: {
    format: 'dd/MMM/yy h:mm a',
    durations: 'text',
    columns: { opened_at: 'Created', resolved_at: 'Resolved', priority: 'Priority' },
    priorities: { P1: ['Highest'], P2: ['High'], P3: ['Medium'], P4: ['Low'], P5: ['Lowest'] },
  },
  // ServiceNow: a list export to CSV writes field names as headers and, by default
  // (glide.export.csv.raw.value false), display values: date-times in the exporting user's zone and
  // format, choices as labels ("1 - Critical"), durations as "1 Day 2 Hours 5 Minutes". Raw values
  // (the property true) are UTC and priority numbers: the SLA's data section says so.
  servicenow: {
    format: 'yyyy-MM-dd HH:mm:ss',
    durations: 'text',
    columns: { opened_at: 'opened_at', resolved_at: 'resolved_at', priority: 'priority' },
    priorities: { P1: ['1 - Critical'], P2: ['2 - High'], P3: ['3 - Moderate'], P4: ['4 - Low'], P5: ['5 - Planning'] },
  },
  // Zendesk: the CSV export of Admin Center > Account > Tools > Reports, in the account's time zone.
  zendesk: {
    format: 'yyyy-MM-dd HH:mm:ss',
    durations: 'minutes',
    columns: { opened_at: 'Created at', resolved_at: 'Solved at', priority: 'Priority' },
    priorities: { P1: ['Urgent'], P2: ['High'], P3: ['Normal'], P4: ['Low'] },
  },
  // Freshservice: Tickets > Export as CSV, in the exporting agent's time zone. "Resolved Time" is the
  // label of the Freshworks helpdesk code's ticket export; Freshservice's own pages give no header.
  freshservice: {
    format: 'yyyy-MM-dd HH:mm:ss',
    durations: 'minutes',
    columns: { opened_at: 'Created Date', resolved_at: 'Resolved Time', priority: 'Priority' },
    priorities: { P1: ['Urgent'], P2: ['High'], P3: ['Medium'], P4: ['Low'] },
  },
};

export const isSourceName = (s: string): s is SourceName => (SOURCE_NAMES as readonly string[]).includes(s);

/** How a check reads the data: the SLA's data section over its source's defaults. */
export interface DataSpec {
  source: SourceName | undefined;
  /** A date-fns pattern, or undefined for ISO 8601. */
  format: string | undefined;
  /** Where the format comes from, for messages. */
  formatFrom: string;
  /** The zone local timestamps are read in. */
  zone: string;
  durations: 'minutes' | 'text';
  columns: Readonly<Record<string, string>>;
  /** Priority id → the cell values that mean it (its id first). */
  matches: ReadonlyMap<string, readonly string[]>;
}

/** The effective data spec: the SLA's `data` field by field, then the source's defaults (SLA > --source/config). */
export function resolveData(sla: Sla, source?: string): DataSpec {
  const data = sla.data;
  const name = data?.source ?? source;
  const defaults = name !== undefined && isSourceName(name) ? SOURCES[name] : undefined;
  const declared = data?.timestamps?.format;
  const format = declared ?? defaults?.format;
  const matches = new Map<string, readonly string[]>();
  // A tool's name the SLA gives a priority itself (or uses as an id) is never also a default of another.
  const priorities = sla.expectations?.priorities ?? [];
  const claimed = new Set(priorities.flatMap((p) => [p.id, ...(p.matches ?? [])]));
  for (const p of priorities) {
    const own = p.matches ?? (defaults?.priorities[p.id] ?? []).filter((m) => !claimed.has(m));
    matches.set(p.id, [p.id, ...own.filter((m) => m !== p.id)]);
  }
  return {
    source: defaults === undefined ? undefined : (name as SourceName),
    format: format === 'iso' ? undefined : format,
    formatFrom: declared !== undefined ? 'data.timestamps.format' : defaults !== undefined ? `the ${name} source's default; set data.timestamps.format to change it` : 'data.timestamps.format',
    zone: data?.timestamps?.zone ?? defaults?.zone ?? sla.timezone,
    durations: data?.durations ?? defaults?.durations ?? 'minutes',
    columns: { ...(defaults?.columns ?? {}), ...(data?.columns ?? {}) },
    matches,
  };
}
