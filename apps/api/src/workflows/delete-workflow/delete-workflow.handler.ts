import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore, ForkRegistry, liveBranchIds, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { DeleteWorkflowCommand } from './delete-workflow.command';

/**
 * Closes the thread's fork registry, then records ThreadDeleted; the read models drop the workflow and the stream
 * janitor removes its streams. The registry decides a race with a fork in any process (libs/domain fork-registry.ts).
 */
@CommandHandler(DeleteWorkflowCommand)
export class DeleteWorkflowHandler implements ICommandHandler<DeleteWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
    private readonly forks: ForkRegistry,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  async execute({ workflowId, context }: DeleteWorkflowCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    return this.repository.aloneOnLineage(workflowId, async () => {
      // Forks made before the registry existed are only in the read models: they count too.
      const unregistered = (await this.readStore.listBranches(workflowId)).map((b) => b.thread_id);
      const live = async (branches: Parameters<typeof liveBranchIds>[2]) =>
        new Set([...unregistered, ...(await liveBranchIds(this.eventStore, workflowId, branches))]).size;
      await this.forks.close(workflowId, live, context);
      const outcome = await this.repository.execute(
        { type: 'DeleteThread', threadId: workflowId, userId: context.actor, branchCount: 0 },
        context,
      );
      return { position: outcome.position };
    });
  }
}
