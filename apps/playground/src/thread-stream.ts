import { createParser } from 'eventsource-parser';

export interface Frame {
  id: string;
  event: string;
  data: Record<string, unknown>;
}
export type StreamStatus = 'connecting' | 'live' | 'reconnecting';

/**
 * Follows GET /threads/{id}/stream with fetch (EventSource cannot send the Authorization header). The first
 * request replays the whole conversation (from_event_number=0); after a drop it resumes with Last-Event-ID, so
 * every frame arrives exactly once. Returns a function that ends it.
 */
export function followThread(
  threadId: string,
  headers: Record<string, string>,
  onFrame: (frame: Frame) => void,
  onStatus: (status: StreamStatus, error?: string) => void,
): () => void {
  const abort = new AbortController();
  let lastId: string | undefined;

  const once = async () => {
    const url = `/threads/${encodeURIComponent(threadId)}/stream${lastId === undefined ? '?from_event_number=0' : ''}`;
    const response = await fetch(url, {
      headers: { ...headers, Accept: 'text/event-stream', ...(lastId === undefined ? {} : { 'Last-Event-ID': lastId }) },
      signal: abort.signal,
    });
    if (!response.ok || !response.body) {
      const body = await response.text();
      throw new Error(`${response.status}: ${body ? (JSON.parse(body) as { detail?: string }).detail : 'stream refused'}`);
    }
    onStatus('live');
    const parser = createParser({
      onEvent: (e) => {
        if (e.id !== undefined) lastId = e.id;
        onFrame({ id: e.id ?? '', event: e.event ?? 'message', data: JSON.parse(e.data) as Record<string, unknown> });
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  };

  void (async () => {
    onStatus('connecting');
    while (!abort.signal.aborted) {
      try {
        await once();
        if (abort.signal.aborted) return;
        onStatus('reconnecting', 'The stream ended; resuming');
      } catch (error) {
        if (abort.signal.aborted) return;
        onStatus('reconnecting', `Connection lost (${(error as Error).message}); resuming`);
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return () => abort.abort();
}
