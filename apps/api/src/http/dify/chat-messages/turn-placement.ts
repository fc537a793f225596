import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { conversationPairs, placeAfter } from '../conversations/conversation-tree';
import { DifyConversations } from '../conversations/dify-conversations';
import { DifyAppContext } from '../dify-app-context';

/** Dify's parent of a conversation's first message: with it, a message answers as the conversation's first. */
export const UUID_NIL = '00000000-0000-0000-0000-000000000000';

/** Where a turn goes: a new conversation, a thread of the conversation's tree, or a fork to make in it. */
export type Placement =
  | { conversationId: null }
  | { conversationId: string; threadId: string }
  | { conversationId: string; forkOf: string; atEventNumber: number };

/**
 * Places a chat message in its conversation: after `parent_message_id` (in that message's branch, or in a fork made
 * at it when the branch went on; UUID_NIL: before the first message), else after the conversation's latest message, in its branch.
 */
@Injectable()
export class TurnPlacement {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly conversations: DifyConversations,
  ) {}

  async place(app: DifyAppContext, endUserId: string, conversationId?: string, parentMessageId?: string): Promise<Placement> {
    if (!conversationId) {
      if (parentMessageId && parentMessageId !== UUID_NIL)
        throw new DifyError(400, 'invalid_param', 'parent_message_id: needs the conversation_id it belongs to');
      return { conversationId: null };
    }
    const root = await this.conversations.find(app, endUserId, conversationId);
    const pairs = await conversationPairs(this.readStore, root);
    if (!parentMessageId) return { conversationId: root, threadId: pairs[pairs.length - 1]?.threadId ?? root };
    if (parentMessageId === UUID_NIL) {
      // A new first message: a branch of the root thread from before its first query (regenerating or editing it).
      const opening = pairs.find((p) => p.threadId === root);
      return opening
        ? { conversationId: root, forkOf: root, atEventNumber: opening.question.event_number - 1 }
        : { conversationId: root, threadId: root };
    }
    const parent = pairs.find((p) => p.id === parentMessageId.toLowerCase());
    if (!parent) return this.notHere(app, endUserId, parentMessageId.toLowerCase());
    if (!parent.answer) throw new DifyError(400, 'invalid_param', 'parent_message_id: that message has no answer yet');
    return { conversationId: root, ...placeAfter(pairs, parent) };
  }

  /** A parent from another of the end user's conversations is 400; any other (unknown, or not theirs) is 404. */
  private async notHere(app: DifyAppContext, endUserId: string, messageId: string): Promise<never> {
    const [answer] = await this.readStore.query(
      'messages',
      { message_id: messageId, role: 'assistant' },
      { limit: 1, columns: ['thread_id'] },
    );
    let threadId = answer?.thread_id;
    for (let thread = threadId ? await this.readStore.getThread(threadId) : null; thread?.parent_thread_id;) {
      threadId = thread.parent_thread_id;
      thread = await this.readStore.getThread(threadId);
    }
    const elsewhere = threadId ? await this.conversations.find(app, endUserId, threadId).catch(() => null) : null;
    if (elsewhere) throw new DifyError(400, 'invalid_param', 'parent_message_id: belongs to another conversation');
    throw new DifyError(404, 'not_found', 'Message Not Exists.');
  }
}
