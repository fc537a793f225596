import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { ThreadRepository } from '@forkline/event-store';
import { SendMessageCommand, SendMessageResult } from './send-message.command';

@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand, SendMessageResult> {
  constructor(private readonly repository: ThreadRepository) {}

  async execute({ threadId, content, context, options }: SendMessageCommand): Promise<SendMessageResult> {
    const command = { type: 'SendMessage' as const, threadId, userId: context.actor, messageId: randomUUID(), content, ...options };
    const outcome = await this.repository.execute(command, context);
    return { eventId: outcome.eventIds[0], position: outcome.position };
  }
}
