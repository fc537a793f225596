import { at, checkpointSaved } from '../sample-conversation';
import { threadSizesProjector } from './thread-sizes.projector';

describe('thread-sizes projector', () => {
  const size = (data: unknown) => Buffer.byteLength(JSON.stringify(data));

  it("counts each event's data against the thread, and the thread against its owner", () => {
    const created = { threadId: 'a', ownerId: 'u1', eventNumber: 0 };
    expect(threadSizesProjector.project(at(1, { type: 'ThreadCreated', data: created }))).toEqual([
      { table: 'thread_sizes', position: 1n, upsert: { thread_id: 'a', owner_id: 'u1', bytes: size(created) } },
    ]);
    const message = { threadId: 'a', messageId: 'm1', content: 'héllo', eventNumber: 1 };
    expect(threadSizesProjector.project(at(2, { type: 'UserMessageAdded', data: message }))).toEqual([
      { table: 'thread_sizes', position: 2n, upsert: { thread_id: 'a' }, increment: { bytes: size(message) } },
    ]);
    const forked = { threadId: 'b', ownerId: 'u1', sourceThreadId: 'a', fromEventNumber: 1, eventNumber: 2, unanswered: [] };
    expect(threadSizesProjector.project(at(3, { type: 'ThreadForked', data: forked }))).toEqual([
      { table: 'thread_sizes', position: 3n, upsert: { thread_id: 'b', owner_id: 'u1', bytes: size(forked) } },
    ]);
  });

  it("frees a deleted thread's bytes and leaves checkpoints out", () => {
    expect(threadSizesProjector.project(at(4, { type: 'ThreadDeleted', data: { threadId: 'a', eventNumber: 2 } }))).toEqual([
      { table: 'thread_sizes', position: 4n, delete: { thread_id: 'a' } },
    ]);
    expect(threadSizesProjector.project(at(5, checkpointSaved('a', 'cp1', 1)))).toEqual([]);
  });
});
