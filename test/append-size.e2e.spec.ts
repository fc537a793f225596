import { EVENT_STORE, EventStore, threadStreamIdOf } from './support/events';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

/** Issue 11 item 4: a file's text is stored once, and an append over the store's limit is a 413 that writes nothing. */
describe('append size: file content stored once, oversize appends refused with 413', () => {
  const apps: TestApp[] = [];
  const open = async (env: Record<string, string> = {}) => {
    const t = await startTestApp(env);
    apps.push(t);
    const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
    const settled = (id: string) =>
      eventually(
        () => api('GET', `/api/workflows/${id}/status`),
        (r) => r.body.status !== 'running',
      );
    return { api, settled, events: t.app.get<EventStore>(EVENT_STORE) };
  };
  afterAll(() => Promise.all(apps.map((t) => t.close())));

  const file = (i: number, chars: number) => ({ id: `f${i}`, name: `part-${i}.txt`, content: `${i}`.repeat(chars) });

  it('accepts a ~1 MB message with files and stores each file text once, in its DocumentAttached only', async () => {
    const { api, settled, events } = await open();
    const files = [0, 1, 2, 3, 4].map((i) => file(i, 200_000));
    const body = { input: 'Summarize these', files };
    expect(JSON.stringify(body).length).toBeGreaterThan(1_000_000);
    const started = await api('POST', '/api/chat/playground/start?workflowMode=React', body);
    expect(started.status).toBe(200);
    await settled(started.body.id);

    const stored = await events.readStream(threadStreamIdOf(started.body.id));
    const sizeOf = (type: string) => stored.filter((e) => e.type === type).map((e) => JSON.stringify(e.data).length);
    expect(sizeOf('UserMessageAdded')[0]).toBeLessThan(2_000);
    expect(sizeOf('DocumentAttached')).toHaveLength(5);
    const message = stored.find((e) => e.type === 'UserMessageAdded')!.data as { files: object[] };
    expect(message.files).toEqual(files.map(({ content: _, ...reference }) => reference));
    for (const f of files) expect(stored.filter((e) => JSON.stringify(e.data).includes(f.content))).toHaveLength(1);

    const chat = (await api('GET', `/api/chat/playground/${started.body.id}/chatData`)).body;
    expect(chat.documents.map((d: { id: string; hasContent: boolean }) => [d.id, d.hasContent])).toEqual(files.map((f) => [f.id, true]));
  });

  it('answers 413 {"detail"} to a message over the append limit, and writes nothing of it', async () => {
    const { api, settled, events } = await open({ EVENTSTORE_MAX_APPEND_SIZE: '262144' });
    const first = await api('POST', '/api/chat/playground/start', { input: 'hello' });
    await settled(first.body.id);
    const stream = threadStreamIdOf(first.body.id);
    const before = await events.readStream(stream);

    const big = { input: 'and these', files: [file(0, 150_000), file(1, 150_000)] };
    const refused = await api('POST', `/api/chat/playground/start?workflowId=${first.body.id}`, big);
    expect(refused.status).toBe(413);
    expect(refused.body).toEqual({ detail: expect.stringMatching(/over the 262144-byte limit of one append/) });
    expect(await events.readStream(stream)).toEqual(before);
    expect((await api('GET', `/api/workflows/${first.body.id}/messages`)).body.map((m: { role: string }) => m.role)).toEqual([
      'user',
      'assistant',
    ]);
  });
});
