import { Inject, Injectable } from '@nestjs/common';
import { ThreadNotFound } from '@forkline/domain';
import { cut, MessageView, READ_STORE, ReadStore, Segment, ThreadHistory, ThreadView } from '@forkline/read-models';
import { CheckpointNotFound } from './checkpoint-not-found.error';
import { BranchItem, MessageItem, ThreadHead } from './thread-views.dto';

/** Reads threads from the read models; a fork's history is its sources' segments followed by its own. */
@Injectable()
export class ThreadQueries {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly history: ThreadHistory,
  ) {}

  async list(userId: string): Promise<ThreadHead[]> {
    return Promise.all((await this.readStore.listThreads(userId)).map((t) => this.headOf(t)));
  }

  async head(userId: string, threadId: string): Promise<ThreadHead> {
    return this.headOf(await this.thread(userId, threadId));
  }

  /** Forks of a thread are made by the thread's owner, the only one who can see it. */
  async branches(userId: string, threadId: string): Promise<BranchItem[]> {
    await this.thread(userId, threadId);
    return (await this.readStore.listBranches(threadId)).map(({ thread_id, parent_thread_id, from_event_number, created_at }) => ({
      thread_id,
      parent_thread_id,
      from_event_number,
      created_at,
    }));
  }

  async messages(userId: string, threadId: string, checkpointId?: string): Promise<MessageItem[]> {
    let segments = await this.segments(await this.thread(userId, threadId));
    if (checkpointId !== undefined) segments = await this.cutAtCheckpoint(segments, checkpointId);
    return (await this.history.messages(segments)).map(toMessageItem);
  }

  /** Another user's thread is reported exactly like a missing one. */
  async thread(userId: string, threadId: string): Promise<ThreadView> {
    const thread = await this.history.ownedThread(userId, threadId);
    if (!thread) throw new ThreadNotFound(threadId);
    return thread;
  }

  async segments(thread: ThreadView): Promise<Segment[]> {
    const segments = await this.history.segments(thread);
    if (!segments) throw new ThreadNotFound(thread.thread_id);
    return segments;
  }

  /** Keeps the history up to and including the checkpoint, which must belong to the thread's visible history. */
  private async cutAtCheckpoint(segments: Segment[], checkpointId: string): Promise<Segment[]> {
    return cut(segments, await this.checkpointEventNumber(segments, checkpointId));
  }

  /** The event number of a checkpoint of this history; 404 for any other. */
  async checkpointEventNumber(segments: Segment[], checkpointId: string): Promise<number> {
    const eventNumber = await this.history.checkpointEventNumber(segments, checkpointId);
    if (eventNumber === null) throw new CheckpointNotFound(checkpointId);
    return eventNumber;
  }

  /** A fork without its own AI message or checkpoint shows the latest one it inherited. */
  private async headOf(thread: ThreadView): Promise<ThreadHead> {
    let aiMessageId = thread.latest_ai_message_id;
    let checkpointId = thread.latest_checkpoint_id;
    if ((aiMessageId === null || checkpointId === null) && thread.parent_thread_id !== null) {
      const inherited = (await this.segments(thread)).slice(0, -1).reverse();
      for (const s of inherited) {
        aiMessageId ??= (await this.readStore.latestMessage(s.threadId, 'assistant', s.upTo))?.message_id ?? null;
        checkpointId ??= (await this.readStore.latestCheckpoint(s.threadId, s.upTo))?.checkpoint_id ?? null;
        if (aiMessageId !== null && checkpointId !== null) break;
      }
    }
    return {
      thread_id: thread.thread_id,
      latest_checkpoint_id: checkpointId,
      latest_ai_message_id: aiMessageId,
      event_number: thread.event_number,
    };
  }
}

export function toMessageItem(m: MessageView): MessageItem {
  return { role: m.role, content: m.content, message_id: m.message_id, event_number: m.event_number, created_at: m.created_at };
}
