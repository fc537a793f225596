import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  jsonEvent,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  streamNameFilter,
} from '@eventstore/db-client';
import {
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
} from '../event-store.port';
import { fromEsdbEvent, toEsdbExpected, toPortError } from './esdb-mapping';
import { decodePosition, encodePosition } from './esdb-position';
import { esdbIdentity } from './esdb-identity';

const MAX_BACKOFF_MS = 5000;

/** The production event store: EventStoreDB / KurrentDB through the official gRPC client. */
export class EventStoreDbEventStore implements EventStore {
  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefixes: readonly string[],
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Connects and checks the server answers; throws with a message naming what failed. `prefixes` are the
   * application's streams: reads of the global log and subscriptions see those only (no system events, no
   * other applications' streams); the caller owns the stream names, this adapter restates none.
   */
  static async connect(url: string, options: { prefixes: readonly string[]; log?: (m: string) => void }): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(url);
    const store = new EventStoreDbEventStore(client, options.prefixes, options.log ?? console.error);
    for await (const _ of client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END })) break;
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    try {
      const data = events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data as never, metadata: e.metadata as never }));
      const result = await this.client.appendToStream(streamId, data, { expectedRevision: toEsdbExpected(expected) });
      return { nextRevision: Number(result.nextExpectedRevision), position: result.position ? encodePosition(result.position) : 0n };
    } catch (error) {
      throw toPortError(streamId, expected, error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
        ...(options.limit !== undefined && { maxCount: options.limit }),
      });
      for await (const resolved of read) {
        const event = fromEsdbEvent(resolved.event as never, [streamId]);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw error;
    }
    return events;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
    const events: RecordedEvent[] = [];
    const read = this.client.readAll({
      direction: FORWARDS,
      fromPosition: options.after === undefined ? START : decodePosition(options.after),
    });
    for await (const resolved of read) {
      const event = fromEsdbEvent(resolved.event as never, this.prefixes);
      if (!event || (options.after !== undefined && event.position <= options.after)) continue;
      events.push(event);
      if (events.length >= limit) break;
    }
    return events;
  }

  /** Catch-up then live, filtered on the server; on a dropped connection it resubscribes after the last event it handed out. */
  async *subscribeToAll({ after, signal }: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    let cursor = after;
    let backoff = 100;
    while (!signal.aborted) {
      const subscription = this.client.subscribeToAll({
        fromPosition: cursor === undefined ? START : decodePosition(cursor),
        filter: streamNameFilter({ prefixes: [...this.prefixes] }),
      });
      const stop = () => void subscription.unsubscribe();
      signal.addEventListener('abort', stop, { once: true });
      try {
        for await (const resolved of subscription) {
          const event = fromEsdbEvent(resolved.event as never, this.prefixes);
          if (!event || (cursor !== undefined && event.position <= cursor)) continue;
          cursor = event.position;
          backoff = 100;
          yield [event];
        }
      } catch (error) {
        if (signal.aborted) return;
        this.log(`EventStoreDB subscription dropped after position ${cursor}: ${error}; resubscribing in ${backoff} ms`);
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      } finally {
        signal.removeEventListener('abort', stop);
      }
    }
  }

  /** A tombstone: a soft-deleted stream would continue its revisions if written again. */
  async deleteStream(streamId: string): Promise<void> {
    try {
      await this.client.tombstoneStream(streamId);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError) && !(error instanceof StreamDeletedError)) throw error;
    }
  }

  async headPosition(): Promise<Position | undefined> {
    for await (const resolved of this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 500 })) {
      const event = fromEsdbEvent(resolved.event as never, this.prefixes);
      if (event) return event.position;
    }
    return undefined;
  }

  async identity(): Promise<string> {
    return esdbIdentity(this.client);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
