import { BACKWARDS, END, EventStoreDBClient, FORWARDS, START, StreamDeletedError, StreamNotFoundError } from '@eventstore/db-client';
import { pause } from '../pause';
import { LiveRecord, LiveRecordStore, LiveRecordType, NewLiveRecord } from './live-records.port';
import { EsdbLiveWriter } from './esdb-live-writer';

interface EsdbLiveEvent {
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
}

const MAX_BACKOFF_MS = 5000;
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
  async *follow(threadId: string, after: number, signal: AbortSignal): AsyncIterable<LiveRecord[]> {
    let cursor = after;
    let backoff = 100;
    signal = AbortSignal.any([signal, this.closing.signal]);
    while (!signal.aborted) {
      const subscription = this.client.subscribeToStream(this.stream(threadId), { fromRevision: cursor < 0 ? START : BigInt(cursor) });
      const stop = () => void subscription.unsubscribe();
      signal.addEventListener('abort', stop, { once: true });
      try {
        let batch: LiveRecord[] = [];
        for await (const resolved of subscription) {
          const record = toRecord(threadId, resolved.event as EsdbLiveEvent | undefined);
          if (record && record.seq > cursor) batch.push(record);
          if (batch.length > 0 && (batch.length >= 500 || subscription.readableLength === 0)) {
            const out = batch;
            batch = [];
            cursor = out[out.length - 1].seq;
            backoff = 100;
            yield out;
          }
        }
        if (signal.aborted) return;
        throw new Error('the server ended the subscription');
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof StreamDeletedError) return;
        this.log(`EventStoreDB live records of thread ${threadId}: subscription dropped after ${cursor}: ${error}; resubscribing`);
      } finally {
        signal.removeEventListener('abort', stop);
        await subscription.unsubscribe();
      }
      await pause(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
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

function toRecord(threadId: string, event: EsdbLiveEvent | undefined): LiveRecord | null {
  if (!event || event.type.startsWith('$')) return null;
  const { runId, at } = (event.metadata ?? {}) as { runId?: string; at?: string };
  if (typeof runId !== 'string' || typeof at !== 'string') return null;
  const data = event.data as Record<string, unknown>;
  return { threadId, seq: Number(event.revision), runId, type: event.type as LiveRecordType, data, at };
}
