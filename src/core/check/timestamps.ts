// Timestamp cells as a check reads them: ISO 8601 (the default, LocalDays in time.ts), or a declared
// pattern (data.timestamps.format) read by a compiled fast reader with date-fns `parse` for what it
// declines, in the data's zone; days are always counted in the agreement's zone. Every source's text
// cells (CSV, spreadsheet text) come through here.
import { tz } from '@date-fns/tz';
import { parse } from 'date-fns';
import { DAY_MS, offsetsOf, type ZoneOffsets } from '../calendar/zone.js';
import { compileFast, literalsInOrder, patternExample, readingsOf, splitPattern, type FastReader } from '../timestamp-pattern.js';
import { LocalDays } from './time.js';

/** What the engine and the duration clock need from a timestamp reader. NaN = not a timestamp. */
export interface Timestamps {
  dayOf(text: string): number;
  instantOf(text: string): number;
  /** Why a non-empty cell is not a timestamp, for the one-line error (`instant`: a duration's end, which needs a time). */
  describe(text: string, instant?: boolean): string;
}

export interface TimestampSpec {
  /** A date-fns pattern, or undefined for ISO 8601. */
  format: string | undefined;
  /** Where the format comes from, for messages. */
  formatFrom?: string;
  /** The zone local timestamps are in. */
  zone: string;
}

const clip = (text: string) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);

/**
 * One reader per column of a check, shared by the row's day and every duration that reads the
 * column: each column is in time order on days of its own (opened, answered, resolved), so a reader's
 * memos of its last cell and recent dates stay warm, which one reader for all columns would keep evicting.
 */
export class ColumnReaders {
  private readonly readers: Timestamps[] = [];
  constructor(private readonly make: () => Timestamps) {}
  of(column: number): Timestamps {
    return (this.readers[column] ??= this.make());
  }
}

/** The reader for a spec; the plain ISO reader itself when the data's zone is the agreement's (the fast path, unchanged). */
export function timestampReader(spec: TimestampSpec, slaZone: string): Timestamps {
  if (spec.format === undefined) {
    if (spec.zone === slaZone) return Object.assign(new LocalDays(slaZone), { describe: describeIso });
    return new ZonedIso(spec.zone, slaZone);
  }
  return new PatternTimestamps(spec.format, spec.formatFrom ?? 'data.timestamps.format', spec.zone, slaZone);
}

/** A cell the ISO reader refused: a day-month form names its readings, so the user declares one. */
export function describeIso(text: string, instant = false): string {
  const readings = readingsOf(text);
  if (readings.length === 2) {
    return `"${clip(text)}" is ambiguous: ${readings[0]!.date} (${readings[0]!.pattern}) or ${readings[1]!.date} (${readings[1]!.pattern}); declare the pattern as data.timestamps.format in the SLA (or use --source)`;
  }
  if (readings.length === 1) {
    return `"${clip(text)}" is not ISO 8601; if it means ${readings[0]!.date}, declare data.timestamps.format: "${readings[0]!.pattern}" in the SLA (or use --source)`;
  }
  return instant ? `"${clip(text)}" is not an ISO-8601 timestamp (such as 2026-01-31T09:30:00Z)` : `"${clip(text)}" is not an ISO-8601 date or timestamp (such as 2026-01-31 or 2026-01-31T23:30:00Z)`;
}

class ZonedIso implements Timestamps {
  private readonly iso: LocalDays;
  private readonly sla: ZoneOffsets;
  constructor(zone: string, slaZone: string) {
    this.iso = new LocalDays(zone);
    this.sla = offsetsOf(slaZone);
  }
  instantOf(text: string): number {
    return this.iso.instantOf(text);
  }
  dayOf(text: string): number {
    const t = this.iso.instantOf(text);
    return t !== t ? NaN : this.sla.dayOf(t);
  }
  describe = describeIso;
}

// Two-digit years resolve around this reference (00-75 = 2000-2075, 76-99 = 1976-1999), fixed so a
// file reads the same whatever the date today; fields a pattern lacks are 0 (each date-fns setter
// resets the units below it).
const REFERENCE = Date.UTC(2026, 0, 1);
const IN_UTC = tz('UTC');

/** The wall-clock time a pattern reads, through date-fns (ms as UTC), or NaN; an instant when the pattern has an offset. */
export function dateFnsRead(text: string, pattern: string): number {
  return parse(text, pattern, REFERENCE, { in: IN_UTC }).getTime();
}

const ISO_WALL = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** `2026-11-30` or `2026-11-30T16:15:00(.000)`, as wall-clock ms (as UTC); NaN for anything else or an impossible date. */
export function isoWallClock(text: string): number {
  const m = ISO_WALL.exec(text);
  if (!m) return NaN;
  const [y, mo, d, h = 0, mi = 0, s = 0] = m.slice(1, 7).map((x) => (x === undefined ? undefined : Number(x))) as number[];
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  if (y! < 1 || mo! < 1 || mo! > 12 || d! < 1 || h > 23 || mi > 59 || s > 59) return NaN;
  const date = new Date(Date.UTC(2000, 0, 1, h, mi, s, ms));
  date.setUTCFullYear(y!, mo! - 1, d!); // Date.UTC would read years 0-99 as 1900-1999
  return date.getUTCDate() === d ? date.getTime() : NaN; // 2026-02-30 is not a day
}

export class PatternTimestamps implements Timestamps {
  private readonly fast: FastReader | undefined;
  private readonly mayParse: (text: string) => boolean;
  private readonly hasOffset: boolean;
  private readonly data: ZoneOffsets;
  private readonly sla: ZoneOffsets;
  private readonly sameZone: boolean;
  private readonly example: string;
  // Rows come in time order and two columns often hold the same text: the last cell read, kept.
  private lastText = '';
  private lastLocal = NaN;

  constructor(private readonly pattern: string, private readonly from: string, zone: string, slaZone: string) {
    this.fast = compileFast(pattern);
    this.mayParse = literalsInOrder(pattern);
    this.hasOffset = splitPattern(pattern).some((p) => 'token' in p && /^[Xx]/.test(p.token));
    this.data = offsetsOf(zone);
    this.sla = offsetsOf(slaZone);
    this.sameZone = zone === slaZone;
    this.example = patternExample(pattern);
  }

  /** Local wall-clock ms (or an instant with an offset token), NaN when the text does not match. */
  read(text: string): number {
    if (text === this.lastText) return this.lastLocal;
    let v = this.fast === undefined ? NaN : this.fast(text);
    // What the fast reader declines, date-fns decides (about a millisecond a cell), unless the text
    // lacks the pattern's separators, which date-fns could never read.
    if (v !== v && this.mayParse(text)) v = dateFnsRead(text, this.pattern);
    // A spreadsheet's date cell arrives as ISO wall-clock text whatever the declared pattern: ISO
    // cannot be misread, so it is read as such (not with an offset pattern, whose values are instants).
    if (v !== v && !this.hasOffset) v = isoWallClock(text);
    this.lastText = text;
    this.lastLocal = v;
    return v;
  }

  instantOf(text: string): number {
    const v = this.read(text);
    if (v !== v || this.hasOffset) return v;
    return this.data.toUtc(v);
  }

  dayOf(text: string): number {
    const v = this.read(text);
    if (v !== v) return NaN;
    if (this.sameZone && !this.hasOffset) return Math.floor(v / DAY_MS);
    return this.sla.dayOf(this.hasOffset ? v : this.data.toUtc(v));
  }

  describe(text: string): string {
    return `"${clip(text)}" is not a timestamp in the declared format (${this.from}): expected ${this.pattern} such as ${this.example}`;
  }
}
