import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadForker } from '@forkline/event-store';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { ThreadQueries } from '../queries/thread-queries.service';
import { ForkThreadCommand, ForkThreadResult } from './fork-thread.command';

/** The threads face's fork: at an event number or at one of the source's checkpoints; answered once the read models list the branch. */
@CommandHandler(ForkThreadCommand)
export class ForkThreadHandler implements ICommandHandler<ForkThreadCommand, ForkThreadResult> {
  constructor(
    private readonly forker: ThreadForker,
    private readonly queries: ThreadQueries,
    private readonly projections: ProjectionsService,
  ) {}

  async execute({ sourceThreadId, at, context }: ForkThreadCommand): Promise<ForkThreadResult> {
    const eventNumber =
      'eventNumber' in at ? at.eventNumber : await this.checkpointEventNumber(context.actor, sourceThreadId, at.checkpointId);
    return this.forker.fork(sourceThreadId, eventNumber, context, (result) => this.projections.waitForReadModels(result.position));
  }

  private async checkpointEventNumber(userId: string, sourceThreadId: string, checkpointId: string): Promise<number> {
    const source = await this.queries.thread(userId, sourceThreadId);
    return this.queries.checkpointEventNumber(await this.queries.segments(source), checkpointId);
  }
}
