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
import { checkAppendSize, serializeEvents } from '../append-size';
import { appendWithRetry } from './esdb-append';
import { fromEsdbEvent } from './esdb-mapping';
import { DeletedStreams } from './esdb-deleted-streams';
import { esdbIdentity } from './esdb-identity';
import { findHeadPosition, HeadScan, readAllPaged } from './esdb-reads';
import { esdbSubscription } from './esdb-subscription';

interface ConnectOptions {
  prefixes: readonly string[];
  deletionsStream?: string;
  /** The most bytes of event data one append may carry: the server's MaxAppendSize (default 1 MiB). */
  maxAppendSize?: number;
  log?: (m: string) => void;
}

/** The production event store: EventStoreDB / KurrentDB through the official gRPC client. */
export class EventStoreDbEventStore implements EventStore {
  private readonly deleted: DeletedStreams;
  private lastHeadScan: HeadScan = {};

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefixes: readonly string[],
    deletionsStream: string | undefined,
    private readonly log: (message: string) => void,
    private readonly maxAppendSize: number | undefined,
  ) {
    this.deleted = new DeletedStreams(client, deletionsStream);
  }

  /**
   * Connects and checks the server answers; throws with a message naming what failed. `prefixes` are the
   * application's streams: reads of the global log and subscriptions see those only (no system events, no
   * other applications' streams); the caller owns the stream names, this adapter restates none.
   * `deletionsStream` is where the application records removed streams (`data.streams` of each event) before
   * removing them: global reads and subscriptions of every process then skip their events, which EventStoreDB
   * keeps in `$all` until a scavenge.
   */
  static async connect(url: string, options: ConnectOptions): Promise<EventStoreDbEventStore> {
    const client = EventStoreDBClient.connectionString(url);
    const store = new EventStoreDbEventStore(
      client,
      options.prefixes,
      options.deletionsStream,
      options.log ?? console.error,
      options.maxAppendSize,
    );
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
    checkAppendSize(streamId, serializeEvents(events), this.maxAppendSize);
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
    return readAllPaged(this.client, this.prefixes, this.deleted, options);
  }

  subscribeToAll(options: SubscribeOptions): AsyncIterable<RecordedEvent[]> {
    return esdbSubscription(this.client, this.prefixes, this.deleted, this.log, options);
  }

  /** A tombstone: a soft-deleted stream would continue its revisions if written again. */
  async deleteStream(streamId: string): Promise<void> {
    try {
      await this.client.tombstoneStream(streamId);
    } catch (error) {
      if (!(error instanceof StreamNotFoundError) && !(error instanceof StreamDeletedError)) throw error;
    }
    this.deleted.add(streamId);
  }

  /** Pages back only through what was appended since the last lookup, so frequent callers (/health) never walk the log again. */
  async headPosition(): Promise<Position | undefined> {
    this.lastHeadScan = await findHeadPosition(this.client, this.prefixes, this.deleted, this.lastHeadScan);
    return this.lastHeadScan.head?.position;
  }

  async identity(): Promise<string> {
    return esdbIdentity(this.client);
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
