import { EventEmitter } from 'events';
import type { Response } from 'express';
import { SseStream } from './sse-stream';

/** Just enough of an express Response to see what a stream writes. */
function fakeResponse() {
  const res = Object.assign(new EventEmitter(), {
    written: [] as string[],
    headers: {} as Record<string, string>,
    writableEnded: false,
    status: () => res,
    setHeader: (name: string, value: string) => void (res.headers[name.toLowerCase()] = value),
    flushHeaders: () => undefined,
    write: (text: string) => (res.written.push(text), true),
    end: () => void (res.writableEnded = true),
  });
  return res;
}

describe('SseStream', () => {
  it("writes Dify's data-only frames and its `event: ping` heartbeat when asked, and the native frames otherwise", async () => {
    const res = fakeResponse();
    const sse = new SseStream(res as unknown as Response, 5, 'event: ping\n\n');
    await sse.sendData([{ event: 'message', answer: 'hé' }]);
    await new Promise((r) => setTimeout(r, 30));
    sse.end();
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(res.written[0]).toBe('data: {"event":"message","answer":"hé"}\n\n');
    expect(res.written.slice(1).length).toBeGreaterThan(0);
    expect(new Set(res.written.slice(1))).toEqual(new Set(['event: ping\n\n']));

    const native = fakeResponse();
    const plain = new SseStream(native as unknown as Response, 5);
    await plain.send([{ id: '1:-1', event: 'ThreadCreated', data: { a: 1 } }]);
    await new Promise((r) => setTimeout(r, 30));
    plain.end();
    expect(native.written[0]).toBe('id: 1:-1\nevent: ThreadCreated\ndata: {"a":1}\n\n');
    expect(new Set(native.written.slice(1))).toEqual(new Set([': ping\n\n']));
  });
});
