import { runIdFor } from '@forkline/domain';

/**
 * runIdFor with the ids of recent runs kept: every event of a run names it (five a turn), and each id is a SHA-1.
 * Bounded: once `capacity` ids are kept it starts over, so memory never grows with the number of runs.
 */
export class RecentRunIds {
  private readonly ids = new Map<string, string>();

  constructor(private readonly capacity = 4096) {}

  of(threadId: string, messageId: string): string {
    // The key is runIdFor's own name for the run: two keys are equal exactly when their ids are.
    const name = `${threadId}:${messageId}`;
    let id = this.ids.get(name);
    if (id === undefined) {
      if (this.ids.size >= this.capacity) this.ids.clear();
      this.ids.set(name, (id = runIdFor(threadId, messageId)));
    }
    return id;
  }

  get size(): number {
    return this.ids.size;
  }
}
