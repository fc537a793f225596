import { BaseMessage } from '@langchain/core/messages';
import { Inject, Injectable } from '@nestjs/common';
import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { fromMessageRow, fromStateMessage, LgMessage } from './lg-messages';

/** How long values wait for the read models to show a message another process wrote (polling). */
const READ_MODELS_WAIT_MS = 10_000;
const POLL_MS = 25;

export interface LgValues {
  messages: LgMessage[];
}

/**
 * A thread's graph state as it stood once a message was in it: the conversation up to and including that message. The
 * thread's checkpoint holds it once a run completed (its messages carry their Forkline ids, so a later run's state,
 * cut at the message, is that state again); a message the graph never saw (a stopped run's partial answer, a run not
 * started yet) comes from the read models, the conversation as the thread's events hold it.
 */
@Injectable()
export class RunValues {
  constructor(
    private readonly checkpointer: EventSourcedCheckpointSaver,
    private readonly history: ThreadHistory,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async upTo(threadId: string, messageId: string): Promise<LgValues> {
    const tuple = await this.checkpointer.getTuple({ configurable: { thread_id: threadId } });
    const state = (tuple?.checkpoint.channel_values.messages as BaseMessage[] | undefined) ?? [];
    const at = state.findIndex((m) => m.id === messageId);
    if (at >= 0) return { messages: state.slice(0, at + 1).map(fromStateMessage) };
    return { messages: (await this.conversationUpTo(threadId, messageId)).map(fromMessageRow) };
  }

  /** The thread's latest state: its checkpoint's, or (no run yet) the conversation so far. */
  async latest(threadId: string): Promise<LgValues> {
    const tuple = await this.checkpointer.getTuple({ configurable: { thread_id: threadId } });
    const state = tuple?.checkpoint.channel_values.messages as BaseMessage[] | undefined;
    if (state) return { messages: state.map(fromStateMessage) };
    const thread = await this.readStore.getThread(threadId);
    return { messages: thread ? (await this.history.messagesOf(threadId, thread.event_number)).map(fromMessageRow) : [] };
  }

  private async conversationUpTo(threadId: string, messageId: string) {
    for (let waited = 0; ; waited += POLL_MS) {
      // A fork's inherited message is its source's row: looked up by id alone, then read through the fork's lineage.
      const [row] = await this.readStore.query('messages', { message_id: messageId }, { columns: ['event_number'], limit: 1 });
      if (row) return this.history.messagesOf(threadId, row.event_number);
      if (waited >= READ_MODELS_WAIT_MS) return [];
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
