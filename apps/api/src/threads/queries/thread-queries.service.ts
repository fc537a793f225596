import { Inject, Injectable } from '@nestjs/common';
import { ThreadNotFound } from '@forkline/domain';
import { cut, inSegment, MessageView, READ_STORE, ReadStore, Segment, ThreadHistory, ThreadView, visible } from '@forkline/read-models';
import { Page, PageAfterThread, pageOf } from '../../http/pagination';
import { CheckpointNotFound } from './checkpoint-not-found.error';
import { BranchItem, MessageItem, ThreadHead } from './thread-views.dto';

/** Reads threads from the read models; a fork's history is its sources' segments followed by its own. */
@Injectable()
export class ThreadQueries {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly history: ThreadHistory,
  ) {}

  /** Heads are worked out for the page only. */
  async list(userId: string, page: PageAfterThread = {}): Promise<Page<ThreadHead>> {
    const { items, next } = pageOf(await this.readStore.listThreads(userId), (t) => t.thread_id, page);
    return { items: await Promise.all(items.map((t) => this.headOf(t))), next };
  }

  async head(userId: string, threadId: string): Promise<ThreadHead> {
    return this.headOf(await this.thread(userId, threadId));
  }

  /** Forks of a thread are made by the thread's owner, the only one who can see it. */
  async branches(userId: string, threadId: string, page: PageAfterThread = {}): Promise<Page<BranchItem>> {
    await this.thread(userId, threadId);
    const { items, next } = pageOf(await this.readStore.listBranches(threadId), (b) => b.thread_id, page);
    return {
      items: items.map(({ thread_id, parent_thread_id, from_event_number, created_at }) => ({
        thread_id,
        parent_thread_id,
        from_event_number,
        created_at,
      })),
      next,
    };
  }

  /** With `after` (an event number) or `limit`, each segment reads only the rows of the page (and one more, to know of a next page). */
  async messages(
    userId: string,
    threadId: string,
    checkpointId?: string,
    page: { limit?: number; after?: number } = {},
  ): Promise<Page<MessageItem>> {
    let segments = await this.segments(await this.thread(userId, threadId));
    if (checkpointId !== undefined) segments = await this.cutAtCheckpoint(segments, checkpointId);
    if (page.limit === undefined && page.after === undefined) return { items: (await this.history.messages(segments)).map(toMessageItem) };
    const want = page.limit === undefined ? undefined : page.limit + 1;
    const found: MessageView[] = [];
    for (const s of segments) {
      if (want !== undefined && found.length >= want) break;
      const rows = await this.readStore.query(
        'messages',
        { thread_id: s.threadId },
        inSegment(s, {
          after: page.after === undefined ? undefined : { column: 'event_number', value: page.after },
          limit: want === undefined ? undefined : want - found.length,
        }),
      );
      found.push(...(rows as MessageView[]));
    }
    const items = found.slice(0, page.limit).map(toMessageItem);
    return { items, next: want !== undefined && found.length >= want ? items[items.length - 1].event_number : undefined };
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
      // Only what follows the history's latest clear: nothing before it is inherited.
      const inherited = visible(await this.segments(thread))
        .slice(0, -1)
        .reverse();
      const since = <R extends { event_number: number | null }>(s: Segment, row: R | null) =>
        row && (row.event_number ?? -1) > (s.after ?? -1) ? row : null;
      for (const s of inherited) {
        aiMessageId ??= since(s, await this.readStore.latestMessage(s.threadId, 'assistant', s.upTo))?.message_id ?? null;
        checkpointId ??= since(s, await this.readStore.latestCheckpoint(s.threadId, s.upTo))?.checkpoint_id ?? null;
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
