import { validate } from '@langchain/langgraph-checkpoint-validation';
import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { SqliteEventStore } from '@forkline/event-store';
import { EventSourcedCheckpointSaver } from './event-sourced-checkpoint-saver';

// One case of the suite calls vitest's expect.soft, which jest lacks (LangGraph's MemorySaver fails that
// case under jest for this reason alone). Under jest a soft expectation is an ordinary one.
(expect as unknown as { soft: typeof expect }).soft ??= expect;

/** LangGraph's own checkpointer conformance suite, against our saver on the embedded event store. */
const stores: SqliteEventStore[] = [];
validate({
  checkpointerName: 'EventSourcedCheckpointSaver (sqlite)',
  createCheckpointer() {
    const store = new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-conformance-')), 'events.db'));
    stores.push(store);
    return new EventSourcedCheckpointSaver(store);
  },
  async afterAll() {
    await Promise.all(stores.map((s) => s.close()));
  },
});
