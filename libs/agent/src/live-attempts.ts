import { LiveRecordStore } from '@forkline/event-store';

/** How far back the attempt lookup pages through a thread's records (a run's records are its thread's newest). */
const LOOKUP_PAGE = 500;
/** The first page is small: usually its newest record is the previous run's end, which settles it (a new run's first attempt). */
const FIRST_PAGE = 8;

/**
 * The attempt number of the run's newest run_started record, 0 if none. The run's records are the thread's newest,
 * so the lookup pages back from the end and stops at the first record of another run.
 */
export async function lastStoredAttempt(store: LiveRecordStore, threadId: string, runId: string): Promise<number> {
  let page = await store.readLatest(threadId, FIRST_PAGE);
  while (page.length > 0) {
    for (const record of page) {
      if (record.runId !== runId) return 0;
      if (record.type === 'run_started') return Number(record.data.attempt) || 0;
    }
    const oldest = page[page.length - 1].seq;
    if (oldest <= 0) return 0;
    const from = Math.max(-1, oldest - 1 - LOOKUP_PAGE);
    // Expired seqs leave gaps: what comes back from `oldest` on was seen already.
    page = (await store.read(threadId, from, oldest - 1 - from)).filter((r) => r.seq < oldest).reverse();
  }
  return 0;
}
