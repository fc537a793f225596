import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { CreateThreadCommand, CreateThreadResult } from './create-thread.command';

@CommandHandler(CreateThreadCommand)
export class CreateThreadHandler implements ICommandHandler<CreateThreadCommand, CreateThreadResult> {
  constructor(private readonly repository: ThreadRepository) {}

  async execute({ threadId, context }: CreateThreadCommand): Promise<CreateThreadResult> {
    const outcome = await this.repository.execute({ type: 'CreateThread', threadId, ownerId: context.actor }, context);
    return { threadId, eventId: outcome.eventIds[0], position: outcome.position };
  }
}
