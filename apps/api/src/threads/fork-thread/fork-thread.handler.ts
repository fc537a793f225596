import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { ThreadNotFound } from '@forkline/domain';
import { ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ForkThreadCommand, ForkThreadResult } from './fork-thread.command';

/** O(1) in the source's length: reads the source's origin and last event, appends one ThreadForked. */
@CommandHandler(ForkThreadCommand)
export class ForkThreadHandler implements ICommandHandler<ForkThreadCommand, ForkThreadResult> {
  constructor(private readonly repository: ThreadRepository, private readonly lineage: ThreadLineage) {}

  async execute({ sourceThreadId, eventNumber, context }: ForkThreadCommand): Promise<ForkThreadResult> {
    const source = await this.lineage.head(sourceThreadId);
    if (source === null || source.ownerId !== context.actor) throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
    const { head, ownerId } = source;
    const inRange = eventNumber >= 0 && eventNumber <= head;
    const unansweredAtFork = inRange ? await this.lineage.unansweredAt(sourceThreadId, eventNumber) : [];
    const newThreadId = randomUUID();
    const outcome = await this.repository.execute(
      {
        type: 'ForkThread',
        threadId: newThreadId,
        ownerId: context.actor,
        sourceThreadId,
        fromEventNumber: eventNumber,
        source: { exists: true, ownerId, head, unansweredAtFork },
      },
      context,
    );
    return { newThreadId, position: outcome.position };
  }
}
