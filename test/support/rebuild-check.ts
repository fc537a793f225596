import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EventStore } from '@forkline/event-store';
import { READ_MODEL_PROJECTORS, READ_MODEL_TABLES, ReadStore, rebuildReadModels, SqliteReadStore } from '@forkline/read-models';
import { eventually } from './test-app';

/** The work lists are consumed as the work is done: a rebuild refills them, so they are not compared. */
const COMPARED = Object.keys(READ_MODEL_TABLES).filter((n) => n !== 'agent_inbox' && n !== 'pending_deletions');

/**
 * Every read model `served` holds, and what a rebuild of `log` into a fresh store gives: `served` is waited for (up to
 * `waitMs`), as its projector may still be applying the last events. The caller compares the two.
 */
export async function servedAndRebuilt(log: EventStore, served: ReadStore, waitMs = 15_000) {
  const dir = mkdtempSync(join(tmpdir(), 'fl-rebuild-'));
  const rebuilt = new SqliteReadStore(join(dir, 'read-models.db'));
  try {
    await rebuildReadModels(log, rebuilt, READ_MODEL_PROJECTORS);
    const dumps = (store: ReadStore) => Promise.all(COMPARED.map(async (table) => ({ table, rows: await store.dump(table) })));
    const expected = await dumps(rebuilt);
    const got = await eventually(
      () => dumps(served),
      (rows) => JSON.stringify(rows) === JSON.stringify(expected),
      waitMs,
    ).catch(() => dumps(served));
    return { served: got, rebuilt: expected };
  } finally {
    await rebuilt.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
