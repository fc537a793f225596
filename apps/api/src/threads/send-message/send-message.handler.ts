import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { ThreadRepository } from '@forkline/event-store';
import { StorageQuota } from '../../http/storage-quota';
import { SendMessageCommand, SendMessageResult } from './send-message.command';

@CommandHandler(SendMessageCommand)
export class SendMessageHandler implements ICommandHandler<SendMessageCommand, SendMessageResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly quota: StorageQuota,
  ) {}

  async execute({ threadId, content, context, options }: SendMessageCommand): Promise<SendMessageResult> {
    await this.quota.check(context.actor, { content, files: options.files });
    const command = { type: 'SendMessage' as const, threadId, userId: context.actor, messageId: randomUUID(), content, ...options };
    const outcome = await this.repository.execute(command, context);
    return { eventId: outcome.eventIds[0], position: outcome.position };
  }
}
