import { EventStoreDBClient, START, StreamDeletedError } from '@eventstore/db-client';
import { pause } from '../pause';
import { LiveRecord, LiveRecordType } from './live-records.port';

export interface EsdbLiveEvent {
  streamId: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata?: unknown;
}

const MAX_BACKOFF_MS = 5000;

/** Catch-up then live on one live stream; a dropped subscription resubscribes after the last record handed out. */
export async function* followLiveStream(
  client: EventStoreDBClient,
  stream: string,
  threadId: string,
  after: number,
  signal: AbortSignal,
  log: (message: string) => void,
): AsyncIterable<LiveRecord[]> {
  let cursor = after;
  let backoff = 100;
  while (!signal.aborted) {
    const subscription = client.subscribeToStream(stream, { fromRevision: cursor < 0 ? START : BigInt(cursor) });
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
      log(`EventStoreDB live records of thread ${threadId}: subscription dropped after ${cursor}: ${error}; resubscribing`);
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.unsubscribe();
    }
    await pause(backoff, signal);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}

/** A live record, or null for what is not one (a deletion marker, a system event). */
export function toRecord(threadId: string, event: EsdbLiveEvent | undefined): LiveRecord | null {
  if (!event || event.type.startsWith('$')) return null;
  const { runId, at } = (event.metadata ?? {}) as { runId?: string; at?: string };
  if (typeof runId !== 'string' || typeof at !== 'string') return null;
  const data = event.data as Record<string, unknown>;
  return { threadId, seq: Number(event.revision), runId, type: event.type as LiveRecordType, data, at };
}
