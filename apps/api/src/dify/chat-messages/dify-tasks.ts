import { Injectable } from '@nestjs/common';

/** A task (a run answering a /v1 chat message) as its stop needs it: where it runs and whose it is. */
export interface DifyTask {
  taskId: string;
  threadId: string;
  messageId: string;
  agentId: string;
  endUserId: string;
}

/** How long a task can be stopped after it began, as Dify keeps `generate_task_belong` (30 minutes). */
const KEPT_MS = 30 * 60_000;

/**
 * The tasks begun in this process, by task id (a run id is a hash of its thread and message, so it does not lead back
 * to them). Like Dify's Redis entry, it lets only the end user who began a task stop it, for 30 minutes.
 */
@Injectable()
export class DifyTasks {
  private readonly tasks = new Map<string, DifyTask & { at: number }>();

  add(task: DifyTask, now = Date.now()): void {
    // Oldest first (insertion order): the expired ones are at the front.
    for (const [id, t] of this.tasks) {
      if (t.at >= now - KEPT_MS) break;
      this.tasks.delete(id);
    }
    this.tasks.set(task.taskId, { ...task, at: now });
  }

  get(taskId: string): DifyTask | undefined {
    return this.tasks.get(taskId);
  }

  delete(taskId: string): void {
    this.tasks.delete(taskId);
  }
}
