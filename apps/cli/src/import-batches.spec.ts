import { appendSize } from '@forkline/event-store';
import { UsageError } from './cli-context';
import { ExportedEvent } from './event-format';
import { importBatches } from './import-batches';

const event = (revision: number, chars: number): ExportedEvent => ({
  streamId: 'thread-t',
  revision,
  eventId: `e${revision}`,
  type: 'DocumentAttached',
  data: { text: 'x'.repeat(chars) },
  metadata: { actor: 'alice', correlationId: 'c', causationId: null, occurredAt: '2026-01-01T00:00:00.000Z', schemaVersion: 1 },
});

describe('importBatches', () => {
  it('packs events into appends under the limit, each expecting the revision the previous one ends at', () => {
    const events = [0, 1, 2, 3, 4].map((r) => event(r, 400));
    const one = appendSize([{ ...events[0] }]);
    const batches = importBatches(events, one * 2);
    expect(batches.map((b) => [b.expected, b.events.map((e) => e.eventId)])).toEqual([
      ['no_stream', ['e0', 'e1']],
      [1, ['e2', 'e3']],
      [3, ['e4']],
    ]);
    for (const b of batches) expect(appendSize(b.events)).toBeLessThanOrEqual(one * 2);
  });

  it('continues a stream from the revision before its first event, in one append when it fits', () => {
    expect(importBatches([event(7, 10), event(8, 10)], 1024 * 1024)).toEqual([{ expected: 6, events: expect.any(Array) }]);
  });

  it('refuses an event that alone is over the limit, naming it', () => {
    const run = () => importBatches([event(0, 10), event(1, 5000)], 2048);
    expect(run).toThrow(UsageError);
    expect(run).toThrow(/^thread-t#1 \(DocumentAttached\) is \d+ bytes, over the 2048-byte limit of one append/);
  });
});
