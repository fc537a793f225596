import { Inject, Injectable } from '@nestjs/common';
import { READ_STORE, ReadStore, RowOf } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { DifyAppContext } from '../dify-app-context';
import { messageFileItems } from '../files/message-files';
import { AppInfo } from '../queries/app-info.service';
import { DifyConversations, difyTagOf, NEW_CONVERSATION } from './dify-conversations';
import { conversationPairs, MessagePair } from './conversation-tree';
import { ConversationListItem, ConversationMessageItem } from './conversation.dto';

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const filesOf = (metadata: string | null) => difyTagOf(metadata)?.files;
const inputsOf = (metadata: string | null) => difyTagOf(metadata)?.inputs ?? {};

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
   * The end user's conversations, by `sort_by` (ties by id), after `last_id`: one indexed read of the page whatever
   * their number (the `dify_conversations` read model), then each listed one's name. `pinned` (the web API): only the
   * pinned ones, or only the others (never pinned, or unpinned again: two indexed reads merged).
   */
  async list(
    app: DifyAppContext,
    endUserId: string,
    query: { last_id?: string; limit: number; sort_by: SortBy; pinned?: boolean },
  ): Promise<DifyPage<ConversationListItem>> {
    const key = query.sort_by.endsWith('created_at') ? 'created_key' : 'updated_key';
    const desc = query.sort_by.startsWith('-');
    const where = { owner_id: app.ownerId, agent_id: app.agentId, end_user_id: endUserId };
    let bound: { column: string; value: string } | undefined;
    if (query.last_id) {
      const [last] = await this.readStore.query(
        'dify_conversations',
        { ...where, conversation_id: query.last_id.toLowerCase() },
        { limit: 1 },
      );
      if (!last?.[key]) throw new DifyError(404, 'not_found', 'Last Conversation Not Exists.');
      bound = { column: key, value: last[key] };
    }
    // Keys are unique, so "before the bound" is "up to it" without the bound's own row.
    const read = (pinned: Partial<RowOf<'dify_conversations'>>, extra = 0) =>
      this.readStore.query(
        'dify_conversations',
        { ...where, ...pinned },
        { orderBy: key, desc, limit: query.limit + 2 + extra, ...(bound && (desc ? { upTo: bound } : { after: bound })) },
      );
    // The others than pinned (never pinned: null, which no equality finds; or unpinned): a page longer by the pinned count.
    const pinnedCount =
      query.pinned === false
        ? (await this.readStore.query('dify_conversations', { ...where, pinned: 1 }, { columns: ['conversation_id'] })).length
        : 0;
    const rows = (await read(query.pinned ? { pinned: 1 } : {}, pinnedCount)).filter(
      (row) => row[key] !== null && row[key] !== bound?.value && (query.pinned !== false || row.pinned !== 1),
    );
    const introduction = (await this.info.parameters(app)).opening_statement;
    const data = await Promise.all(rows.slice(0, query.limit).map((row) => this.item(row, introduction)));
    return { limit: query.limit, has_more: rows.length > query.limit, data };
  }

  /** One conversation of the end user, as listed. */
  async conversation(app: DifyAppContext, endUserId: string, id: string): Promise<ConversationListItem> {
    const row = await this.conversations.row(app, endUserId, id);
    return this.item(row, (await this.info.parameters(app)).opening_statement);
  }

  private async item(row: RowOf<'dify_conversations'>, introduction: string): Promise<ConversationListItem> {
    const [workflow] = await this.readStore.query('workflows', { thread_id: row.conversation_id }, { columns: ['name'] });
    return {
      id: row.conversation_id,
      name: workflow?.name ?? NEW_CONVERSATION,
      inputs: row.inputs ? (JSON.parse(row.inputs) as Record<string, unknown>) : {},
      status: 'normal',
      introduction,
      created_at: seconds(row.created_at ?? row.updated_at),
      updated_at: seconds(row.updated_at),
    };
  }

  /**
   * The conversation's messages (a query and its answer each), newest page first and oldest first within a page;
   * `first_id` pages to older ones.
   */
  async messages(
    app: DifyAppContext,
    endUserId: string,
    query: { conversation_id: string; first_id?: string; limit: number },
    /** Where the end user (`user`, as the client names them) previews uploads: their message_files' urls. */
    files: { base: string; user?: string } = { base: '' },
  ): Promise<DifyPage<ConversationMessageItem>> {
    const root = await this.conversations.find(app, endUserId, query.conversation_id);
    const rated = await this.readStore.query('dify_feedbacks', { conversation_id: root }, { columns: ['message_id', 'rating'] });
    const ratings = new Map(rated.map((r) => [r.message_id, r.rating]));
    const items = (await conversationPairs(this.readStore, root)).map((pair) => this.messageItem(root, pair, files, ratings.get(pair.id)));
    let end = items.length;
    if (query.first_id) {
      end = items.findIndex((m) => m.id === query.first_id!.toLowerCase());
      if (end < 0) throw new DifyError(404, 'not_found', 'First Message Not Exists.');
    }
    const start = Math.max(0, end - query.limit);
    return { limit: query.limit, has_more: start > 0, data: items.slice(start, end) };
  }

  private messageItem(
    conversationId: string,
    { id, question, answer, parentId }: MessagePair,
    files: { base: string; user?: string },
    rating?: string,
  ): ConversationMessageItem {
    return {
      id,
      conversation_id: conversationId,
      parent_message_id: parentId,
      inputs: inputsOf(question.metadata),
      query: question.content,
      answer: answer?.content ?? '',
      status: 'normal',
      error: null,
      message_files: messageFileItems(filesOf(question.metadata), files.base, files.user),
      feedback: rating ? { rating } : null,
      retriever_resources: [],
      agent_thoughts: [],
      created_at: seconds(question.created_at),
      extra_contents: [],
    };
  }
}
