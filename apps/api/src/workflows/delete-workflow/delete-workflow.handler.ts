import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { DeleteWorkflowCommand } from './delete-workflow.command';

/** Records ThreadDeleted; the read models drop the workflow and the stream janitor removes its streams. */
@CommandHandler(DeleteWorkflowCommand)
export class DeleteWorkflowHandler implements ICommandHandler<DeleteWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** Counts branches alone on the lineage: a fork in flight has finished (and is listed) or waits. */
  async execute({ workflowId, context }: DeleteWorkflowCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    return this.repository.aloneOnLineage(workflowId, async () => {
      const branchCount = (await this.readStore.listBranches(workflowId)).length;
      const outcome = await this.repository.execute(
        { type: 'DeleteThread', threadId: workflowId, userId: context.actor, branchCount },
        context,
      );
      return { position: outcome.position };
    });
  }
}
