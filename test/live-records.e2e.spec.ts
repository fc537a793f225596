import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EVENT_STORE, EventStore, LIVE_RECORDS, LiveRecordStore, liveAnswerOf } from '@forkline/event-store';
import { READ_MODEL_PROJECTORS, READ_MODEL_TABLES, READ_STORE, ReadStore, rebuildReadModels, SqliteReadStore } from '@forkline/read-models';
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
    const messages = (await api('GET', `/threads/${threadId}/messages`)).body;
    const reply = messages.find((m: { role: string }) => m.role === 'assistant');
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
    const served: ReadStore = t.app.get(READ_STORE);
    const dir = mkdtempSync(join(tmpdir(), 'fl-live-rebuild-'));
    const rebuilt = new SqliteReadStore(join(dir, 'read-models.db'));
    try {
      await rebuildReadModels(t.app.get<EventStore>(EVENT_STORE), rebuilt, READ_MODEL_PROJECTORS);
      const tables = Object.keys(READ_MODEL_TABLES).filter((n) => n !== 'agent_inbox' && n !== 'pending_deletions');
      const dumps = (store: ReadStore) => Promise.all(tables.map(async (table) => ({ table, rows: await store.dump(table) })));
      const expected = await dumps(rebuilt);
      // The server's projections may still be applying the run's last events: they reach what the rebuild made.
      const servedDumps = await eventually(
        () => dumps(served),
        (got) => JSON.stringify(got) === JSON.stringify(expected),
        15_000,
      ).catch(() => dumps(served));
      expect(servedDumps).toEqual(expected);
    } finally {
      await rebuilt.close();
      rmSync(dir, { recursive: true, force: true });
    }
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
