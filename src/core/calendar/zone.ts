// Wall-clock arithmetic in IANA zones: the one source of zone offsets for `sla check` (local days of
// rows) and the business calendar (coverage windows). Offsets come from @date-fns/tz (Intl
// underneath), cached per zone and UTC day, so converting a million timestamps costs a few hundred
// Intl calls, not a million.
import { tzOffset } from '@date-fns/tz';

export const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// Every offset in use, and every transition instant, falls on a quarter hour.
const BUCKET_MS = 15 * MINUTE_MS;

/** What a zone's offsets cost an Intl call to learn, kept for the whole process. */
interface OffsetTables {
  /** Per UTC day: its one offset, or NaN when it changes during the day. */
  days: Map<number, number>;
  /** Per quarter hour of a day with a change. */
  buckets: Map<number, number>;
}

/** The offsets of one zone, DST-exact. */
export class ZoneOffsets {
  private readonly utc: boolean;
  private readonly dayOffsets: Map<number, number>;
  private readonly buckets: Map<number, number>;
  // The last UTC days asked, per reader and by day: a check reads several timestamp columns, each in
  // time order but on days of its own (opened, resolved), and a memo of one day would miss every time.
  private readonly memoDays = new Float64Array(8).fill(NaN);
  private readonly memoOffsets = new Float64Array(8);

  constructor(readonly zone: string, tables: OffsetTables = { days: new Map(), buckets: new Map() }) {
    this.utc = zone === 'UTC' || zone === 'Etc/UTC';
    this.dayOffsets = tables.days;
    this.buckets = tables.buckets;
  }

  /**
   * The offset from UTC in ms at an instant (local = utc + offset). Cached per UTC day (two look-ups
   * tell whether the offset changes during it; it never changes twice in a day) and, for the two days
   * a year with a change, per quarter hour.
   */
  at(ms: number): number {
    if (this.utc) return 0;
    const utcDay = Math.floor(ms / DAY_MS);
    const slot = utcDay & 7;
    if (utcDay === this.memoDays[slot]) return this.memoOffsets[slot]!;
    let off = this.dayOffsets.get(utcDay);
    if (off === undefined) {
      const start = utcDay * DAY_MS;
      const first = this.lookup(start);
      off = this.lookup(start + DAY_MS - BUCKET_MS) === first ? first : NaN;
      this.dayOffsets.set(utcDay, off);
    }
    if (off === off) {
      this.memoDays[slot] = utcDay;
      this.memoOffsets[slot] = off;
      return off;
    }
    const bucket = Math.floor(ms / BUCKET_MS);
    let exact = this.buckets.get(bucket);
    if (exact === undefined) this.buckets.set(bucket, (exact = this.lookup(bucket * BUCKET_MS)));
    return exact;
  }

  private lookup(ms: number): number {
    return tzOffset(this.zone, new Date(ms)) * MINUTE_MS;
  }

  /** The instant at which the wall clock shows the given local time (ms since the local epoch). */
  toUtc(localMs: number): number {
    // Two passes settle the offset on either side of a change; a wall time skipped by a
    // daylight-saving jump lands just after it, as clocks do.
    const first = localMs - this.at(localMs);
    return localMs - this.at(first);
  }

  /** Days since 1970-01-01 of the local date at an instant. */
  dayOf(utcMs: number): number {
    return Math.floor((utcMs + this.at(utcMs)) / DAY_MS);
  }
}

const zones = new Map<string, OffsetTables>();

/** The offsets of a zone: tables shared by the whole process, a memo of recent days of its own. */
export function offsetsOf(zone: string): ZoneOffsets {
  let tables = zones.get(zone);
  if (!tables) zones.set(zone, (tables = { days: new Map(), buckets: new Map() }));
  return new ZoneOffsets(zone, tables);
}
