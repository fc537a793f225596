import { defineProjector } from './projector';

/** What the Dify face writes in each user message's metadata (`dify`): the conversation and end user it belongs to. */
export interface DifyMessageTag {
  conversation_id: string;
  agent_id: string;
  end_user_id: string;
  inputs: Record<string, unknown>;
  /** On the message that started the conversation. */
  first?: boolean;
}

const isTag = (value: unknown): value is DifyMessageTag => {
  const tag = value as Partial<DifyMessageTag> | null;
  return (
    typeof tag === 'object' &&
    tag !== null &&
    typeof tag.conversation_id === 'string' &&
    typeof tag.agent_id === 'string' &&
    typeof tag.end_user_id === 'string'
  );
};

/**
 * Dify conversations, from the tagged messages sent in them (root thread and forks alike): the first sets when it began
 * and its inputs, every one moves its updated_at; its end user pins and unpins it (web apps). Deleting the root thread
 * (the conversation's last deletion) removes it.
 */
export const difyConversationsProjector = defineProjector('dify-conversations', ['dify_conversations'], (e) => {
  switch (e.type) {
    case 'UserMessageAdded': {
      const tag = e.data.metadata?.dify;
      if (!isTag(tag)) return [];
      const id = tag.conversation_id;
      const first = tag.first
        ? { created_at: e.occurredAt, created_key: `${e.occurredAt}|${id}`, inputs: JSON.stringify(tag.inputs ?? {}) }
        : {};
      const upsert = {
        conversation_id: id,
        owner_id: e.actor,
        agent_id: tag.agent_id,
        end_user_id: tag.end_user_id,
        updated_at: e.occurredAt,
        updated_key: `${e.occurredAt}|${id}`,
        ...first,
      };
      return [{ table: 'dify_conversations', upsert }];
    }
    case 'ConversationPinned':
    case 'ConversationUnpinned': {
      // The row exists: a conversation is pinned through its row (found by its end user), and a deleted one takes no pin.
      const pinned = e.type === 'ConversationPinned' ? 1 : 0;
      return [{ table: 'dify_conversations', upsert: { conversation_id: e.data.threadId, pinned } }];
    }
    case 'ThreadDeleted':
      return [{ table: 'dify_conversations', delete: { conversation_id: e.data.threadId } }];
    default:
      return [];
  }
});
