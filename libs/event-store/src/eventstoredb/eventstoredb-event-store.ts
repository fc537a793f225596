import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamDeletedError, StreamNotFoundError } from '@eventstore/db-client';
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
import { appendWithRetry } from './esdb-append';
import { fromEsdbEvent } from './esdb-mapping';
import { findHeadPosition, Keep, readAllPaged } from './esdb-reads';
import { esdbSubscription } from './esdb-subscription';

/** The production event store: EventStoreDB / KurrentDB through the official gRPC client. */
export class EventStoreDbEventStore implements EventStore {
  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefixes: readonly string[],
    private readonly log: (message: string) => void,
  ) {}

  private readonly keep: Keep = () => true;

  /**
   * Connects and checks the server answers; throws with a message naming what failed. `prefixes` are the
   * application's streams: reads of the global log and subscriptions see those only (no system events, no
   * other applications' streams); the caller owns the stream names, this adapter restates none.
   */
  static async connect(url: string, options: { prefixes: readonly string[]; log?: (m: string) => void }): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(url);
    const store = new EventStoreDbEventStore(client, options.prefixes, options.log ?? console.error);
    const probe = client.readAll({ maxCount: 1, direction: BACKWARDS, fromPosition: END });
    try {
      for await (const _ of probe) break;
    } catch (error) {
      await client.dispose();
      throw error;
    } finally {
      await probe.cancel();
    }
    return store;
  }

  async append(streamId: string, events: NewEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const readTail = (stream: string, count: number) => this.readStream(stream, { direction: 'backwards', limit: count });
    return appendWithRetry(this.client, readTail, this.log, streamId, events, expected);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const events: RecordedEvent[] = [];
    const read = this.client.readStream(streamId, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision === undefined ? (backwards ? END : START) : BigInt(options.fromRevision),
      ...(options.limit !== undefined && { maxCount: options.limit }),
    });
    try {
      for await (const resolved of read) {
        const event = fromEsdbEvent(resolved.event as never, [streamId]);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw error;
    } finally {
      await read.cancel();
    }
    return events;
  }

  readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return readAllPaged(this.client, this.prefixes, this.keep, options);
  }

  subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    return esdbSubscription(this.client, this.prefixes, this.keep, this.log, options);
  }

  /** A tombstone: a soft-deleted stream would continue its revisions if written again. */
  async deleteStream(streamId: string): Promise<void> {
    try {
      await this.client.tombstoneStream(streamId);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError) && !(error instanceof StreamDeletedError)) throw error;
    }
  }

  headPosition(): Promise<Position | undefined> {
    return findHeadPosition(this.client, this.prefixes, this.keep);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
