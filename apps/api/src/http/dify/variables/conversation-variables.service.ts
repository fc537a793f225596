import { Inject, Injectable } from '@nestjs/common';
import { ConversationVariableDeclaration, endUserId, valueTypeMismatch } from '@forkline/domain';
import { AgentRepository, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { DifyError } from '../../dify-error';
import { ProjectionsService } from '../../../infrastructure/projections.service';
import { DifyPage } from '../conversations/conversation-views';
import { DifyConversations } from '../conversations/dify-conversations';
import { DifyAppContext } from '../dify-app-context';
import { ConversationVariableItem } from './variables.dto';

/** Dify's anonymous end user (a request without `user`); it has no conversations. */
const DEFAULT_USER = 'DEFAULT-USER';
const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const notFound = () => new DifyError(404, 'not_found', 'Conversation Variable Not Exists.');

/** The variables the agent declares, with their values in one conversation (their defaults until it sets them). */
@Injectable()
export class ConversationVariables {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly conversations: DifyConversations,
    private readonly agents: AgentRepository,
    private readonly repository: ThreadRepository,
    private readonly projections: ProjectionsService,
  ) {}

  /** In declaration order, after `last_id`, only `variable_name` if given. */
  async list(
    app: DifyAppContext,
    user: string | undefined,
    conversationId: string,
    query: { last_id?: string; limit: number; variable_name?: string },
  ): Promise<DifyPage<ConversationVariableItem>> {
    const threadId = await this.conversations.find(app, endUserId(app.agentId, user || DEFAULT_USER), conversationId);
    let declared = await this.declared(app);
    if (query.variable_name !== undefined) declared = declared.filter((v) => v.name === query.variable_name);
    let start = 0;
    if (query.last_id) {
      start = declared.findIndex((v) => v.id === query.last_id!.toLowerCase()) + 1;
      if (start === 0) throw notFound();
    }
    const page = declared.slice(start, start + query.limit);
    const items = await this.items(threadId, page);
    return { limit: query.limit, has_more: start + query.limit < declared.length, data: items };
  }

  /** Sets the variable's value in the conversation (an event on its root thread) if it is of the variable's type. */
  async update(
    app: DifyAppContext,
    user: string | undefined,
    conversationId: string,
    variableId: string,
    value: unknown,
  ): Promise<ConversationVariableItem> {
    const endUser = endUserId(app.agentId, user || DEFAULT_USER);
    const threadId = await this.conversations.find(app, endUser, conversationId);
    const variable = (await this.declared(app)).find((v) => v.id === variableId.toLowerCase());
    if (!variable) throw notFound();
    const mismatch = valueTypeMismatch(variable.valueType, value);
    if (mismatch) throw new DifyError(400, 'bad_request', `Value type mismatch: ${mismatch}.`);
    const command = { type: 'UpdateConversationVariable' as const, threadId, userId: app.ownerId, endUserId: endUser, value };
    const outcome = await this.repository.execute({ ...command, variableId: variable.id, name: variable.name }, app.context);
    await this.projections.waitForReadModels(outcome.position);
    return (await this.items(threadId, [variable]))[0];
  }

  private async declared(app: DifyAppContext): Promise<ConversationVariableDeclaration[]> {
    const agent = await this.agents.find(app.ownerId, app.agentId);
    if (!agent) throw new DifyError(400, 'app_unavailable', 'App unavailable, please check your app configurations.');
    return agent.definition.conversationVariables ?? [];
  }

  private async items(threadId: string, variables: ConversationVariableDeclaration[]): Promise<ConversationVariableItem[]> {
    // The conversation's creation, as its listing shows it (its first message's time).
    const [conversation] = await this.readStore.query('dify_conversations', { conversation_id: threadId });
    const createdAt = conversation?.created_at ?? conversation?.updated_at ?? (await this.readStore.getThread(threadId))!.created_at;
    const rows = await this.readStore.query('dify_conversation_variables', { thread_id: threadId });
    const set = new Map(rows.map((r) => [r.variable_id, r]));
    return variables.map((v) => {
      const row = set.get(v.id);
      const stored = row ? (JSON.parse(row.value) as unknown) : undefined;
      // A value set before the agent changed the variable's type no longer counts: the new default holds.
      const current = row !== undefined && valueTypeMismatch(v.valueType, stored) === null;
      const value = current ? stored : v.value;
      return {
        id: v.id,
        name: v.name,
        value_type: v.valueType,
        // The seed's value is a string: a JSON text for any other type.
        value: typeof value === 'string' ? value : JSON.stringify(value),
        description: v.description,
        created_at: seconds(createdAt),
        updated_at: seconds(current ? row.updated_at : createdAt),
      };
    });
  }
}
