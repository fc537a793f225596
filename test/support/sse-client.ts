import { createParser, EventSourceMessage } from 'eventsource-parser';
import { ALICE_KEY } from './test-app';

/** One parsed frame: its id, event name and JSON data. */
export interface Frame {
  id: string;
  event: string;
  data: any;
}

export interface SseConnection {
  status: number;
  headers: Headers;
  /** Frames parsed so far, in order. */
  frames: Frame[];
  /** `: ping`-style comments seen so far. */
  comments: string[];
  /** The body of a refused request, parsed. */
  error?: any;
  /** Resolves once `done(frames)` holds; fails after `timeoutMs` (or when the stream ends first), showing what came. */
  until(done: (frames: Frame[]) => boolean, timeoutMs?: number): Promise<Frame[]>;
  /** Resolves once the server ended the stream. */
  ended: Promise<void>;
  /** Disconnects, as a client going away does. */
  close(): void;
}

/** Opens GET `path` as an SSE client would, parsing the body with eventsource-parser as it arrives. */
export async function openStream(
  baseUrl: string,
  path: string,
  options: { key?: string; lastEventId?: string; headers?: Record<string, string> } = {},
): Promise<SseConnection> {
  const abort = new AbortController();
  const response = await fetch(baseUrl + path, {
    headers: {
      accept: 'text/event-stream',
      authorization: `Bearer ${options.key ?? ALICE_KEY}`,
      ...(options.lastEventId === undefined ? {} : { 'last-event-id': options.lastEventId }),
      ...options.headers,
    },
    signal: abort.signal,
  });
  const frames: Frame[] = [];
  const comments: string[] = [];
  const listeners = new Set<() => void>();
  const changed = () => listeners.forEach((l) => l());
  let finished = false;
  const connection: SseConnection = {
    status: response.status,
    headers: response.headers,
    frames,
    comments,
    ended: Promise.resolve(),
    close: () => abort.abort(),
    until: (done, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (done(frames)) return finish(() => resolve(frames));
          if (finished) finish(() => reject(new Error(`stream ended first; got ${listed(frames)}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`not reached in ${timeoutMs} ms; got ${listed(frames)}`))), timeoutMs);
        const finish = (then: () => void) => (clearTimeout(timer), listeners.delete(check), then());
        listeners.add(check);
        check();
      }),
  };
  if (response.status !== 200) {
    connection.error = JSON.parse(await response.text());
    return connection;
  }
  const parser = createParser({
    onEvent: (m: EventSourceMessage) => frames.push({ id: m.id ?? '', event: m.event ?? 'message', data: JSON.parse(m.data) }),
    onComment: (c) => comments.push(c.trim()),
  });
  connection.ended = (async () => {
    const decoder = new TextDecoder();
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        changed();
      }
    } catch {
      // aborted by close()
    } finally {
      finished = true;
      changed();
    }
  })();
  return connection;
}

/** The frame ids as [durable, live] pairs. */
export const idsOf = (frames: Frame[]): Array<[number, number]> => frames.map((f) => f.id.split(':').map(Number) as [number, number]);

function listed(frames: Frame[]): string {
  return JSON.stringify(frames.map((f) => `${f.id} ${f.event}`));
}

/** Ids move forward one component at a time. */
export function expectStrictlyIncreasing(frames: Frame[]): void {
  const ids = idsOf(frames);
  for (let i = 1; i < ids.length; i++) {
    const [[d0, l0], [d1, l1]] = [ids[i - 1], ids[i]];
    expect({ at: i, ok: (d1 > d0 && l1 === l0) || (l1 > l0 && d1 === d0) }).toEqual({ at: i, ok: true });
  }
}

/** The durable event numbers and the live seqs a client was given, each in order. */
export function components(frames: Frame[]): { durable: number[]; live: number[] } {
  return {
    durable: frames.filter((f) => 'event_number' in f.data).map((f) => f.data.event_number),
    live: frames.filter((f) => 'seq' in f.data).map((f) => f.data.seq),
  };
}
