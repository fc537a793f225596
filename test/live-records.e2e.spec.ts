import Database from 'better-sqlite3';
import { rmSync } from 'fs';
import { join } from 'path';
import { LIVE_RECORDS, LiveRecord, LiveRecordStore } from '@forkline/event-store';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

/** The answer a follower assembles: the deltas since the last attempt start or reset. */
function answerOf(records: LiveRecord[]): string {
  let text = '';
  for (const r of records) {
    if (r.type === 'run_started' || (r.type === 'token_delta' && r.data.reset)) text = '';
    if (r.type === 'token_delta') text += r.data.text;
  }
  return text;
}

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
    expect(answerOf(records)).toBe(reply.content);
    expect(records[records.length - 1]).toMatchObject({ type: 'run_ended', data: { status: 'completed', message_id: reply.message_id } });
    const log = new Database(join(t.dataDir, 'events.db'), { readonly: true });
    const types = log.prepare('SELECT DISTINCT type FROM events').pluck().all() as string[];
    log.close();
    expect(types.filter((type) => records.some((r) => r.type === type))).toEqual([]);
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
