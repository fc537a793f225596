import { advance, FeedCursor, FeedItem, formatCursor } from '../../infrastructure/thread-feed/feed-cursor';
import { auditView } from '../../http/event-view';
import { SseFrame } from '../../http/sse-stream';
import { DurableFrameData, LiveFrameData } from './stream-thread.dto';

/** The SSE frames of feed items delivered after `cursor`; each frame's id is the cursor once it is delivered. */
export function threadFrames(items: FeedItem[], cursor: FeedCursor): { frames: SseFrame[]; cursor: FeedCursor } {
  const frames = items.map((item) => {
    cursor = advance(cursor, item);
    return { id: formatCursor(cursor), event: item.kind === 'event' ? item.event.type : item.record.type, data: frameData(item) };
  });
  return { frames, cursor };
}

function frameData(item: FeedItem): DurableFrameData | LiveFrameData {
  if (item.kind === 'live') {
    const { seq, runId, type, data, at } = item.record;
    return { seq, run_id: runId, type, data, at };
  }
  const { event_number, event_id, type, data, occurred_at, actor } = auditView(item.event);
  return { event_number, event_id, type, data: data as Record<string, unknown>, occurred_at, actor };
}
