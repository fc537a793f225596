import { Inject, Injectable } from '@nestjs/common';
import { MessageView, READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { DifyAppContext } from '../dify-app-context';
import { DifyConversations } from './dify-conversations';

/** An answer of an end user's conversation: the thread where it was asked, and the conversation (root thread) it is in. */
export interface FoundAnswer {
  threadId: string;
  conversationId: string;
  answer: MessageView;
}

/** Dify's messages by their id (an answer's id, as chat-messages gave it), to the end user whose conversation holds them. */
@Injectable()
export class DifyMessages {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly conversations: DifyConversations,
  ) {}

  /** The answer `messageId` of one of the end user's conversations; anything else (another's, none yet) is Dify's 404. */
  async findAnswer(app: DifyAppContext, endUserId: string, messageId: string): Promise<FoundAnswer> {
    const notFound = new DifyError(404, 'not_found', 'Message Not Exists.');
    const [answer] = await this.readStore.query('messages', { message_id: messageId.toLowerCase(), role: 'assistant' }, { limit: 1 });
    if (!answer) throw notFound;
    // Up the tree to the conversation's root, whose first message says whose conversation it is.
    let conversationId = answer.thread_id;
    for (let t = await this.readStore.getThread(conversationId); t?.parent_thread_id; t = await this.readStore.getThread(conversationId)) {
      conversationId = t.parent_thread_id;
    }
    try {
      await this.conversations.find(app, endUserId, conversationId);
    } catch (error) {
      if (error instanceof DifyError && error.getStatus() === 404) throw notFound;
      throw error;
    }
    return { threadId: answer.thread_id, conversationId, answer: answer as MessageView };
  }
}
