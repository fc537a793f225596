/** An ISO 8601 date-time as the platform's clients send it (Python's isoformat: naive means UTC, any fraction digits). */
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An instant to the millisecond, and whether the text was later within that millisecond (it had finer digits, not all 0). */
export interface Instant {
  ms: number;
  subMs: boolean;
}

/** The instant an ISO date-time names, or null when it is not one (a malformed or impossible date). */
export function parseIsoInstant(text: string): Instant | null {
  const m = ISO.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = m;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, Number(fraction.padEnd(3, '0').slice(0, 3)));
  if (new Date(local).getUTCDate() !== day || year < 1) return null; // 31 April and the like
  let offset = 0;
  if (zone.toUpperCase() !== 'Z') {
    const [oh, om] = [Number(zone.slice(1, 3)), Number(zone.slice(-2))];
    if (oh > 23 || om > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om) * 60_000;
  }
  return { ms: local - offset, subMs: /[1-9]/.test(fraction.slice(3)) };
}

/**
 * The latest stored time (ISO, millisecond precision, as events record it) that is strictly before the instant: the
 * instant's own millisecond when it lies within it, else the millisecond before.
 */
export const latestStoredTimeBefore = (i: Instant): string => new Date(i.subMs ? i.ms : i.ms - 1).toISOString();
