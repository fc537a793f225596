import { BranchForked, threadStreamId } from '@forkline/domain';
import { EventStore } from './event-store.port';

/**
 * How long a listed branch whose thread is not there yet counts as alive: its fork is making it now. Past this the
 * fork is taken for crashed, so it blocks no delete for long; a fork merely slow to get there loses at BranchMade.
 */
export const FORK_IN_PROGRESS_MS = 10_000;

/**
 * The listed branches of `sourceThreadId` that are alive, read from their own streams: forked from this source and
 * not deleted, or still being made (forked under FORK_IN_PROGRESS_MS ago).
 */
export async function liveBranchIds(
  store: EventStore,
  sourceThreadId: string,
  branches: BranchForked['data'][],
  now: () => number = Date.now,
): Promise<string[]> {
  const alive = await Promise.all(
    branches.map(async ({ branchThreadId, forkedAt }) => {
      const stream = threadStreamId(branchThreadId);
      const [first] = await store.readStream(stream, { limit: 1 });
      if (!first) return now() - Date.parse(forkedAt) < FORK_IN_PROGRESS_MS;
      if (first.type !== 'ThreadForked' || (first.data as { sourceThreadId?: string }).sourceThreadId !== sourceThreadId) return false;
      const [last] = await store.readStream(stream, { direction: 'backwards', limit: 1 });
      return last?.type !== 'ThreadDeleted';
    }),
  );
  return branches.filter((_, i) => alive[i]).map((b) => b.branchThreadId);
}
