import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { ThreadNotFound } from '@forkline/domain';
import { ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { ProjectionsService } from '../../infrastructure/projections.service';
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
    private readonly projections: ProjectionsService,
  ) {
    this.history = new ThreadHistory(readStore);
  }

  /**
   * Alone on the source's lineage until the read models list the new branch, so a concurrent delete of
   * the source either sees the branch (and refuses) or happens first (and the fork finds no source).
   */
  execute(command: ForkThreadCommand): Promise<ForkThreadResult> {
    return this.repository.aloneOnLineage(command.sourceThreadId, async () => {
      const result = await this.fork(command);
      await this.projections.waitForReadModels(result.position);
      return result;
    });
  }

  private async fork({ sourceThreadId, at, context }: ForkThreadCommand): Promise<ForkThreadResult> {
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
