import { BadRequestException, ConflictException, Inject, Injectable, UnprocessableEntityException } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { replyIdFor, runIdFor, ThreadEvent } from '@forkline/domain';
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

  /**
   * `streamed`: the caller follows the run's live records from its start (a stream), so where they begin is looked up.
   * Wait and a background run need no such bound: the records are read only for a run that failed or stopped, from the
   * thread's first kept one (as join reads them), which saves every other run that look-up.
   */
  async start(threadId: string, body: RunCreateRequest, context: CommandContext, streamed = true): Promise<StartedRun> {
    const userId = context.actor;
    const agentId = await this.threads.assistant(userId, body.assistant_id);
    if (body.command != null)
      throw new UnprocessableEntityException('command: Forkline agents do not interrupt, so there is nothing to resume');
    const content = inputMessage(body.input);
    const checkpointId = checkpointOf(body);
    if (content === null && checkpointId === undefined)
      throw new UnprocessableEntityException('input: a run needs one new human message (or a checkpoint with one to answer)');
    // Every check before the first write: a refused run writes nothing (a thread or a branch it would create included).
    const strategy = body.multitask_strategy ?? 'reject';
    const fields: LgRunFields = { assistant_id: agentId, metadata: body.metadata ?? {}, multitask_strategy: strategy };
    await this.quota.check(userId, { content, fields });
    const target = await this.threads.forRun(userId, threadId, agentId, body.if_not_exists ?? 'reject', context);
    if (checkpointId !== undefined) await this.threads.checkpoint(userId, target, checkpointId, content === null);
    const active = await this.runs.active(target.family);
    if (active.length > 0 && strategy === 'reject') throw new ConflictException(THREAD_BUSY);
    if (strategy === 'interrupt' || strategy === 'rollback') {
      for (const run of active) await this.canceller.cancel(run, strategy, false, context);
    }
    const branch = await this.threads.runThread(userId, target, checkpointId, context);
    // The run's records come after the branch's newest one now: a stream of it need not read older runs' records.
    const [newest] = streamed ? await this.live.readLatest(branch, 1) : [];
    const sent = content === null ? { messageId: await this.pendingAt(branch) } : await this.send(branch, content, fields, context);
    const replyTo = sent.messageId;
    const runId = runIdFor(branch, replyTo);
    const messageEventNumber = sent.eventNumber ?? (await this.runs.messageEventNumber(replyTo));
    return {
      run: { runId, threadId, replyTo, replyId: replyIdFor(runId) },
      source: { forklineThreadId: branch, messageEventNumber, liveAfter: newest?.seq ?? -1 },
      target,
    };
  }

  /** Sends the run's message; its event number comes with the events the command appended (read back only if none were). */
  private async send(branch: string, content: string, fields: LgRunFields, context: CommandContext): Promise<SentMessage> {
    const messageId = randomUUID();
    const metadata = { [LG_RUN_KEY]: fields };
    const outcome = await this.repository.execute(
      { type: 'SendMessage', threadId: branch, userId: context.actor, messageId, content, metadata },
      context,
    );
    await this.projections.waitForReadModels(outcome.position);
    return { messageId, eventNumber: sentEventNumber(outcome.events, messageId) };
  }

  /** A branch at a checkpoint with a message to answer answers it itself (as any fork): that is the run. */
  private async pendingAt(branch: string): Promise<string> {
    const [run] = (await this.runs.active([branch])).sort((a, b) => ((a.created_at ?? '') < (b.created_at ?? '') ? -1 : 1));
    if (!run?.reply_to) throw new UnprocessableEntityException('input: the checkpoint has no message to answer: send one');
    return run.reply_to;
  }
}

interface SentMessage {
  messageId: string;
  eventNumber?: number;
}

/** The event number of the UserMessageAdded of `messageId` among a command's events (undefined: not among them). */
export function sentEventNumber(events: ThreadEvent[], messageId: string): number | undefined {
  for (const e of events) if (e.type === 'UserMessageAdded' && e.data.messageId === messageId) return e.data.eventNumber;
  return undefined;
}

/** The checkpoint a run starts from: `checkpoint.checkpoint_id`, or `checkpoint_id`. */
function checkpointOf(body: RunCreateRequest): string | undefined {
  const nested = body.checkpoint?.checkpoint_id;
  if (nested !== undefined && nested !== null && typeof nested !== 'string')
    throw new BadRequestException('checkpoint.checkpoint_id: must be a string');
  return (nested as string | null | undefined) ?? body.checkpoint_id ?? undefined;
}
