import { NotFoundException } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { runIdFor, ThreadAlreadyExists } from '@forkline/domain';
import { ThreadRepository } from '@forkline/event-store';
import { StorageQuota } from '../../http/storage-quota';
import { conversationThreadId } from '../conversation-thread';
import { WorkflowAgents } from '../queries/workflow-agents.service';
import { SendChatMessageCommand, SendChatMessageResult } from './send-chat-message.command';

/**
 * Appends the message to the caller's conversation with the workflow (its thread created on first use), after every
 * check: a refused message writes nothing. The execution is the run that answers it, whose id is known now.
 */
@CommandHandler(SendChatMessageCommand)
export class SendChatMessageHandler implements ICommandHandler<SendChatMessageCommand, SendChatMessageResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly agents: WorkflowAgents,
    private readonly quota: StorageQuota,
  ) {}

  async execute({ slug, text, triggerNodeId, context }: SendChatMessageCommand): Promise<SendChatMessageResult> {
    const userId = context.actor;
    const agent = await this.agents.bySlug(userId, slug);
    const chatTriggers = agent.triggers.filter((t) => t.type === 'trigger_chat');
    // Pipelit's schema takes null for "the first one" (its Python clients send None).
    const trigger = triggerNodeId == null ? chatTriggers[0] : chatTriggers.find((t) => t.nodeId === triggerNodeId);
    if (!trigger) throw new NotFoundException('No chat trigger found.');
    await this.quota.check(userId, { text });
    const threadId = conversationThreadId(userId, agent.agentId);
    if (!(await this.repository.load(threadId)).state.exists) {
      try {
        await this.repository.execute({ type: 'CreateThread', threadId, ownerId: userId, agentId: agent.agentId }, context);
      } catch (error) {
        // Another first message created it meanwhile: both go into the one conversation.
        if (!(error instanceof ThreadAlreadyExists)) throw error;
      }
    }
    const messageId = randomUUID();
    const outcome = await this.repository.execute({ type: 'SendMessage', threadId, userId, messageId, content: text }, context);
    return { executionId: runIdFor(threadId, messageId), position: outcome.position };
  }
}
