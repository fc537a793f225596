import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamDeletedError, StreamNotFoundError } from '@eventstore/db-client';
import { LiveRecord, LiveRecordStore, NewLiveRecord } from './live-records.port';
import { EsdbLiveEvent, followLiveStream, toRecord } from './esdb-live-follow';
import { EsdbLiveWriter } from './esdb-live-writer';

/**
 * `$maxAge` counts from each record's write, not from its run's end: a record is kept RUN_STREAM_RETENTION plus this
 * margin, so a run's first records outlive its end by the retention unless the run lasted longer than the margin.
 */
export const LONGEST_RUN_MS = 3_600_000;

/**
 * Live run records on EventStoreDB: one stream per thread (`<prefix><threadId>`, outside the prefixes the projections
 * subscribe to), seq = stream revision, followers on subscribeToStream, expiry by the server (each stream's `$maxAge`,
 * so no process reads `$all` for it). Each record's `at` (the writer's clock) is kept in its metadata. A deleted
 * thread's stream goes on (seqs are never reused) with its records hidden and its runs refused (see EsdbLiveWriter).
 */
export class EsdbLiveRecordStore implements LiveRecordStore {
  private readonly writer: EsdbLiveWriter;
  /** Closing ends every follower instead of letting it resubscribe on a disposed client. */
  private readonly closing = new AbortController();

  private constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
    retentionMs: number,
    private readonly log: (message: string) => void,
  ) {
    this.writer = new EsdbLiveWriter(client, Math.ceil((retentionMs + LONGEST_RUN_MS) / 1000), log);
  }

  /** `retentionMs`: RUN_STREAM_RETENTION; every live stream keeps its records that long after the longest run. */
  static async connect(
    url: string,
    options: { prefix: string; retentionMs: number; log?: (message: string) => void },
  ): Promise<EsdbLiveRecordStore> {
    const client = EventStoreDBClient.connectionString(url);
    return new EsdbLiveRecordStore(client, options.prefix, options.retentionMs, options.log ?? console.error);
  }

  async append(threadId: string, records: NewLiveRecord[]): Promise<LiveRecord[]> {
    if (records.length === 0) return [];
    return this.writer.append(this.stream(threadId), threadId, records);
  }

  async read(threadId: string, after: number, limit?: number): Promise<LiveRecord[]> {
    if (limit === 0) return [];
    const fromRevision = after < 0 ? START : BigInt(after + 1);
    return this.readStream(threadId, { direction: FORWARDS, fromRevision }, limit);
  }

  async readLatest(threadId: string, limit: number): Promise<LiveRecord[]> {
    if (limit <= 0) return [];
    return this.readStream(threadId, { direction: BACKWARDS, fromRevision: END }, limit);
  }

  /** Catch-up then live; a dropped subscription resubscribes after the last record handed out. */
  follow(threadId: string, after: number, signal: AbortSignal): AsyncIterable<LiveRecord[]> {
    return followLiveStream(this.client, this.stream(threadId), threadId, after, AbortSignal.any([signal, this.closing.signal]), this.log);
  }

  /** The server expires live records itself (each stream's `$maxAge`): nothing to do here. */
  async expire(): Promise<number> {
    return 0;
  }

  async deleteThread(threadId: string, runIds: string[] = []): Promise<void> {
    const seen = (await this.read(threadId, -1)).map((r) => r.runId);
    await this.writer.delete(this.stream(threadId), new Set([...seen, ...runIds]));
  }

  /** Hides every record before it, also those of runs not named: the stream has one truncation point. */
  async deleteRuns(threadId: string, runIds: string[]): Promise<void> {
    await this.writer.delete(this.stream(threadId), new Set(runIds));
  }

  async close(): Promise<void> {
    if (this.closing.signal.aborted) return;
    this.closing.abort();
    await this.client.dispose();
  }

  private stream(threadId: string): string {
    return `${this.prefix}${threadId}`;
  }

  /** Reads until `limit` records: the server's maxCount would count a deletion marker as one. */
  private async readStream(
    threadId: string,
    options: Parameters<EventStoreDBClient['readStream']>[1],
    limit = Infinity,
  ): Promise<LiveRecord[]> {
    const records: LiveRecord[] = [];
    const read = this.client.readStream(this.stream(threadId), options);
    try {
      for await (const resolved of read) {
        const record = toRecord(threadId, resolved.event as EsdbLiveEvent | undefined);
        if (record) records.push(record);
        if (records.length >= limit) break;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError || error instanceof StreamDeletedError) return [];
      throw error;
    } finally {
      await read.cancel();
    }
    return records;
  }
}
