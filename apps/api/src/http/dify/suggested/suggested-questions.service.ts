import { Inject, Injectable, Logger } from '@nestjs/common';
import { Exchange, ModelResolver, suggestQuestions } from '@forkline/agent';
import { AgentRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { AppConfig } from '@forkline/platform';
import { DifyError } from '../../dify-error';
import { APP_CONFIG } from '../../../infrastructure/tokens';
import { conversationPairs } from '../conversations/conversation-tree';
import { DifyMessages } from '../conversations/dify-messages';
import { DifyAppContext } from '../dify-app-context';

/** The service API's answer when the agent has the feature off (the web API answers 403: it passes its own). */
const bySuggestedOff = () => new DifyError(400, 'bad_request', 'Suggested Questions Is Disabled.');

/** Dify's suggested questions after an answer: asked of the agent's model when the agent has the feature on. */
@Injectable()
export class SuggestedQuestions {
  private readonly logger = new Logger('DifySuggested');

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly messages: DifyMessages,
    private readonly agents: AgentRepository,
    private readonly models: ModelResolver,
  ) {}

  /** Up to three questions after the answer `messageId`, from the exchanges of its branch that lead to it. */
  async after(app: DifyAppContext, endUser: string, messageId: string, disabled = bySuggestedOff): Promise<string[]> {
    const { conversationId, answer } = await this.messages.findAnswer(app, endUser, messageId);
    const agent = await this.agents.find(app.ownerId, app.agentId);
    if (!agent) throw new DifyError(400, 'app_unavailable', 'App unavailable, please check your app configurations.');
    const { definition } = agent;
    if (!definition.suggestedQuestionsAfterAnswer?.enabled) throw disabled();
    const exchanges = await this.branchUpTo(conversationId, answer.message_id);
    try {
      const model = await this.models.model(definition.model ?? this.config.model);
      return await suggestQuestions(model, exchanges);
    } catch (error) {
      // As Dify's newer versions: a model that fails suggests nothing.
      this.logger.warn(`suggested questions for message '${answer.message_id}' failed: ${error}`);
      return [];
    }
  }

  /** The exchanges from the conversation's start to this answer, along its own branch (not its siblings'). */
  private async branchUpTo(conversationId: string, messageId: string): Promise<Exchange[]> {
    const pairs = new Map((await conversationPairs(this.readStore, conversationId)).map((p) => [p.id, p]));
    const exchanges: Exchange[] = [];
    for (let pair = pairs.get(messageId); pair; pair = pair.parentId ? pairs.get(pair.parentId) : undefined) {
      exchanges.unshift({ query: pair.question.content, answer: pair.answer?.content ?? '' });
    }
    return exchanges;
  }
}
