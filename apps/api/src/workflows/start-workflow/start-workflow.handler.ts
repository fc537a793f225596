import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'crypto';
import { ThreadRepository } from '@forkline/event-store';
import { StorageQuota } from '../../http/storage-quota';
import { WorkflowQueries } from '../queries/workflow-queries.service';
import { StartWorkflowCommand, StartWorkflowResult } from './start-workflow.command';

/** Creates the workflow's thread when none is given (else checks it is the user's), then appends the message. */
@CommandHandler(StartWorkflowCommand)
export class StartWorkflowHandler implements ICommandHandler<StartWorkflowCommand, StartWorkflowResult> {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly queries: WorkflowQueries,
    private readonly quota: StorageQuota,
  ) {}

  async execute({ workflowId, input, context, options }: StartWorkflowCommand): Promise<StartWorkflowResult> {
    // Before anything is written: a refused message creates no workflow either.
    await this.quota.check(context.actor, { input, files: options.files });
    const threadId = workflowId ?? `wf_${randomUUID()}`;
    if (workflowId === undefined) {
      await this.repository.execute({ type: 'CreateThread', threadId, ownerId: context.actor }, context);
    } else {
      await this.queries.thread(context.actor, workflowId);
    }
    const files = options.files?.map((f) => ({ ...f, id: f.id ?? `file_${randomUUID()}` }));
    const outcome = await this.repository.execute(
      { type: 'SendMessage', threadId, userId: context.actor, messageId: randomUUID(), content: input, ...options, files },
      context,
    );
    // The message is appended after the thread, so waiting for its position covers both.
    return { workflowId: threadId, position: outcome.position };
  }
}
