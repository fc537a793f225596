import { ConversationPinCommand } from './conversation-pin.decider';
import { InvalidCommand, ThreadNotFound } from './domain-errors';
import { decide } from './thread.decider';
import { foldThread } from './thread.state';

const root = foldThread([
  { type: 'ThreadCreated', data: { threadId: 't', ownerId: 'u', eventNumber: 0 } },
  { type: 'ThreadUpdated', data: { threadId: 't', name: 'n', eventNumber: 1 } },
]);
const fork = foldThread([
  { type: 'ThreadForked', data: { threadId: 'f', ownerId: 'u', sourceThreadId: 't', fromEventNumber: 3, eventNumber: 4, unanswered: [] } },
]);
const command = (changes: Partial<ConversationPinCommand> = {}): ConversationPinCommand => ({
  type: 'PinConversation',
  threadId: 't',
  userId: 'u',
  agentId: 'g',
  endUserId: 'e',
  pinned: false,
  ...changes,
});

describe('the thread decider on pins', () => {
  it('pins an unpinned conversation and unpins a pinned one, as the next event of its root thread', () => {
    const data = { threadId: 't', eventNumber: 2, agentId: 'g', endUserId: 'e' };
    expect(decide(command(), root)).toEqual([{ type: 'ConversationPinned', data }]);
    expect(decide(command({ type: 'UnpinConversation', pinned: true }), root)).toEqual([{ type: 'ConversationUnpinned', data }]);
  });

  it('writes nothing when the conversation already is as asked', () => {
    expect(decide(command({ pinned: true }), root)).toEqual([]);
    expect(decide(command({ type: 'UnpinConversation', pinned: false }), root)).toEqual([]);
  });

  it("reports another user's thread, or a missing one, as not found, and refuses a fork", () => {
    expect(() => decide(command({ userId: 'other' }), root)).toThrow(ThreadNotFound);
    expect(() => decide(command(), foldThread([]))).toThrow(ThreadNotFound);
    expect(() => decide(command({ threadId: 'f' }), fork)).toThrow(InvalidCommand);
  });
});
