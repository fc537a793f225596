import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { ThreadNotFound } from '@forkline/domain';
import { ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { CheckpointNotFound } from '../queries/checkpoint-not-found.error';
import { ForkThreadCommand, ForkThreadResult } from './fork-thread.command';

/** O(1) in the source's length: reads the source's origin and last event, appends one ThreadForked. */
@CommandHandler(ForkThreadCommand)
export class ForkThreadHandler implements ICommandHandler<ForkThreadCommand, ForkThreadResult> {
  private readonly history: ThreadHistory;

  constructor(
    private readonly repository: ThreadRepository,
    private readonly lineage: ThreadLineage,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {
    this.history = new ThreadHistory(readStore);
  }

  async execute({ sourceThreadId, at, context }: ForkThreadCommand): Promise<ForkThreadResult> {
    const source = await this.lineage.head(sourceThreadId);
    if (source === null || source.ownerId !== context.actor) throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
    const eventNumber = 'eventNumber' in at ? at.eventNumber : await this.checkpointEventNumber(sourceThreadId, at.checkpointId);
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

  private async checkpointEventNumber(sourceThreadId: string, checkpointId: string): Promise<number> {
    const thread = await this.readStore.getThread(sourceThreadId);
    const segments = thread && (await this.history.segments(thread));
    const eventNumber = segments ? await this.history.checkpointEventNumber(segments, checkpointId) : null;
    if (eventNumber === null) throw new CheckpointNotFound(checkpointId);
    return eventNumber;
  }
}
