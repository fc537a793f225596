import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { DifyConversations } from '../conversations/dify-conversations';
import { DifyAppContext } from '../dify-app-context';
import { SPEECH_MAX_CHARS } from './audio.dto';

const notFound = (error: unknown) => {
  if (error instanceof DifyError) return null;
  throw error;
};

/**
 * The answer of a Dify message (the id of its answer, as /v1 shows messages), if it is in one of the end user's
 * conversations of the app; any other — another end user's, another app's, unknown, or not answered yet — is 404.
 */
@Injectable()
export class MessageAnswer {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly conversations: DifyConversations,
  ) {}

  async text(app: DifyAppContext, endUserId: string, messageId: string): Promise<string> {
    const [answer] = await this.readStore.query(
      'messages',
      { message_id: messageId.toLowerCase(), role: 'assistant' },
      { limit: 1, columns: ['thread_id', 'content'] },
    );
    // A branch's messages belong to the conversation of the thread it was forked from, up to the root.
    let threadId = answer?.thread_id;
    for (let thread = threadId ? await this.readStore.getThread(threadId) : null; thread?.parent_thread_id;) {
      threadId = thread.parent_thread_id;
      thread = await this.readStore.getThread(threadId);
    }
    const found = threadId ? await this.conversations.find(app, endUserId, threadId).catch(notFound) : null;
    if (!found || !answer) throw new DifyError(404, 'not_found', 'Message Not Exists.');
    return answer.content;
  }

  /** The text to speak: the message's answer (before `text`, as Dify takes them), else `text`. */
  async speechInput(app: DifyAppContext, endUserId: string, body: { message_id?: string; text?: string }): Promise<string> {
    if (body.message_id) {
      const answer = await this.text(app, endUserId, body.message_id);
      if (!answer.trim()) throw new DifyError(400, 'invalid_param', 'message_id: that message has no answer to speak');
      if (answer.length > SPEECH_MAX_CHARS) {
        throw new DifyError(400, 'invalid_param', `message_id: its answer is over ${SPEECH_MAX_CHARS} characters; send a part as text`);
      }
      return answer;
    }
    if (body.text === undefined) throw new DifyError(400, 'invalid_param', 'text: required when no message_id is given');
    return body.text;
  }
}
