import { Inject, Injectable } from '@nestjs/common';
import { ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { ProjectionsService } from '../../../infrastructure/projections.service';
import { DifyAppContext } from '../dify-app-context';
import { difyTagOf } from '../conversations/dify-conversations';

/** A task (a run answering a /v1 chat message) as its stop needs it: where it runs and what it answers. */
export interface DifyTask {
  taskId: string;
  threadId: string;
  messageId: string;
}

/**
 * Tasks by id, from the read models every process shares (the `runs` row and the tag of the message it answers), so any
 * API process can stop a task begun in another. Like Dify's `generate_task_belong`, only the end user who sent the
 * message finds it, and only while it has not ended.
 */
@Injectable()
export class DifyTasks {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly repository: ThreadRepository,
    private readonly projections: ProjectionsService,
  ) {}

  /** Stops the task if it is this end user's and not over, from any API process; what Dify's two faces answer is success either way. */
  async stop(app: DifyAppContext, endUserId: string, taskId: string): Promise<void> {
    const task = await this.unfinished(app, endUserId, taskId);
    if (!task) return;
    // Naming the message: a run that ended meanwhile is left as it is (the decider stops nothing).
    const command = { type: 'StopRun' as const, threadId: task.threadId, userId: app.ownerId, replyTo: task.messageId };
    const outcome = await this.repository.execute(command, app.context);
    if (outcome.position !== undefined) await this.projections.waitForReadModels(outcome.position);
  }

  async unfinished(app: DifyAppContext, endUserId: string, taskId: string): Promise<DifyTask | undefined> {
    const [run] = await this.readStore.query('runs', { run_id: taskId.toLowerCase(), owner_id: app.ownerId }, { limit: 1 });
    if (!run?.reply_to || (run.status !== 'pending' && run.status !== 'running')) return undefined;
    const [message] = await this.readStore.query(
      'messages',
      { thread_id: run.thread_id, message_id: run.reply_to, role: 'user' },
      { limit: 1, columns: ['metadata'] },
    );
    const tag = difyTagOf(message?.metadata);
    if (tag?.agent_id !== app.agentId || tag.end_user_id !== endUserId) return undefined;
    return { taskId: run.run_id, threadId: run.thread_id, messageId: run.reply_to };
  }
}
