import { ConflictException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { replyIdFor, runIdFor } from '@forkline/domain';
import { CommandContext, LIVE_RECORDS, LiveRecordStore, ThreadRepository } from '@forkline/event-store';
import { StorageQuota } from '../../http/storage-quota';
import { ProjectionsService } from '../../infrastructure/projections.service';
import { StreamedRun } from './run-frames';
import { RunCanceller } from './run-canceller';
import { inputMessage } from './run-input';
import { LG_RUN_KEY, LgRunFields, RunQueries } from './run-queries';
import { RunCreateRequest } from './run-request.dto';
import { RunSource } from './run-stream';
import { RunTarget, RunThreads } from './run-threads';

export const THREAD_BUSY = 'Thread is already running a task. Wait for it to finish or choose a different multitask strategy.';

export interface StartedRun {
  run: StreamedRun;
  source: RunSource;
  target: RunTarget;
}

/**
 * A run starts as Forkline's runs do: its input message is sent to the thread (SendMessage, the threads face's domain
 * command), and the agent answers it as any message, with its ownership, quota, queueing, stop and audit. Its run id is
 * the one Forkline gives the run answering that message, known as soon as the message is sent.
 */
@Injectable()
export class RunStarter {
  constructor(
    private readonly repository: ThreadRepository,
    private readonly threads: RunThreads,
    private readonly runs: RunQueries,
    private readonly canceller: RunCanceller,
    private readonly projections: ProjectionsService,
    private readonly quota: StorageQuota,
    @Inject(LIVE_RECORDS) private readonly live: LiveRecordStore,
  ) {}

  async start(threadId: string, body: RunCreateRequest, context: CommandContext): Promise<StartedRun> {
    const userId = context.actor;
    const agentId = await this.threads.assistant(userId, body.assistant_id);
    if (body.command != null)
      throw new UnprocessableEntityException('command: Forkline agents do not interrupt, so there is nothing to resume');
    if (body.checkpoint != null || body.checkpoint_id != null)
      throw new UnprocessableEntityException('checkpoint: running from an earlier checkpoint is not served yet');
    const content = inputMessage(body.input);
    if (content === null) throw new UnprocessableEntityException('input: a run needs one new human message');
    // Every check before the first write: a refused run writes nothing (a thread it would create included).
    const strategy = body.multitask_strategy ?? 'reject';
    const fields: LgRunFields = { assistant_id: agentId, metadata: body.metadata ?? {}, multitask_strategy: strategy };
    await this.quota.check(userId, { content, fields });
    const target = await this.threads.forRun(userId, threadId, agentId, body.if_not_exists ?? 'reject', context);
    const active = await this.runs.active(target.threadId);
    if (active.length > 0 && strategy === 'reject') throw new ConflictException(THREAD_BUSY);
    if (strategy === 'interrupt' || strategy === 'rollback') {
      for (const run of active) await this.canceller.cancel(run, strategy, false, context);
    }
    // The run's records come after the thread's newest one now: a stream of it need not read older runs' records.
    const [newest] = await this.live.readLatest(target.threadId, 1);
    const messageId = randomUUID();
    const command = {
      type: 'SendMessage' as const,
      threadId: target.threadId,
      userId,
      messageId,
      content,
      metadata: { [LG_RUN_KEY]: fields },
    };
    const outcome = await this.repository.execute(command, context);
    await this.projections.waitForReadModels(outcome.position);
    const runId = runIdFor(target.threadId, messageId);
    return {
      run: { runId, threadId, replyTo: messageId, replyId: replyIdFor(runId) },
      source: {
        forklineThreadId: target.threadId,
        messageEventNumber: await this.runs.messageEventNumber(messageId),
        liveAfter: newest?.seq ?? -1,
      },
      target,
    };
  }
}
