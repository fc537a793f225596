import { BadRequestException, Injectable } from '@nestjs/common';
import { ThreadLineage } from '@forkline/event-store';
import { cut, ThreadHistory } from '@forkline/read-models';
import { auditView } from '../../http/event-view';
import { ThreadQueries, toMessageItem } from './thread-queries.service';

/** JSON bytes of events one page answers at most (one event always, so paging advances): a page of 1000 ~1 MiB file events would be ~1 GB. */
export const EVENTS_PAGE_BYTES = 4 * 1024 * 1024;
/** Events read from the store at a time while filling a page: few at first, then as many as the average size so far says still fit. */
const FIRST_READ = 8;
const MAX_READ = 100;

const RUN_STATUS: Record<string, string> = { RunStarted: 'running', RunCompleted: 'completed', RunFailed: 'failed', RunStopped: 'stopped' };

/** Time travel: a thread as it was at an event number or a checkpoint, from the read models and the log. */
@Injectable()
export class ThreadStateQuery {
  constructor(
    private readonly history: ThreadHistory,
    private readonly lineage: ThreadLineage,
    private readonly threads: ThreadQueries,
  ) {}

  /**
   * The raw log of a thread (inherited events included) with each event's audit metadata: at most `limit` events
   * and EVENTS_PAGE_BYTES of JSON; the client asks on from the last event_number + 1.
   */
  async events(userId: string, threadId: string, from = 0, limit = 100) {
    await this.threads.thread(userId, threadId);
    const page: ReturnType<typeof auditView>[] = [];
    let bytes = 2; // the array's brackets
    for (let next = from; page.length < limit;) {
      const fit = page.length === 0 ? FIRST_READ : Math.ceil((EVENTS_PAGE_BYTES - bytes) / (bytes / page.length)) + 1;
      const upTo = next + Math.max(1, Math.min(fit, MAX_READ, limit - page.length)) - 1;
      const records = await this.lineage.recordsBetween(threadId, next, upTo);
      for (const record of records) {
        const item = auditView(record);
        bytes += Buffer.byteLength(JSON.stringify(item)) + 1; // and its comma
        if (page.length > 0 && bytes > EVENTS_PAGE_BYTES) return page;
        page.push(item);
      }
      if (records.length < upTo - next + 1) break; // past the head
      next = upTo + 1;
    }
    return page;
  }

  async state(userId: string, threadId: string, at: { checkpointId?: string; eventNumber?: number }) {
    const thread = await this.threads.thread(userId, threadId);
    const segments = await this.threads.segments(thread);
    if (at.checkpointId !== undefined && at.eventNumber !== undefined)
      throw new BadRequestException('give either checkpoint_id or event_number, not both');
    let eventNumber = at.eventNumber ?? thread.event_number;
    if (at.checkpointId !== undefined) {
      eventNumber = await this.threads.checkpointEventNumber(segments, at.checkpointId);
    } else if (eventNumber > thread.event_number) {
      throw new BadRequestException(`event_number: must be between 0 and ${thread.event_number} (the thread's head), got ${eventNumber}`);
    }
    const past = cut(segments, eventNumber);
    const [messages, checkpoint, lastRun, pending] = await Promise.all([
      this.history.messages(past),
      at.checkpointId !== undefined ? Promise.resolve({ checkpoint_id: at.checkpointId }) : this.history.latestCheckpoint(past),
      this.lineage.lastRunEventAt(threadId, eventNumber),
      this.lineage.unansweredAt(threadId, eventNumber),
    ]);
    const status = pending.length > 0 ? 'running' : lastRun ? RUN_STATUS[lastRun.type] : 'idle';
    return {
      thread_id: threadId,
      event_number: eventNumber,
      checkpoint_id: checkpoint?.checkpoint_id ?? null,
      messages: messages.map(toMessageItem),
      run: { status, run_id: lastRun && 'runId' in lastRun.data ? lastRun.data.runId : null, pending_messages: pending.length },
    };
  }
}
