import Database from 'better-sqlite3';
import { rmSync } from 'fs';
import { join } from 'path';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

/** What one turn stored: its checkpoint events' bytes, and its two messages' content bytes. */
interface TurnBytes {
  checkpoint: number;
  messages: number;
}

describe('checkpoint storage through the HTTP API: the graph state is the conversation', () => {
  let t: TestApp;
  let events: Database.Database;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);

  beforeAll(async () => {
    t = await startTestApp();
    events = new Database(join(t.dataDir, 'events.db'), { readonly: true });
  });
  afterAll(async () => {
    events.close();
    await t.close();
    rmSync(t.dataDir, { recursive: true, force: true });
  });

  const checkpointBytes = (threadId: string) =>
    events
      .prepare('SELECT COALESCE(SUM(length(data) + length(metadata)), 0) FROM events WHERE stream_id = ?')
      .pluck()
      .get(`checkpoints-${threadId}`) as number;
  const checkpointedAt = (threadId: string) =>
    (events
      .prepare("SELECT MAX(json_extract(data, '$.threadEventNumber')) FROM events WHERE stream_id = ? AND type = 'CheckpointSaved'")
      .pluck()
      .get(`checkpoints-${threadId}`) as number | null) ?? -1;

  /** Sends one message and waits for its reply and the run's checkpoint; returns what the turn stored. */
  async function turn(threadId: string, n: number, seen: { eventNumber: number }): Promise<TurnBytes> {
    const before = checkpointBytes(threadId);
    await api('POST', '/commands/send-message', { thread_id: threadId, content: `turn ${n}: what changed this quarter?` });
    const { body: messages } = await eventually(
      () => api('GET', `/threads/${threadId}/messages?after=${seen.eventNumber}`),
      (r) => r.body.some((m: { role: string }) => m.role === 'assistant'),
    );
    seen.eventNumber = Math.max(...messages.map((m: { event_number: number }) => m.event_number));
    // The run checkpoints once it has recorded its reply.
    await eventually(
      async () => checkpointedAt(threadId),
      (at) => at >= seen.eventNumber,
    );
    const text = messages.reduce((sum: number, m: { content: string }) => sum + Buffer.byteLength(m.content), 0);
    return { checkpoint: checkpointBytes(threadId) - before, messages: text };
  }

  it('adds about the same checkpoint bytes at turn 60 as at turn 10, at most 1.5 KB beyond the turn’s messages', async () => {
    await api('POST', '/commands/create-thread', { thread_id: 'growth' });
    const seen = { eventNumber: 0 };
    const turns: TurnBytes[] = [];
    for (let n = 1; n <= 60; n++) turns.push(await turn('growth', n, seen));
    const [tenth, sixtieth] = [turns[9], turns[59]];
    expect(sixtieth.checkpoint).toBeLessThanOrEqual(tenth.checkpoint * 1.25);
    for (const { checkpoint, messages } of [tenth, sixtieth]) expect(checkpoint).toBeLessThanOrEqual(messages + 1536);
  });
});
