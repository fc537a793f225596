import { Inject, Injectable } from '@nestjs/common';
import { LIVE_RECORDS, LiveRecord, LiveRecordStore, RecordedEvent } from '@forkline/event-store';
import { stop } from '../../infrastructure/thread-feed/stopped';
import { ThreadFeed } from '../../infrastructure/thread-feed/thread-feed';
import { LgFrame, RunFrames, StreamedRun, StreamMode } from './run-frames';
import { keptRecords, LAST_RECORD_GRACE_MS, noRecordsComing } from './run-records';
import { RunValues } from './run-values';

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

interface DurableEnd {
  status: 'completed' | 'stopped' | 'failed';
  /** When the log recorded it. */
  at: string;
  error?: string;
  /** The answer, when it is known to be there. */
  messageId?: string;
}

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
    @Inject(LIVE_RECORDS) private readonly live: LiveRecordStore,
  ) {}

  async *frames(
    run: StreamedRun,
    source: RunSource,
    modes: ReadonlySet<StreamMode>,
    after: number,
    signal: AbortSignal,
  ): AsyncGenerator<NumberedFrame[]> {
    // The state a run starts from is cut at its own message, whose event number the source knows (-1: gone, looked up).
    const known = (messageId: string) =>
      messageId === run.replyTo && source.messageEventNumber >= 0 ? source.messageEventNumber : undefined;
    const frames = new RunFrames(run, modes, (messageId) => this.values.upTo(source.forklineThreadId, messageId, known(messageId)));
    let next = 0;
    const numbered = (list: LgFrame[]): NumberedFrame[] =>
      list.map((f) => ({ ...f, id: String(next++) })).filter((f) => Number(f.id) > after);
    /** The end of a run whose last record is not there: from its durable end. */
    const endedDurably = async (end: DurableEnd) => numbered(await frames.endedWithoutRecord(end.status, end.error, end.messageId));
    yield numbered([frames.metadata()]);
    const grace = new AbortController();
    const following = AbortSignal.any([signal, grace.signal]);
    let [started, end]: [boolean, DurableEnd | undefined] = [false, undefined];
    /** One of the run's records came: it has records (none need be looked for in the store). */
    let recorded = false;
    let timer: NodeJS.Timeout | undefined;
    const cursor = { durable: source.messageEventNumber, live: source.liveAfter };
    try {
      for await (const items of this.feed.subscribe(source.forklineThreadId, cursor, following)) {
        for (const item of items) {
          if (item.kind === 'live') {
            if (item.record.runId !== run.runId) continue;
            recorded = true;
            yield numbered(await frames.of(item.record));
            if (isEnd(item.record)) return;
          } else {
            started ||= item.event.type === 'RunStarted' && (item.event.data as { replyTo?: string }).replyTo === run.replyTo;
            end ??= durableEnd(item.event, run);
          }
        }
        if (!end || timer) continue;
        const kept = recorded || (await keptRecords(this.live, source.forklineThreadId, run.runId, source.liveAfter)).recorded;
        if (noRecordsComing(kept, started, end.at)) {
          yield await endedDurably(end);
          return;
        }
        timer = setTimeout(() => stop(grace), LAST_RECORD_GRACE_MS);
      }
      if (end && !signal.aborted) yield await endedDurably(end);
    } finally {
      clearTimeout(timer);
      stop(grace);
    }
  }
}

const isEnd = (record: LiveRecord) => record.type === 'run_ended';

/** The run's end as the durable log tells it (its end event, or its message's deletion), or null. */
function durableEnd(event: RecordedEvent, run: StreamedRun): DurableEnd | undefined {
  const data = event.data as { replyTo?: string; messageId?: string; error?: string };
  const at = event.metadata.occurredAt;
  if (event.type === 'MessageDeleted') return data.messageId === run.replyTo ? { status: 'stopped', at } : undefined;
  if (data.replyTo !== run.replyTo) return undefined;
  if (event.type === 'RunStopped') return { status: 'stopped', at };
  if (event.type === 'RunFailed') return { status: 'failed', at, error: data.error };
  if (event.type === 'RunCompleted') return { status: 'completed', at, messageId: run.replyId };
  return undefined;
}
