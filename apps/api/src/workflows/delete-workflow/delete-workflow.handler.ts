import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { WorkflowCommand, WorkflowCommandResult } from '../workflow-command';

export class DeleteWorkflowCommand extends WorkflowCommand {}

/** Records ThreadDeleted; the read models drop the workflow and the stream janitor removes its streams. */
@CommandHandler(DeleteWorkflowCommand)
export class DeleteWorkflowHandler implements ICommandHandler<DeleteWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
  ) {}

  /** Counts branches alone on the lineage: a fork in flight has finished (and is listed) or waits. */
  execute({ workflowId, context }: DeleteWorkflowCommand): Promise<WorkflowCommandResult> {
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
