import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { decide, defaultAgentId, initialThreadState, ThreadCommand, ThreadNotFound } from '@forkline/domain';
import { CommandContext, ForkRegistry, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { ThreadQueries } from '../queries/thread-queries.service';
import { ForkThreadCommand, ForkThreadResult } from './fork-thread.command';

/**
 * O(1) in the source's length: reads the source's origin and last event, appends one ThreadForked, between a
 * BranchForked and a BranchMade in the source's fork registry, where a delete of the source in any process meets it.
 */
@CommandHandler(ForkThreadCommand)
export class ForkThreadHandler implements ICommandHandler<ForkThreadCommand, ForkThreadResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly lineage: ThreadLineage,
    private readonly forks: ForkRegistry,
    private readonly queries: ThreadQueries,
    private readonly projections: ProjectionsService,
  ) {}

  /** Alone on the source's lineage in this process (fewer registry conflicts), until the read models list the new branch. */
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
    const command: ThreadCommand = {
      type: 'ForkThread',
      threadId: newThreadId,
      ownerId: context.actor,
      sourceThreadId,
      fromEventNumber: eventNumber,
      source: { exists: true, ownerId, head, unansweredAtFork, agentId },
    };
    // A refused fork (bad fork point) is refused before the registry hears of it.
    decide(command, initialThreadState());
    await this.begin(sourceThreadId, newThreadId, context);
    const outcome = await this.repository.execute(command, context);
    try {
      await this.forks.made(sourceThreadId, newThreadId, context);
    } catch (error) {
      // A delete of the source closed its registry first: the new thread must not outlive its source.
      if (error instanceof ThreadNotFound)
        await this.repository.execute({ type: 'DeleteThread', threadId: newThreadId, userId: context.actor, branchCount: 0 }, context);
      throw error;
    }
    return { newThreadId, position: outcome.position };
  }

  private async begin(sourceThreadId: string, newThreadId: string, context: CommandContext): Promise<void> {
    await this.forks.fork({ sourceThreadId, branchThreadId: newThreadId, forkedAt: new Date().toISOString() }, context);
    // On the embedded store a registry removed with its deleted source starts anew: the source itself must still be there.
    if ((await this.lineage.head(sourceThreadId)) !== null) return;
    await this.forks.remove(sourceThreadId, newThreadId, context);
    throw new ThreadNotFound(sourceThreadId, 'source_thread_id');
  }

  private async checkpointEventNumber(userId: string, sourceThreadId: string, checkpointId: string): Promise<number> {
    const source = await this.queries.thread(userId, sourceThreadId);
    return this.queries.checkpointEventNumber(await this.queries.segments(source), checkpointId);
  }
}
