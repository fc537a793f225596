import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../http/dify-error';
import { DifyAppContext } from '../dify-app';
import { AppInfo } from '../queries/app-info.service';
import { DifyConversations, DifyMessageMetadata, endUserOfMetadata, NEW_CONVERSATION } from './dify-conversations';
import { conversationPairs, MessagePair, treeThreads } from './conversation-tree';
import { ConversationListItem, ConversationMessageItem } from './conversation.dto';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const inputsOf = (metadata: string | null) => (metadata ? ((JSON.parse(metadata) as DifyMessageMetadata).dify?.inputs ?? {}) : {});

export type SortBy = 'created_at' | '-created_at' | 'updated_at' | '-updated_at';

/** A page as Dify answers one: `has_more` when rows past the page exist. */
export interface DifyPage<T> {
  limit: number;
  has_more: boolean;
  data: T[];
}

/** Conversations and their messages as Dify's service API shows them, to their end user only. */
@Injectable()
export class ConversationViews {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly conversations: DifyConversations,
    private readonly info: AppInfo,
  ) {}

  /**
   * The end user's conversations, by `sort_by` (ties by id), after `last_id`. Reads every root thread of the app's
   * agent and its first message: linear in the owner's conversations with that app (a conversations read model would make it flat).
   */
  async list(
    app: DifyAppContext,
    endUserId: string,
    query: { last_id?: string; limit: number; sort_by: SortBy },
  ): Promise<DifyPage<ConversationListItem>> {
    const threads = await this.readStore.query('threads', { owner_id: app.ownerId, agent_id: app.agentId });
    const roots = threads.filter((t) => t.parent_thread_id === null);
    // Sorted by the exact times (ISO strings order as times), shown in seconds; ties by id.
    const items: Array<{ item: ConversationListItem; created_at: string; updated_at: string }> = [];
    for (const root of roots) {
      const [first] = await this.readStore.query(
        'messages',
        { thread_id: root.thread_id, role: 'user' },
        { orderBy: 'event_number', limit: 1 },
      );
      if (first && endUserOfMetadata(first.metadata) === endUserId) {
        const { item, updatedAt } = await this.item(app, root.thread_id, root.created_at, first);
        items.push({ item, created_at: root.created_at, updated_at: updatedAt });
      }
    }
    const field = query.sort_by.replace('-', '') as 'created_at' | 'updated_at';
    const sign = query.sort_by.startsWith('-') ? -1 : 1;
    items.sort((a, b) => sign * (a[field].localeCompare(b[field]) || a.item.id.localeCompare(b.item.id)));
    let start = 0;
    if (query.last_id) {
      start = items.findIndex((c) => c.item.id === query.last_id!.toLowerCase()) + 1;
      if (start === 0) throw new DifyError(404, 'not_found', 'Last Conversation Not Exists.');
    }
    const data = items.slice(start, start + query.limit).map((c) => c.item);
    return { limit: query.limit, has_more: start + query.limit < items.length, data };
  }

  /** One conversation of the end user, as listed. */
  async conversation(app: DifyAppContext, endUserId: string, id: string): Promise<ConversationListItem> {
    const threadId = await this.conversations.find(app, endUserId, id);
    const thread = (await this.readStore.getThread(threadId))!;
    const [first] = await this.readStore.query('messages', { thread_id: threadId, role: 'user' }, { orderBy: 'event_number', limit: 1 });
    return (await this.item(app, threadId, thread.created_at, first)).item;
  }

  private async item(
    app: DifyAppContext,
    threadId: string,
    createdAt: string,
    first: { metadata: string | null },
  ): Promise<{ item: ConversationListItem; updatedAt: string }> {
    const [workflow] = await this.readStore.query('workflows', { thread_id: threadId }, { columns: ['name'] });
    // Its latest message, in whichever branch.
    let updatedAt = createdAt;
    for (const { thread_id } of await treeThreads(this.readStore, threadId)) {
      const [latest] = await this.readStore.query(
        'messages',
        { thread_id },
        { orderBy: 'event_number', desc: true, limit: 1, columns: ['created_at'] },
      );
      if (latest && latest.created_at > updatedAt) updatedAt = latest.created_at;
    }
    const item = {
      id: threadId,
      name: workflow?.name ?? NEW_CONVERSATION,
      inputs: inputsOf(first.metadata),
      status: 'normal',
      introduction: (await this.info.parameters(app)).opening_statement,
      created_at: seconds(createdAt),
      updated_at: seconds(updatedAt),
    };
    return { item, updatedAt };
  }

  /**
   * The conversation's messages (a query and its answer each), newest page first and oldest first within a page;
   * `first_id` pages to older ones.
   */
  async messages(
    app: DifyAppContext,
    endUserId: string,
    query: { conversation_id: string; first_id?: string; limit: number },
  ): Promise<DifyPage<ConversationMessageItem>> {
    const root = await this.conversations.find(app, endUserId, query.conversation_id);
    const rated = await this.readStore.query('dify_feedbacks', { conversation_id: root }, { columns: ['message_id', 'rating'] });
    const ratings = new Map(rated.map((r) => [r.message_id, r.rating]));
    const items = (await conversationPairs(this.readStore, root)).map((pair) => this.messageItem(root, pair, ratings.get(pair.id)));
    let end = items.length;
    if (query.first_id) {
      end = items.findIndex((m) => m.id === query.first_id!.toLowerCase());
      if (end < 0) throw new DifyError(404, 'not_found', 'First Message Not Exists.');
    }
    const start = Math.max(0, end - query.limit);
    return { limit: query.limit, has_more: start > 0, data: items.slice(start, end) };
  }

  private messageItem(conversationId: string, { id, question, answer, parentId }: MessagePair, rating?: string): ConversationMessageItem {
    return {
      id,
      conversation_id: conversationId,
      parent_message_id: parentId,
      inputs: inputsOf(question.metadata),
      query: question.content,
      answer: answer?.content ?? '',
      status: 'normal',
      error: null,
      message_files: [],
      feedback: rating ? { rating } : null,
      retriever_resources: [],
      agent_thoughts: [],
      created_at: seconds(question.created_at),
      extra_contents: [],
    };
  }
}
