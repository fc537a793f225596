import { BaseMessage } from '@langchain/core/messages';
import { Inject, Injectable } from '@nestjs/common';
import { EventSourcedCheckpointSaver } from '@forkline/agent';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { SdkMessage } from '../state/sdk-messages';
import { sdkMessageOf } from '../state/state-json';
import { fromMessageRow } from './lg-messages';

/** How long values wait for the read models to show a message another process wrote (polling). */
const READ_MODELS_WAIT_MS = 10_000;
const POLL_MS = 25;
/** Messages read back from a message to find where the checkpoint's state ends: a run adds two. */
const RECENT = 16;

export interface LgValues {
  messages: SdkMessage[];
}

/**
 * A thread's graph state as it stood once a message was in it: the conversation up to and including that message. The
 * thread's checkpoint holds it once a run completed (its messages carry their Forkline ids, so a later run's state,
 * cut at the message, is that state again); messages the graph has not seen (the one a run is about to answer, a
 * stopped run's partial answer) come from the read models, the conversation as the thread's events hold it, read back
 * from the message only as far as the checkpoint's last message, so the cost stays flat along the thread.
 */
@Injectable()
export class RunValues {
  constructor(
    private readonly checkpointer: EventSourcedCheckpointSaver,
    private readonly history: ThreadHistory,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** `knownEventNumber`: the message's event number when the caller knows it (its row need not be looked up then). */
  async upTo(threadId: string, messageId: string, knownEventNumber?: number): Promise<LgValues> {
    const tuple = await this.checkpointer.getTuple({ configurable: { thread_id: threadId } });
    const state = (tuple?.checkpoint.channel_values.messages as BaseMessage[] | undefined) ?? [];
    const at = state.findIndex((m) => m.id === messageId);
    if (at >= 0) return { messages: state.slice(0, at + 1).map(sdkMessageOf) };
    const eventNumber = knownEventNumber ?? (await this.eventNumberOf(messageId));
    if (eventNumber === undefined) return { messages: state.map(sdkMessageOf) };
    const recent = await this.history.messagesOf(threadId, eventNumber, RECENT);
    const held = state.length ? recent.findIndex((m) => m.message_id === state.at(-1)!.id) : -1;
    if (held >= 0) return { messages: [...state.map(sdkMessageOf), ...recent.slice(held + 1).map(fromMessageRow)] };
    const conversation = recent.length < RECENT ? recent : await this.history.messagesOf(threadId, eventNumber);
    return { messages: conversation.map(fromMessageRow) };
  }

  private async eventNumberOf(messageId: string): Promise<number | undefined> {
    for (let waited = 0; ; waited += POLL_MS) {
      // A fork's inherited message is its source's row: looked up by id alone, then read through the fork's lineage.
      const [row] = await this.readStore.query('messages', { message_id: messageId }, { columns: ['event_number'], limit: 1 });
      if (row) return row.event_number;
      if (waited >= READ_MODELS_WAIT_MS) return undefined;
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
