import { EventStoreDBClient, START, streamNameFilter } from '@eventstore/db-client';
import { RecordedEvent, SubscribeOptions } from '../event-store.port';
import { fromEsdbEvent } from './esdb-mapping';
import { decodePosition } from './esdb-position';
import { Deletions } from './esdb-reads';
import { pause } from '../pause';

const MAX_BACKOFF_MS = 5000;
const DEFAULT_BATCH_SIZE = 500;

/** A consumer's error rethrown from the `yield`: it is the caller's to handle, never a dropped subscription. */
class ConsumerFailed {
  constructor(readonly error: unknown) {}
}

/**
 * Catch-up then live, filtered on the server by stream prefix; hands over what the client has buffered, up to
 * `batchSize` at once, so a busy log is applied in batches rather than one event per transaction. On a dropped
 * connection it resubscribes after the last event it handed out. Every exit (abort, drop, the consumer leaving
 * or throwing) unsubscribes: a subscription ends only through `unsubscribe()`, `dispose()` or a server error.
 */
export async function* esdbSubscription(
  client: EventStoreDBClient,
  prefixes: readonly string[],
  deletions: Deletions,
  log: (message: string) => void,
  { after, signal, batchSize = DEFAULT_BATCH_SIZE }: SubscribeOptions,
): AsyncIterable<RecordedEvent[]> {
  let cursor = after;
  let backoff = 100;
  while (!signal.aborted) {
    try {
      await deletions.refresh();
    } catch (error) {
      log(`EventStoreDB deletions could not be read: ${error}; retrying in ${backoff} ms`);
      await pause(backoff, signal);
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      continue;
    }
    const subscription = client.subscribeToAll(
      { fromPosition: cursor === undefined ? START : decodePosition(cursor), filter: streamNameFilter({ prefixes: [...prefixes] }) },
      { highWaterMark: batchSize },
    );
    const stop = () => void subscription.unsubscribe();
    signal.addEventListener('abort', stop, { once: true });
    try {
      let batch: RecordedEvent[] = [];
      for await (const resolved of subscription) {
        deletions.note(resolved.event as never);
        const event = fromEsdbEvent(resolved.event as never, prefixes);
        if (event && (cursor === undefined || event.position > cursor) && deletions.keeps(event)) batch.push(event);
        if (batch.length >= batchSize || (batch.length > 0 && subscription.readableLength === 0)) {
          const out = batch;
          batch = [];
          cursor = out[out.length - 1].position;
          backoff = 100;
          try {
            yield out;
          } catch (error) {
            throw new ConsumerFailed(error);
          }
        }
      }
      if (signal.aborted) return;
      throw new Error('the server ended the subscription');
    } catch (error) {
      if (error instanceof ConsumerFailed) throw error.error;
      if (signal.aborted) return;
      log(`EventStoreDB subscription dropped after position ${cursor}: ${error}; resubscribing in ${backoff} ms`);
    } finally {
      signal.removeEventListener('abort', stop);
      await subscription.unsubscribe();
    }
    await pause(backoff, signal);
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  }
}
