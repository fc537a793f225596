import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { MessageView, QueryOptions, READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { conversationLabel, conversationThreadId } from '../conversation-thread';
import { ChatHistoryOut } from './chat-history.dto';
import { latestStoredTimeBefore, parseIsoInstant } from './iso-instant';
import { WorkflowAgents } from './workflow-agents.service';

export const DEFAULT_HISTORY_LIMIT = 10;

/**
 * A page of the caller's conversation with a workflow, from the messages read model: the latest `limit` messages
 * before `before`, after the latest HistoryCleared. Message times are their events' times, which the write side keeps
 * strictly increasing within a thread: a page's oldest timestamp passed as `before` skips and repeats nothing.
 */
@Injectable()
export class ChatHistory {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly history: ThreadHistory,
    private readonly agents: WorkflowAgents,
  ) {}

  async page(userId: string, slug: string, limit = DEFAULT_HISTORY_LIMIT, before?: string): Promise<ChatHistoryOut> {
    const instant = before === undefined ? undefined : parseIsoInstant(before);
    if (instant === null) throw new BadRequestException('before: must be an ISO 8601 datetime');
    const agent = await this.agents.bySlug(userId, slug);
    const out: ChatHistoryOut = { messages: [], thread_id: conversationLabel(userId, agent.agentId), has_more: false };
    const thread = await this.history.ownedThread(userId, conversationThreadId(userId, agent.agentId));
    const segments = thread && (await this.history.segments(thread));
    // The conversation is one root thread: its one segment, bounded below by its latest clear.
    const own = segments?.[segments.length - 1];
    if (!own) return out;
    const options: QueryOptions = { orderBy: 'event_number', desc: true, limit: limit + 1 };
    if (own.after !== undefined) options.after = { column: 'event_number', value: own.after };
    if (instant) options.upTo = { column: 'created_at', value: latestStoredTimeBefore(instant) };
    const newestFirst = (await this.readStore.query('messages', { thread_id: own.threadId }, options)) as MessageView[];
    out.has_more = newestFirst.length > limit;
    out.messages = newestFirst
      .slice(0, limit)
      .reverse()
      .map((m) => ({ role: m.role, text: m.content, timestamp: m.created_at }));
    return out;
  }
}
