import { Injectable } from '@nestjs/common';
import { LiveRecord, RecordedEvent } from '@forkline/event-store';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { LgFrame, RunFrames, StreamedRun, StreamMode } from './run-frames';
import { RunValues } from './run-values';

/** How long a run whose end is durable may still take to write its last live record before the stream ends without it. */
export const LAST_RECORD_GRACE_MS = 15_000;

/** Where a run's stream reads from: the Forkline thread that runs it, the event number of its message, the first live seq to look at. */
export interface RunSource {
  forklineThreadId: string;
  messageEventNumber: number;
  /** Live records of the thread up to this seq are older than the run (-1: look at all that are kept). */
  liveAfter: number;
}

export interface NumberedFrame extends LgFrame {
  id: string;
}

type DurableEnd = { status: 'stopped' | 'failed'; error?: string } | 'completed';

/**
 * A run's SSE frames, numbered from 0 (the `metadata` frame) in the order its live records were written, following the
 * thread's feed (the source of the threads face's stream) until the run is over. The numbering depends on the run's
 * records alone, so `after` resumes exactly: frames numbered up to it are made again and not sent.
 */
@Injectable()
export class RunStream {
  constructor(
    private readonly feed: ThreadFeed,
    private readonly values: RunValues,
  ) {}

  async *frames(run: StreamedRun, source: RunSource, modes: ReadonlySet<StreamMode>, after: number, signal: AbortSignal) {
    const frames = new RunFrames(run, modes, (messageId) => this.values.upTo(source.forklineThreadId, messageId));
    let next = 0;
    const numbered = (list: LgFrame[]): NumberedFrame[] =>
      list.map((f) => ({ ...f, id: String(next++) })).filter((f) => Number(f.id) > after);
    yield numbered([frames.metadata()]);
    const grace = new AbortController();
    const following = AbortSignal.any([signal, grace.signal]);
    let started = false;
    let end: DurableEnd | undefined;
    let timer: NodeJS.Timeout | undefined;
    const cursor = { durable: source.messageEventNumber, live: source.liveAfter };
    try {
      for await (const items of this.feed.subscribe(source.forklineThreadId, cursor, following)) {
        for (const item of items) {
          if (item.kind === 'live') {
            if (item.record.runId !== run.runId) continue;
            yield numbered(await frames.of(item.record));
            if (isEnd(item.record)) return;
            continue;
          }
          const seen = durableOf(item.event, run.replyTo);
          if (seen === 'started') started = true;
          else if (seen) end ??= seen;
        }
        if (end && !started) {
          // Ended before any worker started it (stopped while queued, its message deleted): it has no records.
          if (end !== 'completed') yield numbered(await frames.endedWithoutRecord(end.status, end.error));
          return;
        }
        if (end && !timer) timer = setTimeout(() => grace.abort(), LAST_RECORD_GRACE_MS);
      }
      // The thread went, or the run's last record never came (its worker died after the durable end): ended all the same.
      if (end && end !== 'completed' && !signal.aborted) yield numbered(await frames.endedWithoutRecord(end.status, end.error));
    } finally {
      clearTimeout(timer);
      grace.abort();
    }
  }
}

const isEnd = (record: LiveRecord) => record.type === 'run_ended';

/** What a durable event of the thread says of the run answering `replyTo`. */
function durableOf(event: RecordedEvent, replyTo: string): 'started' | DurableEnd | null {
  const data = event.data as { replyTo?: string; messageId?: string; error?: string };
  if (event.type === 'MessageDeleted') return data.messageId === replyTo ? { status: 'stopped' } : null;
  if (data.replyTo !== replyTo) return null;
  if (event.type === 'RunStarted') return 'started';
  if (event.type === 'RunStopped') return { status: 'stopped' };
  if (event.type === 'RunFailed') return { status: 'failed', error: data.error };
  if (event.type === 'RunCompleted') return 'completed';
  return null;
}
