import { pluralWord } from './text.js';

/** A duration as an agreement states it: "15m", "4h", "3 days", "8 business hours". */
export interface Duration {
  amount: number;
  unit: 'minute' | 'hour' | 'day' | 'week';
  /** Counted within coverage hours rather than around the clock. */
  business: boolean;
}

const UNITS: Record<string, Duration['unit']> = {
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', week: 'week', weeks: 'week',
};

const DURATION = /^(\d+(?:\.\d+)?)\s*(business\s+)?([a-z]+)$/i;

export function parseDuration(text: string): Duration | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const unit = UNITS[match[3]!.toLowerCase()];
  if (!unit) return undefined;
  return { amount: Number(match[1]), unit, business: match[2] !== undefined };
}

/**
 * Minutes of the clock the duration is counted on: calendar minutes, or business minutes where a
 * business day is `businessDayMinutes` long (a business week is five business days).
 */
export function durationMinutes(d: Duration, businessDayMinutes = 8 * 60): number {
  switch (d.unit) {
    case 'minute': return d.amount;
    case 'hour': return d.amount * 60;
    case 'day': return d.amount * (d.business ? businessDayMinutes : 1440);
    case 'week': return d.amount * (d.business ? 5 * businessDayMinutes : 7 * 1440);
  }
}

/** "within 4 business hours", "within 15 minutes". */
export function durationInWords(d: Duration): string {
  return `${d.amount} ${d.business ? 'business ' : ''}${pluralWord(d.amount, d.unit)}`;
}
