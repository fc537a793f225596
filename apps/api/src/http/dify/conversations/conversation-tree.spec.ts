import { replyIdFor, runIdFor } from '@forkline/domain';
import { BranchView, MessageView, ReadStore } from '@forkline/read-models';
import { conversationPairs, placeAfter } from './conversation-tree';

/** A conversation's threads as the read store lists them: own messages and branches. */
function storeOf(messages: Record<string, Array<[number, 'user' | 'assistant', string]>>, branches: BranchView[]): ReadStore {
  let clock = 0;
  const rows = new Map<string, MessageView[]>();
  for (const [threadId, list] of Object.entries(messages)) {
    rows.set(
      threadId,
      list.map(([event_number, role, message_id]) => ({
        thread_id: threadId,
        event_number,
        role,
        message_id,
        content: message_id,
        created_at: new Date(Date.UTC(2026, 0, 1, 0, 0, clock++)).toISOString(),
        stopped: 0,
        metadata: null,
      })),
    );
  }
  return {
    listMessages: async (threadId: string) => rows.get(threadId) ?? [],
    listBranches: async (parent: string) => branches.filter((b) => b.parent_thread_id === parent),
  } as unknown as ReadStore;
}

const idOf = (threadId: string, messageId: string) => replyIdFor(runIdFor(threadId, messageId));
const answered = (threadId: string, at: number, messageId: string): Array<[number, 'user' | 'assistant', string]> => [
  [at, 'user', messageId],
  [at + 2, 'assistant', idOf(threadId, messageId)],
];

describe('conversationPairs', () => {
  it("pairs queries with their answers across a tree, a fork's first message following the source's last one at the fork point", async () => {
    const store = storeOf(
      {
        root: [...answered('root', 1, 'q1'), ...answered('root', 5, 'q2')],
        fork: answered('fork', 5, 'q2b'),
        deeper: answered('deeper', 9, 'q3'),
      },
      [
        { thread_id: 'fork', parent_thread_id: 'root', from_event_number: 4, created_at: '' },
        { thread_id: 'deeper', parent_thread_id: 'fork', from_event_number: 8, created_at: '' },
      ],
    );
    const pairs = await conversationPairs(store, 'root');
    expect(pairs.map((p) => [p.question.message_id, p.threadId, p.parentId, p.answer?.message_id])).toEqual([
      ['q1', 'root', null, idOf('root', 'q1')],
      ['q2', 'root', idOf('root', 'q1'), idOf('root', 'q2')],
      ['q2b', 'fork', idOf('root', 'q1'), idOf('fork', 'q2b')],
      ['q3', 'deeper', idOf('fork', 'q2b'), idOf('deeper', 'q3')],
    ]);
    // After q1 (followed by q2 in root): a fork before q2. After q2 (the tip of root): root itself.
    expect(placeAfter(pairs, pairs[0])).toEqual({ forkOf: 'root', atEventNumber: 4 });
    expect(placeAfter(pairs, pairs[1])).toEqual({ threadId: 'root' });
  });
});
