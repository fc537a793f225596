import { latestStoredTimeBefore, parseIsoInstant } from './iso-instant';

describe('ISO instants for `before`', () => {
  it('reads what Python isoformat and JavaScript toISOString write, naive as UTC', () => {
    expect(parseIsoInstant('2025-01-15T10:30:00')).toEqual({ ms: Date.UTC(2025, 0, 15, 10, 30), subMs: false });
    expect(parseIsoInstant('2025-01-15T10:30:00.123Z')?.ms).toBe(Date.parse('2025-01-15T10:30:00.123Z'));
    expect(parseIsoInstant('2025-01-15T12:30:00+02:00')?.ms).toBe(Date.UTC(2025, 0, 15, 10, 30));
    expect(parseIsoInstant('2025-01-15T10:30:00.123456')).toEqual({ ms: Date.parse('2025-01-15T10:30:00.123Z'), subMs: true });
    expect(parseIsoInstant('2025-01-15')?.ms).toBe(Date.UTC(2025, 0, 15));
  });

  it('refuses what is not a date-time', () => {
    for (const bad of [
      '',
      'yesterday',
      '2025-13-01T00:00:00',
      '2025-04-31T00:00:00',
      '2025-01-15T25:00:00',
      '2025-01-15T10:30:00+24:00',
      '1700000000',
    ])
      expect(parseIsoInstant(bad)).toBeNull();
  });

  it('gives the latest millisecond strictly before it, so a stored time passed back as `before` excludes exactly itself', () => {
    const stored = '2025-01-15T10:30:00.123Z';
    expect(latestStoredTimeBefore(parseIsoInstant(stored)!)).toBe('2025-01-15T10:30:00.122Z');
    expect(latestStoredTimeBefore(parseIsoInstant('2025-01-15T10:30:00.123400')!)).toBe(stored);
  });
});
