import { LiveRecord, LiveRecordStore } from '@forkline/event-store';

/** How long a run whose end is durable may still take to write its last live record before the stream ends without it. */
export const LAST_RECORD_GRACE_MS = 15_000;
const PAGE = 500;

/** What the thread's kept live records after `after` hold of one run. */
export interface KeptRecords {
  recorded: boolean;
  started: boolean;
  ended: LiveRecord | undefined;
  /** The last seq looked at. */
  last: number;
}

/** The run's kept records after `after`, read a page at a time until its `run_ended` or the last record. */
export async function keptRecords(live: LiveRecordStore, threadId: string, runId: string, after: number): Promise<KeptRecords> {
  const found: KeptRecords = { recorded: false, started: false, ended: undefined, last: after };
  for (;;) {
    const page = await live.read(threadId, found.last, PAGE);
    for (const r of page) {
      if (r.runId !== runId) continue;
      found.recorded = true;
      found.started ||= r.type === 'run_started';
      if (r.type === 'run_ended') return { ...found, ended: r };
    }
    if (page.length > 0) found.last = page[page.length - 1].seq;
    if (page.length < PAGE) return found;
  }
}

/**
 * A run whose end is durable and none of whose records were kept ends without them when it never started (stopped
 * while queued, its message deleted) or ended long enough ago that they expired. Otherwise its last records are on
 * their way and are waited for (LAST_RECORD_GRACE_MS): a worker that died after the durable end never writes them.
 */
export const noRecordsComing = (recorded: boolean, started: boolean, endedAt: string | null | undefined): boolean =>
  !recorded && (!started || Date.now() - Date.parse(endedAt ?? '') > LAST_RECORD_GRACE_MS);
