import { EventStoreDBClient, FORWARDS, Position, START } from '@eventstore/db-client';
import { updateLiveMetadata } from './esdb-live-metadata';

interface RunSpan {
  first: number;
  last: number;
  lastAt: number;
  count: number;
}

const PAGE = 1000;

/**
 * Expiry of live records on EventStoreDB: learns every thread's runs (their revisions and last write time) by reading
 * `$all` from where its previous pass stopped, then truncates each thread's stream before
 * its oldest run that is still wanted. The server hides truncated records at once and frees their space at the next
 * scavenge. What is learnt lives in memory: after a restart the first pass reads `$all` from the start again, once.
 */
export class EsdbLiveExpiry {
  private position: Position | typeof START = START;
  private readonly threads = new Map<string, Map<string, RunSpan>>();

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly prefix: string,
  ) {}

  async expire(retentionMs: number, now: Date): Promise<number> {
    await this.catchUp();
    const cutoff = now.getTime() - retentionMs;
    let removed = 0;
    for (const [threadId, runs] of [...this.threads]) {
      const spans = [...runs.entries()];
      const kept = spans.filter(([, s]) => s.lastAt >= cutoff);
      if (kept.length === spans.length) continue;
      // Runs of a thread are sequential: the wanted ones follow the expired ones, so one truncation point serves.
      const before = kept.length > 0 ? Math.min(...kept.map(([, s]) => s.first)) : Math.max(...spans.map(([, s]) => s.last)) + 1;
      const gone = spans.filter(([, s]) => s.lastAt < cutoff && s.last < before);
      removed += await this.truncate(threadId, before, gone);
      for (const [runId] of gone) runs.delete(runId);
      if (runs.size === 0) this.threads.delete(threadId);
    }
    return removed;
  }

  /** Sets the stream's truncateBefore (never lowering it); counts the records that were still visible. */
  private async truncate(threadId: string, before: number, gone: [string, RunSpan][]): Promise<number> {
    let current = 0;
    let raised = false;
    await updateLiveMetadata(this.client, `${this.prefix}${threadId}`, (metadata) => {
      current = metadata.$tb ?? 0;
      raised = current < before;
      return raised ? { ...metadata, $tb: before } : null;
    });
    return raised ? gone.filter(([, s]) => s.first >= current).reduce((sum, [, s]) => sum + s.count, 0) : 0;
  }

  /** Reads the live records appended since the previous pass, by any process. */
  private async catchUp(): Promise<void> {
    for (;;) {
      // This client cannot filter reads of $all on the server: the pages are filtered here.
      const read = this.client.readAll({ direction: FORWARDS, fromPosition: this.position, maxCount: PAGE });
      let seen = 0;
      try {
        for await (const resolved of read) {
          const event = resolved.event;
          if (!event) continue;
          // A read from P includes P: the record the previous page ended on comes again.
          if (this.position !== START && event.position.commit === this.position.commit && event.position.prepare === this.position.prepare)
            continue;
          seen++;
          this.position = event.position;
          if (event.streamId.startsWith(this.prefix) && !event.type.startsWith('$')) this.note(event);
        }
      } finally {
        await read.cancel();
      }
      if (seen === 0) return;
    }
  }

  private note(event: { streamId: string; revision: bigint; metadata?: unknown }): void {
    const { runId, at } = (event.metadata ?? {}) as { runId?: string; at?: string };
    if (typeof runId !== 'string' || typeof at !== 'string') return;
    const threadId = event.streamId.slice(this.prefix.length);
    const runs = this.threads.get(threadId) ?? new Map<string, RunSpan>();
    this.threads.set(threadId, runs);
    const revision = Number(event.revision);
    const span = runs.get(runId);
    if (span)
      Object.assign(span, { last: Math.max(span.last, revision), lastAt: Math.max(span.lastAt, Date.parse(at)), count: span.count + 1 });
    else runs.set(runId, { first: revision, last: revision, lastAt: Date.parse(at), count: 1 });
  }
}
