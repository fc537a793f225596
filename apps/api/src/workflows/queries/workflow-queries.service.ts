import { Inject, Injectable } from '@nestjs/common';
import { NotFound } from '@forkline/domain';
import {
  afterClear,
  inSegment,
  MessageView,
  QueryOptions,
  READ_STORE,
  ReadStore,
  RowOf,
  ThreadHistory,
  ThreadView,
} from '@forkline/read-models';
import { Page, PageAfterThread, pageOf } from '../../http/pagination';
import { WorkflowNotFound } from './workflow-not-found.error';
import { chatDocument, chatLog, chatMessage, chatStat, chatWorkflow, ChatWorkflow } from './workflow-views';

/** The playground/workflow face read from the read models. A workflow is a thread; another user's is "not found". */
@Injectable()
export class WorkflowQueries {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly history: ThreadHistory,
  ) {}

  async thread(userId: string, workflowId: string): Promise<ThreadView> {
    const thread = await this.history.ownedThread(userId, workflowId);
    if (!thread) throw new WorkflowNotFound(workflowId);
    return thread;
  }

  async workflow(userId: string, workflowId: string): Promise<ChatWorkflow> {
    return this.view(await this.thread(userId, workflowId));
  }

  /** Each workflow's view is read for the page only. */
  async list(userId: string, page: PageAfterThread = {}): Promise<Page<ChatWorkflow>> {
    const { items, next } = pageOf(await this.readStore.listThreads(userId), (t) => t.thread_id, page);
    return { items: await Promise.all(items.map((t) => this.view(t))), next };
  }

  /** Messages in order, inherited ones included; only those after `afterMessageId` when given. */
  async messages(userId: string, workflowId: string, afterMessageId?: string) {
    const thread = await this.thread(userId, workflowId);
    const all = await this.allMessages(thread);
    if (afterMessageId === undefined) return all;
    const at = all.findIndex((m) => m.id === afterMessageId);
    if (at < 0) throw new NotFound(`message '${afterMessageId}' not found in workflow '${workflowId}'`, 'messageId');
    return all.slice(at + 1);
  }

  /** The workflow's logs in order; only those after `afterLogId` when given. */
  async logs(userId: string, workflowId: string, afterLogId?: string) {
    await this.thread(userId, workflowId);
    let after: { column: string; value: number } | undefined;
    if (afterLogId !== undefined) {
      const [log] = await this.readStore.query('logs', { thread_id: workflowId, log_id: afterLogId });
      if (!log) throw new NotFound(`log '${afterLogId}' not found in workflow '${workflowId}'`, 'logId');
      after = { column: 'event_number', value: log.event_number };
    }
    const rows = await this.readStore.query('logs', { thread_id: workflowId }, { orderBy: 'event_number', after });
    return rows.map((l) => chatLog(workflowId, l));
  }

  /** Messages, logs, stats and documents created after `afterTimestamp` (seconds), each sorted by `_createdAt`. */
  async chatData(userId: string, workflowId: string, afterTimestamp?: number) {
    const thread = await this.thread(userId, workflowId);
    const after =
      afterTimestamp === undefined ? undefined : { column: 'created_at', value: new Date(Math.round(afterTimestamp * 1000)).toISOString() };
    const [where, since] = [{ thread_id: workflowId }, { orderBy: 'created_at', after }];
    const [messages, logs, stats, documents] = await Promise.all([
      this.allMessages(thread, after),
      this.readStore.query('logs', where, since),
      this.readStore.query('stats', where, since),
      this.readStore.query('documents', where, since),
    ]);
    return {
      messages,
      logs: logs.map((l) => chatLog(workflowId, l)),
      stats: stats.map((s) => chatStat(workflowId, s)),
      documents: documents.map((d) => chatDocument(workflowId, d)),
    };
  }

  /** The workflow's own (not inherited) message, with its file ids: what deletions may touch. */
  async ownMessage(workflowId: string, messageId: string): Promise<{ fileIds: string[] } | null> {
    const [message] = await this.readStore.query('messages', { thread_id: workflowId, message_id: messageId });
    if (!message) return null;
    const files = await this.readStore.query('documents', { thread_id: workflowId, message_id: messageId });
    return { fileIds: files.map((f) => f.document_id) };
  }

  /** The history's messages in order, with their files; with `after`, only those it selects (read so from the store). */
  private async allMessages(thread: ThreadView, after?: QueryOptions['after']) {
    const segments = (await this.history.segments(thread)) ?? [];
    const [messages, ...documents] = await Promise.all([
      after === undefined
        ? this.history.messages(segments)
        : Promise.all(
            segments.map(async (s) =>
              afterClear(s, await this.readStore.query('messages', { thread_id: s.threadId }, inSegment(s, { after }))),
            ),
          ).then((parts) => parts.flat() as MessageView[]),
      ...segments.map((s) => this.readStore.query('documents', { thread_id: s.threadId })),
    ]);
    const filesOf = new Map<string, RowOf<'documents'>[]>();
    for (const d of documents.flat()) filesOf.set(d.message_id, [...(filesOf.get(d.message_id) ?? []), d]);
    return messages.map((m) => chatMessage(thread.thread_id, m, filesOf.get(m.message_id) ?? []));
  }

  /** The ChatWorkflow face: message and log ids read as ids only (an index walk per segment, no message texts). */
  private async view(thread: ThreadView): Promise<ChatWorkflow> {
    const segments = (await this.history.segments(thread)) ?? [];
    const [[workflow], logs, ...messageIds] = await Promise.all([
      this.readStore.query('workflows', { thread_id: thread.thread_id }),
      this.readStore.query('logs', { thread_id: thread.thread_id }, { orderBy: 'event_number', columns: ['log_id'] }),
      ...segments.map((s) =>
        this.readStore.query('messages', { thread_id: s.threadId }, inSegment(s, { columns: ['message_id'] as const })),
      ),
    ]);
    return chatWorkflow(
      thread,
      workflow,
      messageIds.flat().map((m) => m.message_id),
      logs.map((l) => l.log_id),
    );
  }
}
