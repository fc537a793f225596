import { EVENT_STORE, EventStore } from './support/events';
import { BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

describe('chat playground and workflow API (chat-playground-api.md), offline model', () => {
  let t: TestApp;
  let events: EventStore;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const start = (body: unknown, query = '') => api('POST', `/api/chat/playground/start${query}`, body);
  const settled = (id: string) =>
    eventually(
      () => api('GET', `/api/workflows/${id}/status`),
      (r) => r.body.status !== 'running',
    );

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('POST start creates a workflow (Actionplan by default) and continues it by workflowId', async () => {
    const first = await start({ input: 'Analyze the quarterly sales data', metadata: { source: 'test' } });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      id: expect.stringMatching(/^wf_/),
      userId: 'alice',
      status: 'running',
      mode: 'Actionplan',
      messageIds: [expect.any(String)],
      logIds: [],
    });
    expect(first.body.createdAt).toBeCloseTo(Date.now() / 1000, -1);
    await settled(first.body.id);
    const next = await start({ input: 'And now as a table' }, `?workflowId=${first.body.id}&workflowMode=React`);
    expect(next.body).toMatchObject({ id: first.body.id, status: 'running', mode: 'React' });
    await settled(first.body.id);
    const messages = (await api('GET', `/api/workflows/${first.body.id}/messages`)).body;
    expect(messages.map((m: any) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
    expect(messages[0]).toMatchObject({
      workflowId: first.body.id,
      content: 'Analyze the quarterly sales data',
      metadata: { source: 'test' },
      files: [],
    });
  });

  it('POST start refuses bad input: mode, empty input, unknown workflow, unknown fields', async () => {
    const mode = await start({ input: 'x' }, '?workflowMode=Waterfall');
    expect([mode.status, mode.body.detail]).toEqual([400, 'workflowMode: must be one of: Actionplan, React']);
    expect((await start({ input: '  ' })).body.detail).toMatch(/^input: must not be empty/);
    expect((await start({ input: 'x', files: [{ id: 'f' }] })).body.detail).toMatch(/files\.0\.name/);
    expect((await start({ input: 'x', colour: 'red' })).body.detail).toMatch(/colour/);
    const unknown = await start({ input: 'x' }, '?workflowId=wf_nope');
    expect([unknown.status, unknown.body.detail]).toEqual([404, "workflow 'wf_nope' not found"]);
  });

  it('GET chatData merges messages, logs, stats and documents by _createdAt, and afterTimestamp returns only newer items', async () => {
    const wf = (await start({ input: 'Analyze this report', files: [{ id: 'file_001', name: 'report.pdf' }] })).body;
    await settled(wf.id);
    const all = (await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body;
    expect(Object.keys(all)).toEqual(['messages', 'logs', 'stats', 'documents']);
    expect(all.messages[0].files).toEqual([{ id: 'file_001', name: 'report.pdf', mimeType: null, url: null, size: null }]);
    expect(all.documents).toEqual([expect.objectContaining({ id: 'file_001', messageId: all.messages[0].id, workflowId: wf.id })]);
    expect(all.logs.length).toBeGreaterThan(0);
    expect(all.stats).toHaveLength(1);
    for (const list of Object.values(all) as any[][]) {
      expect(list.map((i) => i._createdAt)).toEqual([...list.map((i) => i._createdAt)].sort((a, b) => a - b));
    }
    const cut = all.documents[0]._createdAt; // attached right after the message
    const newer = (await api('GET', `/api/chat/playground/${wf.id}/chatData?afterTimestamp=${cut}`)).body;
    expect(newer.messages.map((m: any) => m.role)).toEqual(['assistant']);
    expect(newer.documents).toEqual([]);
    expect(newer.logs).toEqual(all.logs);
    expect((await api('GET', `/api/chat/playground/${wf.id}/chatData?afterTimestamp=soon`)).body.detail).toMatch(/^afterTimestamp: /);
    expect((await api('GET', `/api/chat/playground/${wf.id}/chatData?afterTimestamp=9e12`)).body.detail).toMatch(
      /^afterTimestamp: must be a Unix time/,
    );
  });

  it("GET /api/workflows/ lists only the caller's workflows; GET by id; 404 for another user's", async () => {
    const wf = (await start({ input: 'mine' })).body;
    const list = (await api('GET', '/api/workflows/')).body;
    expect(list.map((w: any) => w.id)).toContain(wf.id);
    expect((await api('GET', `/api/workflows/${wf.id}`)).body).toMatchObject({ id: wf.id, userId: 'alice' });
    expect((await call(t.baseUrl, 'GET', '/api/workflows/', undefined, { key: BOB_KEY })).body).toEqual([]);
    for (const path of [
      `/api/workflows/${wf.id}`,
      `/api/workflows/${wf.id}/status`,
      `/api/workflows/${wf.id}/logs`,
      `/api/workflows/${wf.id}/messages`,
      `/api/chat/playground/${wf.id}/chatData`,
    ]) {
      expect((await call(t.baseUrl, 'GET', path, undefined, { key: BOB_KEY })).status).toBe(404);
    }
    expect((await call(t.baseUrl, 'POST', `/api/chat/playground/${wf.id}/stop`, undefined, { key: BOB_KEY })).status).toBe(404);
  });

  it('PUT updates only name, description and tags', async () => {
    const wf = (await start({ input: 'rename me' })).body;
    const updated = await api('PUT', `/api/workflows/${wf.id}`, { name: 'Sales Analysis Q4', tags: ['sales', 'analysis'] });
    expect(updated.body).toMatchObject({ id: wf.id, name: 'Sales Analysis Q4', tags: ['sales', 'analysis'], description: null });
    expect((await api('PUT', `/api/workflows/${wf.id}`, { description: 'Q4' })).body).toMatchObject({
      name: 'Sales Analysis Q4',
      description: 'Q4',
    });
    const refused = await api('PUT', `/api/workflows/${wf.id}`, { name: 'x', status: 'completed' });
    expect([refused.status, refused.body.detail]).toEqual([400, 'status: property status should not exist']);
    expect((await api('PUT', `/api/workflows/${wf.id}`, {})).status).toBe(400);
    expect((await api('PUT', `/api/workflows/${wf.id}`, { tags: 'sales' })).body.detail).toMatch(/^tags: /);
  });

  it('GET status, logs?logId= and messages?messageId= return the lightweight status and only newer items', async () => {
    const wf = (await start({ input: 'steps please' })).body;
    await settled(wf.id);
    expect(Object.keys((await api('GET', `/api/workflows/${wf.id}/status`)).body)).toEqual([
      'id',
      'status',
      'currentStep',
      'progress',
      'updatedAt',
    ]);
    const logs = (await api('GET', `/api/workflows/${wf.id}/logs`)).body;
    expect(logs.length).toBeGreaterThan(2);
    expect((await api('GET', `/api/workflows/${wf.id}/logs?logId=${logs[1].id}`)).body).toEqual(logs.slice(2));
    expect((await api('GET', `/api/workflows/${wf.id}/logs?logId=log_unknown`)).status).toBe(404);
    const messages = (await api('GET', `/api/workflows/${wf.id}/messages`)).body;
    expect((await api('GET', `/api/workflows/${wf.id}/messages?messageId=${messages[0].id}`)).body).toEqual(messages.slice(1));
    expect((await api('GET', `/api/workflows/${wf.id}/messages?messageId=msg_unknown`)).status).toBe(404);
  });

  it('DELETE a message or a file reference: no endpoint returns the content any more', async () => {
    const wf = (
      await start({
        input: 'secret plans',
        files: [
          { id: 'f1', name: 'a.txt', content: 'alpha' },
          { id: 'f2', name: 'b.txt' },
        ],
      })
    ).body;
    await settled(wf.id);
    const [userMessage] = (await api('GET', `/api/workflows/${wf.id}/messages`)).body;
    const removed = await api('DELETE', `/api/workflows/${wf.id}/messages/${userMessage.id}/files/f1`);
    expect(removed.body).toEqual({
      workflowId: wf.id,
      messageId: userMessage.id,
      fileId: 'f1',
      message: 'File reference deleted successfully',
    });
    expect((await api('GET', `/api/workflows/${wf.id}/messages`)).body[0].files.map((f: any) => f.id)).toEqual(['f2']);
    expect((await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body.documents.map((d: any) => d.id)).toEqual(['f2']);
    expect((await api('DELETE', `/api/workflows/${wf.id}/messages/${userMessage.id}/files/f1`)).status).toBe(404);

    const deleted = await api('DELETE', `/api/workflows/${wf.id}/messages/${userMessage.id}`);
    expect(deleted.body).toEqual({ workflowId: wf.id, messageId: userMessage.id, message: 'Message deleted successfully' });
    const listings = [
      (await api('GET', `/api/workflows/${wf.id}/messages`)).body,
      (await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body.messages,
      (await api('GET', `/threads/${wf.id}/messages`)).body,
    ];
    // (the offline model's reply quotes the question: that reply is another message, and stays)
    for (const list of listings) expect(list.filter((m: any) => m.content === 'secret plans' || m.role === 'user')).toEqual([]);
    const everywhere = JSON.stringify([
      listings,
      (await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body,
      (await api('GET', `/api/workflows/${wf.id}`)).body,
    ]);
    expect(everywhere).not.toContain(userMessage.id);
    expect(everywhere).not.toContain('b.txt');
    expect((await api('DELETE', `/api/workflows/${wf.id}/messages/${userMessage.id}`)).status).toBe(404);
  });

  it('DELETE a workflow removes it from every read model and its streams from the event store', async () => {
    const wf = (await start({ input: 'short-lived' })).body;
    await settled(wf.id);
    expect((await events.readStream(`thread-${wf.id}`)).length).toBeGreaterThan(0);
    const deleted = await api('DELETE', `/api/workflows/${wf.id}`);
    expect(deleted.body).toEqual({ id: wf.id, message: 'Workflow and associated data deleted successfully' });
    expect((await api('GET', `/api/workflows/${wf.id}`)).status).toBe(404);
    expect((await api('GET', `/threads/${wf.id}/head`)).status).toBe(404);
    expect((await api('GET', '/api/workflows/')).body.map((w: any) => w.id)).not.toContain(wf.id);
    expect(await events.readStream(`thread-${wf.id}`)).toEqual([]);
    expect(await events.readStream(`checkpoints-${wf.id}`)).toEqual([]);
    const record = (await events.readStream('deletions')).find((e) => (e.data as any).threadId === wf.id);
    expect(record).toMatchObject({ type: 'ThreadStreamDeleted', metadata: { actor: 'alice' } });
    expect((await api('DELETE', `/api/workflows/${wf.id}`)).status).toBe(404);
  });

  it('refuses to delete a workflow whose history a branch still reads', async () => {
    const wf = (await start({ input: 'parent' })).body;
    await settled(wf.id);
    await api('POST', '/commands/fork-thread', { source_thread_id: wf.id, event_number: 1 });
    const refused = await api('DELETE', `/api/workflows/${wf.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/branch/);
  });

  it('integration example: start a workflow with a file upload, poll chatData, then poll incrementally', async () => {
    const wf = (await start({ input: 'Analyze this report', files: [{ id: 'file_001', name: 'report.pdf' }] }, '?workflowMode=Actionplan'))
      .body;
    const ids = (page: any) => [...page.messages, ...page.logs, ...page.stats, ...page.documents].map((i: any) => i.id);
    const first = (await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body;
    expect(first.messages[0]).toMatchObject({ content: 'Analyze this report', files: [expect.objectContaining({ id: 'file_001' })] });
    const seen = ids(first);
    let after = Math.max(...[...first.messages, ...first.logs, ...first.stats, ...first.documents].map((i: any) => i._createdAt));
    for (let running = true; running;) {
      running = (await api('GET', `/api/workflows/${wf.id}/status`)).body.status === 'running';
      const page = (await api('GET', `/api/chat/playground/${wf.id}/chatData?afterTimestamp=${after}`)).body;
      const items = [...page.messages, ...page.logs, ...page.stats, ...page.documents];
      seen.push(...ids(page));
      if (items.length) after = Math.max(...items.map((i: any) => i._createdAt));
    }
    const all = (await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body;
    expect(all.messages.map((m: any) => m.role)).toEqual(['user', 'assistant']);
    expect([...seen].sort()).toEqual(ids(all).sort());
  });

  it('integration examples: monitoring a run, and cleaning up old workflows', async () => {
    const wf = (await start({ input: 'monitor me' })).body;
    const status = await settled(wf.id);
    expect(status.body.status).toBe('completed');
    expect((await api('GET', `/api/workflows/${wf.id}/logs`)).status).toBe(200);
    const stopped = await api('POST', `/api/chat/playground/${wf.id}/stop`);
    expect(stopped.body).toMatchObject({ id: wf.id, status: 'completed' }); // nothing to stop: a no-op

    const old = [(await start({ input: 'old 1' })).body.id, (await start({ input: 'old 2' })).body.id];
    for (const id of old) await settled(id);
    const listed = (await api('GET', '/api/workflows/')).body.map((w: any) => w.id);
    expect(listed).toEqual(expect.arrayContaining(old));
    for (const id of old) expect((await api('DELETE', `/api/workflows/${id}`)).status).toBe(200);
    expect((await api('GET', '/api/workflows/')).body.map((w: any) => w.id)).not.toEqual(expect.arrayContaining([old[0]]));
  });
});
