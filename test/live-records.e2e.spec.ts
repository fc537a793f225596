import Database from 'better-sqlite3';
import { rmSync } from 'fs';
import { join } from 'path';
import { EVENT_STORE, EventStore, LIVE_RECORDS, LiveRecordStore, liveAnswerOf } from '@forkline/event-store';
import { READ_STORE, ReadStore } from '@forkline/read-models';
import { servedAndRebuilt } from './support/rebuild-check';
import { components, openStream } from './support/sse-client';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

describe('live run records in the running server', () => {
  let t: TestApp;
  let live: LiveRecordStore;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const ended = (threadId: string) =>
    eventually(
      () => live.read(threadId, -1),
      (records) => records.some((r) => r.type === 'run_ended'),
    );

  beforeAll(async () => {
    t = await startTestApp({ OFFLINE_TOKEN_DELAY_MS: '2' });
    live = t.app.get(LIVE_RECORDS);
  });
  afterAll(async () => {
    await t.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  it("a turn's records start, stream the answer that the reply holds, and end; none of them is in the event log", async () => {
    const threadId = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    await api('POST', '/commands/send-message', { thread_id: threadId, content: 'stream me' });
    const records = await ended(threadId);
    // Read straight from the live store, run_ended may come before the read models hold the reply (the API's feeds
    // order it after the reply's event; this test reads around them).
    const messages = await eventually(
      async () => (await api('GET', `/threads/${threadId}/messages`)).body as { role: string; content: string; message_id: string }[],
      (list) => list.some((m) => m.role === 'assistant'),
    );
    const reply = messages.find((m) => m.role === 'assistant')!;
    expect(records[0]).toMatchObject({ type: 'run_started', data: { attempt: 1, mode: 'chat' } });
    expect(liveAnswerOf(records)).toBe(reply.content);
    expect(records[records.length - 1]).toMatchObject({ type: 'run_ended', data: { status: 'completed', message_id: reply.message_id } });
    const log = new Database(join(t.dataDir, 'events.db'), { readonly: true });
    const types = log.prepare('SELECT DISTINCT type FROM events').pluck().all() as string[];
    log.close();
    expect(types.filter((type) => records.some((r) => r.type === type))).toEqual([]);
  });

  it('a rebuild with live records stored gives the read models the server has', async () => {
    const threadId = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    await api('POST', '/commands/send-message', { thread_id: threadId, content: 'rebuild around me' });
    await ended(threadId);
    await eventually(
      async () => (await api('GET', `/threads/${threadId}/messages`)).body.length,
      (n) => n === 2,
    );
    expect((await live.read(threadId, -1)).length).toBeGreaterThan(2);
    const { served, rebuilt } = await servedAndRebuilt(t.app.get<EventStore>(EVENT_STORE), t.app.get<ReadStore>(READ_STORE));
    expect(served).toEqual(rebuilt);
  });

  it("deleting a workflow's thread removes its live records", async () => {
    const wf = (await api('POST', '/api/chat/playground/start', { input: 'short lived' })).body;
    await ended(wf.id);
    expect((await api('DELETE', `/api/workflows/${wf.id}`)).status).toBe(200);
    await eventually(
      () => live.read(wf.id, -1),
      (records) => records.length === 0,
    );
  });
});

describe('live run records past their retention', () => {
  let t: TestApp;
  let live: LiveRecordStore;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);

  beforeAll(async () => {
    // The janitor then runs every second (its shortest interval).
    t = await startTestApp({ OFFLINE_TOKEN_DELAY_MS: '2', RUN_STREAM_RETENTION: '1s' });
    live = t.app.get(LIVE_RECORDS);
  });
  afterAll(async () => {
    await t.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  it('are gone from the store and from the thread stream after retention; the durable events stay', async () => {
    const threadId = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    await api('POST', '/commands/send-message', { thread_id: threadId, content: 'forget my tokens' });
    const messages = await eventually(
      () => api('GET', `/threads/${threadId}/messages`),
      (r) => r.body.some((m: { role: string }) => m.role === 'assistant'),
    );
    await eventually(
      () => live.read(threadId, -1),
      (records) => records.length === 0,
    );
    const head = (await api('GET', `/threads/${threadId}/head`)).body.event_number;
    const stream = await openStream(t.baseUrl, `/threads/${threadId}/stream?last_event_id=-1:-1`);
    try {
      const frames = await stream.until((f) => components(f).durable.includes(head));
      expect(components(frames).live).toEqual([]);
      expect(frames.map((f) => f.event)).toContain('ThreadCreated');
    } finally {
      stream.close();
    }
    expect((await api('GET', `/threads/${threadId}/messages`)).body).toEqual(messages.body);
  });
});
