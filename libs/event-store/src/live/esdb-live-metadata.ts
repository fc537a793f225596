import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  jsonEvent,
  NO_STREAM,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';

/** A live stream's metadata as stored: the server's truncateBefore and maxAge, and the runs of a deleted thread it held. */
export interface LiveStreamMetadata {
  $tb?: number;
  $maxAge?: number;
  deadRuns?: string[];
  [key: string]: unknown;
}

/**
 * Rewrites a live stream's metadata with `change` applied to what is there (null: nothing to change). Written only on
 * top of what was read: a concurrent writer (expiry and a deletion in other processes) makes it read and apply again,
 * so neither loses the other's truncation or dead runs. Written to the `$$` stream directly: this client's
 * getStreamMetadata returns a commit position as the metadata's revision, useless as an expected revision.
 */
export async function updateLiveMetadata(
  client: EventStoreDBClient,
  stream: string,
  change: (metadata: LiveStreamMetadata) => LiveStreamMetadata | null,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { metadata, revision } = await readLiveMetadata(client, stream);
    const next = change(metadata);
    if (!next) return;
    try {
      await client.appendToStream(`$$${stream}`, jsonEvent({ type: '$metadata', data: next }), { expectedRevision: revision });
      return;
    } catch (error) {
      if (!(error instanceof WrongExpectedVersionError) || attempt >= 10) throw error;
    }
  }
}

export async function readLiveMetadata(
  client: EventStoreDBClient,
  stream: string,
): Promise<{ metadata: LiveStreamMetadata; revision: bigint | typeof NO_STREAM }> {
  const read = client.readStream(`$$${stream}`, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
  try {
    for await (const { event } of read) if (event) return { metadata: (event.data ?? {}) as LiveStreamMetadata, revision: event.revision };
  } catch (error) {
    if (!(error instanceof StreamNotFoundError) && !(error instanceof StreamDeletedError)) throw error;
  } finally {
    await read.cancel();
  }
  return { metadata: {}, revision: NO_STREAM };
}
