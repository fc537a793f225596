import { createParser } from 'eventsource-parser';

/** A Dify stream body parsed as Dify's web-app template does (service/base.ts handleStream): lines starting `data: `, one JSON each. */
export const webappChunks = (raw: string): any[] =>
  raw
    .split('\n')
    .filter((line) => line.startsWith('data: '))
    .map((line) => JSON.parse(line.slice('data: '.length)));

/** The same body parsed by eventsource-parser, as any SSE client reads it: `{event, data}` per frame (a ping has no data). */
export function sseFrames(raw: string): Array<{ event?: string; data: any }> {
  const frames: Array<{ event?: string; data: any }> = [];
  const parser = createParser({ onEvent: (m) => frames.push({ event: m.event, data: m.data ? JSON.parse(m.data) : null }) });
  parser.feed(raw);
  return frames;
}

/** The seed's schema for each chunk type Forkline sends. */
export const CHUNK_SCHEMAS: Record<string, string> = {
  workflow_started: 'StreamEventWorkflowStarted',
  node_started: 'StreamEventNodeStarted',
  node_finished: 'StreamEventNodeFinished',
  message: 'StreamEventChatMessage',
  message_replace: 'StreamEventChatMessageReplace',
  message_end: 'StreamEventChatMessageEnd',
  workflow_finished: 'StreamEventWorkflowFinished',
  error: 'StreamEventChatError',
};

export interface PostedStream {
  status: number;
  headers: Headers;
  /** Chunks so far (web-app parsing), in order. */
  chunks: any[];
  /** Resolves once `done(chunks)` holds; fails if the stream ends first or after `timeoutMs`. */
  until(done: (chunks: any[]) => boolean, timeoutMs?: number): Promise<any[]>;
  ended: Promise<string>;
  close(): void;
}

/** POST /v1/chat-messages in streaming mode over fetch, parsing chunks as they come. */
export async function postStream(baseUrl: string, key: string, body: Record<string, unknown>): Promise<PostedStream> {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/v1/chat-messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ response_mode: 'streaming', ...body }),
    signal: abort.signal,
  });
  const chunks: any[] = [];
  const listeners = new Set<() => void>();
  let finished = false;
  let raw = '';
  const ended = (async () => {
    const decoder = new TextDecoder();
    let pending = '';
    try {
      for await (const part of response.body as unknown as AsyncIterable<Uint8Array>) {
        const text = decoder.decode(part, { stream: true });
        raw += text;
        pending += text;
        const lines = pending.split('\n');
        pending = lines.pop()!;
        chunks.push(...webappChunks(lines.map((l) => l + '\n').join('')));
        listeners.forEach((l) => l());
      }
    } catch {
      // closed by the client
    }
    finished = true;
    listeners.forEach((l) => l());
    return raw;
  })();
  return {
    status: response.status,
    headers: response.headers,
    chunks,
    ended,
    close: () => abort.abort(),
    until: (done, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => finish(() => reject(new Error(`not reached; got ${chunks.map((c) => c.event)}`))), timeoutMs);
        const finish = (then: () => void) => (clearTimeout(timer), listeners.delete(check), then());
        const check = () => {
          if (done(chunks)) finish(() => resolve(chunks));
          else if (finished) finish(() => reject(new Error(`stream ended first; got ${chunks.map((c) => c.event)}`)));
        };
        listeners.add(check);
        check();
      }),
  };
}
