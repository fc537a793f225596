import { Inject, Injectable } from '@nestjs/common';
import { LIVE_RECORDS, LiveRecordStore } from '@forkline/event-store';
import { ProjectedEvent, runStatus } from '@forkline/read-models';
import { stop } from '../../infrastructure/thread-feed/stopped';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { LgFrame, RunFrames, StreamedRun } from './run-frames';
import { RunOutput } from './run.dto';
import { RunQueries, RunState } from './run-queries';
import { keptRecords, LAST_RECORD_GRACE_MS, noRecordsComing } from './run-records';
import { RunSource } from './run-stream';
import { RunValues } from './run-values';

/** Events after which a run may be over (or gone): the read models are looked at again only then. */
const ENDING = new Set(['RunCompleted', 'RunFailed', 'RunStopped', 'MessageDeleted', 'ThreadDeleted']);
/** What a completed run's row holds that an answer reads (its status; a completed run's error and times are not read). */
const COMPLETED: RunState = { status: 'completed', message_deleted: 0, started_at: null, ended_at: null, error: null };
const DURABLE_STATUS = { completed: 'completed', failed: 'failed', cancelled: 'stopped' } as const;

/**
 * What wait and join answer: the last `values` (or `error`) frame the run's stream would end with, without following the
 * thread's feed. A run's end is durable before its last live record (`run_ended`), so this waits for the read models to
 * show the run over (woken by the commits that can end it), then reads the run's `run_ended` — the record its stream
 * ends with — or, when it has none, makes the end from the durable one, exactly as RunStream decides.
 */
@Injectable()
export class RunOutcome {
  constructor(
    private readonly feed: ThreadFeed,
    private readonly runs: RunQueries,
    private readonly values: RunValues,
    @Inject(LIVE_RECORDS) private readonly live: LiveRecordStore,
  ) {}

  async of(run: StreamedRun, source: RunSource, signal: AbortSignal): Promise<RunOutput> {
    const threadId = source.forklineThreadId;
    const frames = new RunFrames(run, new Set(['values']), (messageId) => this.values.upTo(threadId, messageId));
    const row = await this.over(run, threadId, signal);
    if (signal.aborted) return {};
    // Gone with its thread: the stream ended at the deletion, with the state the run started from if it had started.
    if (!row)
      return (await keptRecords(this.live, threadId, run.runId, source.liveAfter)).started ? this.values.upTo(threadId, run.replyTo) : {};
    const status = DURABLE_STATUS[runStatus(row) as keyof typeof DURABLE_STATUS];
    const durable = () => frames.endedWithoutRecord(status, row.error ?? undefined, status === 'completed' ? run.replyId : undefined);
    // A completed run's run_ended names its answer, run.replyId (RunExecutor), and its frames are then the durable end's:
    // only a failed or stopped run's record (its error text, a stopped run's partial answer) is worth reading.
    if (status === 'completed') return outputOf(await durable());
    return outputOf(await this.ending(run, source, row, frames, durable, signal));
  }

  /** The run's row once the read models show it over; null once it is gone (its thread deleted) or the caller left. */
  private async over(run: StreamedRun, threadId: string, signal: AbortSignal): Promise<RunState | null> {
    let [woken, wake] = [true, () => {}];
    // Whether the ends seen since the last look are only the run's RunCompleted: its row then reads completed (the runs
    // projector sets exactly that, and these events come once the read models hold them), so it need not be read.
    let onlyCompleted = false;
    const ends = (e: ProjectedEvent) => {
      const data = e.data as { replyTo?: string; messageId?: string };
      if (!ENDING.has(e.type) || (e.type !== 'ThreadDeleted' && data.replyTo !== run.replyTo && data.messageId !== run.replyTo)) return;
      onlyCompleted = e.type === 'RunCompleted' && (onlyCompleted || !woken);
      woken = true;
      wake();
    };
    // Listening before the first look: an end committed in between is seen by the look or wakes the next one.
    const unlisten = this.feed.onCommit(threadId, ends);
    const left = () => wake();
    signal.addEventListener('abort', left, { once: true });
    try {
      while (!signal.aborted) {
        if (!woken) await new Promise<void>((resolve) => (wake = resolve));
        if (onlyCompleted && !signal.aborted) return COMPLETED;
        woken = false;
        const row = await this.runs.find(run.runId, threadId);
        const status = row && runStatus(row);
        if (!status) return null;
        if (status !== 'pending' && status !== 'running') return row;
      }
      return null;
    } finally {
      unlisten();
      signal.removeEventListener('abort', left);
    }
  }

  /** The frames the run's stream ends with: from its `run_ended` (waited for while it may still come), else its durable end. */
  private async ending(
    run: StreamedRun,
    source: RunSource,
    row: RunState,
    frames: RunFrames,
    durable: () => Promise<LgFrame[]>,
    signal: AbortSignal,
  ): Promise<LgFrame[]> {
    const threadId = source.forklineThreadId;
    const kept = await keptRecords(this.live, threadId, run.runId, source.liveAfter);
    if (kept.ended) return frames.of(kept.ended);
    if (noRecordsComing(kept.recorded, !!row.started_at, row.ended_at)) return durable();
    const grace = new AbortController();
    const timer = setTimeout(() => stop(grace), LAST_RECORD_GRACE_MS);
    try {
      for await (const batch of this.live.follow(threadId, kept.last, AbortSignal.any([signal, grace.signal]))) {
        const ended = batch.find((r) => r.runId === run.runId && r.type === 'run_ended');
        if (ended) return frames.of(ended);
      }
      return signal.aborted ? [] : durable();
    } finally {
      clearTimeout(timer);
    }
  }
}

function outputOf(frames: LgFrame[]): RunOutput {
  const last = frames.filter((f) => f.event === 'values' || f.event === 'error').at(-1);
  if (!last) return {};
  if (last.event === 'error') return { __error__: last.data as { error: string; message: string } };
  return last.data as RunOutput;
}
