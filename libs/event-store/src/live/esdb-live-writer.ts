import { ANY, EventStoreDBClient, jsonEvent, NO_STREAM, WrongExpectedVersionError } from '@eventstore/db-client';
import { LiveRecord, NewLiveRecord } from './live-records.port';
import { LiveStreamMetadata, readLiveMetadata, updateLiveMetadata } from './esdb-live-metadata';

/** What this process knows of a thread's live stream: the revision it last wrote, and the runs it must refuse. */
interface Head {
  revision: bigint | typeof NO_STREAM;
  dead: Set<string>;
}

/** Threads whose head is remembered; past this the oldest are forgotten (and looked up again if written again). */
const MAX_HEADS = 10_000;
/** The event that ends a deleted thread's records: any append begun before it fails and looks at the dead runs again. */
export const THREAD_DELETED_MARKER = 'live_thread_deleted';

/**
 * Writes live streams so that a deleted thread's runs stay refused: each append names the revision it expects, and
 * a deletion first lists the thread's runs as dead in the stream's metadata, then appends a marker. An append begun
 * before the deletion fails on the marker's revision and reads the dead runs; one after it reads them first.
 */
export class EsdbLiveWriter {
  private readonly heads = new Map<string, Head>();

  constructor(
    private readonly client: EventStoreDBClient,
    /** The `$maxAge` (seconds) every live stream gets: the server expires its records. */
    private readonly maxAgeSeconds: number,
    private readonly log: (message: string) => void,
  ) {}

  async append(stream: string, threadId: string, records: NewLiveRecord[]): Promise<LiveRecord[]> {
    // A stream never written starts at NO_STREAM; any other answer names the revision to look at.
    let head = this.heads.get(stream) ?? { revision: NO_STREAM, dead: new Set<string>() };
    for (let attempt = 1; ; attempt++) {
      const kept = records.filter((r) => !head.dead.has(r.runId));
      if (kept.length === 0) return [];
      const at = new Date().toISOString();
      const events = kept.map((r) => jsonEvent({ type: r.type, data: r.data as never, metadata: { runId: r.runId, at } }));
      try {
        const result = await this.client.appendToStream(stream, events, { expectedRevision: head.revision });
        this.remember(stream, { revision: result.nextExpectedRevision, dead: head.dead });
        if (head.revision === NO_STREAM) await this.keepFor(stream, {}); // a new stream
        const first = Number(result.nextExpectedRevision) - kept.length + 1;
        return kept.map((r, i) => ({ ...r, threadId, seq: first + i, at }));
      } catch (error) {
        this.heads.delete(stream);
        if (!(error instanceof WrongExpectedVersionError) || attempt >= 10) throw error;
        // The revision first, the dead runs after: a deletion lists them before its marker moves the revision.
        const { metadata } = await readLiveMetadata(this.client, stream);
        head = { revision: error.actualVersion, dead: new Set(metadata.deadRuns ?? []) };
        await this.keepFor(stream, metadata); // a stream from before its $maxAge was set, or set otherwise
      }
    }
  }

  /** Lists `runIds` as dead, then ends the thread's records with a marker and hides everything up to it. */
  async delete(stream: string, runIds: Iterable<string>): Promise<void> {
    const dead = [...runIds];
    if (dead.length === 0) return; // no run wrote to it or may still: nothing to hide or refuse
    await updateLiveMetadata(this.client, stream, (m) => ({ ...m, deadRuns: [...new Set([...(m.deadRuns ?? []), ...dead])] }));
    const marker = await this.client.appendToStream(stream, jsonEvent({ type: THREAD_DELETED_MARKER, data: {} }), {
      expectedRevision: ANY,
    });
    const end = Number(marker.nextExpectedRevision);
    await updateLiveMetadata(this.client, stream, (m) => ((m.$tb ?? 0) >= end ? null : { ...m, $tb: end }));
    this.heads.delete(stream);
  }

  /** Sets the stream's `$maxAge` if `known` (its metadata) lacks it; a failure is logged, the records are stored. */
  private async keepFor(stream: string, known: LiveStreamMetadata): Promise<void> {
    if (known.$maxAge === this.maxAgeSeconds) return;
    try {
      await updateLiveMetadata(this.client, stream, (m) =>
        m.$maxAge === this.maxAgeSeconds ? null : { ...m, $maxAge: this.maxAgeSeconds },
      );
    } catch (error) {
      this.log(`EventStoreDB live records: could not set the $maxAge of ${stream}: ${error}`);
    }
  }

  private remember(stream: string, head: Head): void {
    this.heads.delete(stream);
    this.heads.set(stream, head);
    if (this.heads.size > MAX_HEADS) this.heads.delete(this.heads.keys().next().value!);
  }
}
