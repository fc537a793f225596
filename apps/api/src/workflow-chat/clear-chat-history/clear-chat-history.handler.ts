import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Position, ThreadRepository } from '@forkline/event-store';
import { conversationThreadId } from '../conversation-thread';
import { WorkflowAgents } from '../queries/workflow-agents.service';
import { ClearChatHistoryCommand } from './clear-chat-history.command';

/**
 * Records HistoryCleared on the caller's conversation with the workflow (stopping what is still to be answered):
 * the events stay for the audit trail, but the agent and the history start after it. No conversation yet: nothing to write.
 */
@CommandHandler(ClearChatHistoryCommand)
export class ClearChatHistoryHandler implements ICommandHandler<ClearChatHistoryCommand, { position: Position | undefined }> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly agents: WorkflowAgents,
  ) {}

  async execute({ slug, context }: ClearChatHistoryCommand): Promise<{ position: Position | undefined }> {
    const agent = await this.agents.bySlug(context.actor, slug);
    const threadId = conversationThreadId(context.actor, agent.agentId);
    if (!(await this.repository.load(threadId)).state.exists) return { position: undefined };
    const outcome = await this.repository.execute({ type: 'ClearHistory', threadId, userId: context.actor }, context);
    return { position: outcome.position };
  }
}
