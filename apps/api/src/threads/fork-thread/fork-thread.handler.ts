import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { defaultAgentId, ThreadNotFound } from '@forkline/domain';
import { ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { ThreadQueries } from '../queries/thread-queries.service';
import { ForkThreadCommand, ForkThreadResult } from './fork-thread.command';

/** O(1) in the source's length: reads the source's origin and last event, appends one ThreadForked. */
@CommandHandler(ForkThreadCommand)
export class ForkThreadHandler implements ICommandHandler<ForkThreadCommand, ForkThreadResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly lineage: ThreadLineage,
    private readonly queries: ThreadQueries,
    private readonly projections: ProjectionsService,
  ) {}

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
    const eventNumber =
      'eventNumber' in at ? at.eventNumber : await this.checkpointEventNumber(context.actor, sourceThreadId, at.checkpointId);
    const { head, ownerId } = source;
    // A fork answers with its source's agent (a source from before agents: the owner's default one).
    const agentId = source.agentId ?? defaultAgentId(ownerId);
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
        source: { exists: true, ownerId, head, unansweredAtFork, agentId },
      },
      context,
    );
    return { newThreadId, position: outcome.position };
  }

  private async checkpointEventNumber(userId: string, sourceThreadId: string, checkpointId: string): Promise<number> {
    const source = await this.queries.thread(userId, sourceThreadId);
    return this.queries.checkpointEventNumber(await this.queries.segments(source), checkpointId);
  }
}
