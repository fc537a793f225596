import { EventStoreDBClient, FORWARDS, StreamDeletedError, StreamNotFoundError } from '@eventstore/db-client';
import { RecordedEvent } from '../event-store.port';
import { Deletions, PAGE } from './esdb-reads';

/**
 * Which streams were deleted, so global reads and subscriptions skip their events: a tombstone hides a stream
 * from stream reads only, and its events stay in `$all` until a scavenge. Learnt from the deletions stream
 * (each record names the removed streams in `data.streams`, written before they are removed), from this
 * store's own deletions, and from tombstones met in `$all` (they come after the stream's events, so they only
 * help later reads). The deletions stream is read incrementally: each refresh reads only what is new.
 */
export class DeletedStreams implements Deletions {
  private readonly names = new Set<string>();
  private nextRevision = 0n;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly deletionsStream: string | undefined,
  ) {}

  readonly keeps = (event: RecordedEvent): boolean => !this.names.has(event.streamId);

  add(streamId: string): void {
    this.names.add(streamId);
  }

  /** Learns from a record met in `$all` or a subscription. */
  note(record: Parameters<Deletions['note']>[0]): void {
    if (!record) return;
    if (record.type === '$streamDeleted') this.add(record.streamId);
    else if (record.streamId === this.deletionsStream) this.learn(record.data);
  }

  /** Reads the deletion records written since the last refresh (by any process). */
  async refresh(): Promise<void> {
    if (!this.deletionsStream) return;
    for (;;) {
      const read = this.client.readStream(this.deletionsStream, { direction: FORWARDS, fromRevision: this.nextRevision, maxCount: PAGE });
      let seen = 0;
      try {
        for await (const resolved of read) {
          seen++;
          if (!resolved.event) continue;
          this.learn(resolved.event.data);
          this.nextRevision = resolved.event.revision + 1n;
        }
      } catch (error) {
        if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return;
        throw error;
      } finally {
        await read.cancel();
      }
      if (seen < PAGE) return;
    }
  }

  private learn(data: unknown): void {
    const streams = (data as { streams?: unknown } | null)?.streams;
    if (Array.isArray(streams)) for (const s of streams) if (typeof s === 'string') this.add(s);
  }
}
