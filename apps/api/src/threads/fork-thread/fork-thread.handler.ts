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
    const head = await this.lineage.head(sourceThreadId);
    if (head === null) throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
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
        source: { exists: true, head, unansweredAtFork },
      },
      context,
    );
    return { newThreadId, position: outcome.position };
  }
}
