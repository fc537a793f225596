import { at, timeAt } from '../sample-conversation';
import { difyConversationsProjector } from './dify-conversations.projector';

const message = (threadId: string, metadata?: Record<string, unknown>) =>
  ({ type: 'UserMessageAdded', data: { threadId, messageId: 'm', content: 'hi', eventNumber: 2, metadata } }) as const;
const tag = { conversation_id: 'c1', agent_id: 'ag', end_user_id: 'eu', inputs: { city: 'Oslo' } };

describe('dify-conversations projector', () => {
  it('starts a conversation at its first tagged message, with its inputs and sort keys', () => {
    expect(difyConversationsProjector.project(at(3, message('c1', { dify: { ...tag, first: true } }), 'owner'))).toEqual([
      {
        table: 'dify_conversations',
        position: 3n,
        upsert: {
          conversation_id: 'c1',
          owner_id: 'owner',
          agent_id: 'ag',
          end_user_id: 'eu',
          updated_at: timeAt(3),
          updated_key: `${timeAt(3)}|c1`,
          created_at: timeAt(3),
          created_key: `${timeAt(3)}|c1`,
          inputs: '{"city":"Oslo"}',
        },
      },
    ]);
  });

  it('moves only updated_at for a later message, in a fork of the conversation too', () => {
    const [change] = difyConversationsProjector.project(at(9, message('fork-of-c1', { dify: tag }), 'owner'));
    expect(change).toEqual({
      table: 'dify_conversations',
      position: 9n,
      upsert: {
        conversation_id: 'c1',
        owner_id: 'owner',
        agent_id: 'ag',
        end_user_id: 'eu',
        updated_at: timeAt(9),
        updated_key: `${timeAt(9)}|c1`,
      },
    });
  });

  it('ignores messages without a complete tag, and forgets the conversation with its root thread', () => {
    expect(difyConversationsProjector.project(at(4, message('t')))).toEqual([]);
    expect(difyConversationsProjector.project(at(4, message('t', { dify: { end_user_id: 'eu' } })))).toEqual([]);
    expect(difyConversationsProjector.project(at(4, message('t', { dify: 'c1' })))).toEqual([]);
    expect(difyConversationsProjector.project(at(5, { type: 'ThreadDeleted', data: { threadId: 'c1', eventNumber: 6 } }))).toEqual([
      { table: 'dify_conversations', position: 5n, delete: { conversation_id: 'c1' } },
    ]);
  });

  it('pins and unpins the conversation of a pin event on its root thread; messages leave the pin as it is', () => {
    const pin = { threadId: 'c1', eventNumber: 7, agentId: 'ag', endUserId: 'eu' };
    expect(difyConversationsProjector.project(at(6, { type: 'ConversationPinned', data: pin }, 'owner'))).toEqual([
      { table: 'dify_conversations', position: 6n, upsert: { conversation_id: 'c1', pinned: 1 } },
    ]);
    expect(difyConversationsProjector.project(at(8, { type: 'ConversationUnpinned', data: { ...pin, eventNumber: 9 } }, 'owner'))).toEqual([
      { table: 'dify_conversations', position: 8n, upsert: { conversation_id: 'c1', pinned: 0 } },
    ]);
    const [later] = difyConversationsProjector.project(at(9, message('c1', { dify: tag }), 'owner'));
    expect(later).toMatchObject({ upsert: { conversation_id: 'c1' } });
    expect('upsert' in later && 'pinned' in later.upsert).toBe(false);
  });
});
