import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AgentSaga } from '@forkline/agent';
import { ThreadRepository } from '@forkline/event-store';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { WorkflowCommandResult } from '../workflow-command';
import { StopWorkflowCommand } from './stop-workflow.command';

/** Records RunStopped (idempotent: nothing running is no error), then aborts the model call in flight. */
@CommandHandler(StopWorkflowCommand)
export class StopWorkflowHandler implements ICommandHandler<StopWorkflowCommand, WorkflowCommandResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
    private readonly agent: AgentSaga,
  ) {}

  async execute({ workflowId, context }: StopWorkflowCommand): Promise<WorkflowCommandResult> {
    await this.queries.thread(context.actor, workflowId);
    const outcome = await this.repository.execute({ type: 'StopRun', threadId: workflowId, userId: context.actor }, context);
    const [stopped] = outcome.events;
    if (stopped?.type === 'RunStopped') this.agent.abortRun(workflowId, stopped.data.replyTo);
    return { position: outcome.position };
  }
}
