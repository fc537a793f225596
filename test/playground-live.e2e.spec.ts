import { EVENT_STORE, EventStore } from './support/events';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

/** Runs that take a while (slow offline tokens): stopping them, and polling them incrementally. */
describe('live workflows: stop, and incremental polling while runs write', () => {
  let t: TestApp;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const status = (id: string) => api('GET', `/api/workflows/${id}/status`);

  beforeAll(async () => {
    t = await startTestApp({ OFFLINE_TOKEN_DELAY_MS: '40' });
  });
  afterAll(() => t.close());

  it('stop aborts the model call, keeps the partial answer marked stopped, is idempotent, and the workflow can continue', async () => {
    const events: EventStore = t.app.get(EVENT_STORE);
    const wf = (await api('POST', '/api/chat/playground/start?workflowMode=React', { input: 'tell me a long story' })).body;
    await eventually(
      () => status(wf.id),
      (r) => r.body.currentStep === 'starting',
    );
    await new Promise((r) => setTimeout(r, 300)); // a few tokens streamed
    const stopped = await api('POST', `/api/chat/playground/${wf.id}/stop`);
    expect(stopped.body).toMatchObject({ id: wf.id, status: 'stopped', stoppedAt: expect.any(Number) });
    const again = await api('POST', `/api/chat/playground/${wf.id}/stop`);
    expect(again.body).toMatchObject({ status: 'stopped', stoppedAt: stopped.body.stoppedAt });

    const partial = await eventually(
      () => api('GET', `/api/workflows/${wf.id}/messages`),
      (r) => r.body.length === 2,
    );
    expect(partial.body[1]).toMatchObject({ role: 'assistant', stopped: true });
    expect(partial.body[1].content).toMatch(/^\[offline model\] /);
    expect(partial.body[1].content).not.toContain('for real answers.'); // the end of the full offline answer
    const types = (await events.readStream(`thread-${wf.id}`)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['RunStopped', 'AssistantMessageAdded', 'StatRecorded']));
    expect(types).not.toContain('RunCompleted');

    await api('POST', `/api/chat/playground/start?workflowId=${wf.id}&workflowMode=React`, { input: 'short one' });
    const done = await eventually(
      () => status(wf.id),
      (r) => r.body.status === 'completed',
    );
    expect(done.body.progress).toBe(100);
    const messages = (await api('GET', `/api/workflows/${wf.id}/messages`)).body;
    expect(messages.map((m: any) => [m.role, m.stopped])).toEqual([
      ['user', false],
      ['assistant', true],
      ['user', false],
      ['assistant', false],
    ]);
  });

  it('afterTimestamp, logId and messageId polling in a loop loses and repeats nothing while runs write', async () => {
    // three runs queued on one workflow, about 10 s of writing
    const wf = (await api('POST', '/api/chat/playground/start', { input: 'first question' })).body;
    await api('POST', `/api/chat/playground/start?workflowId=${wf.id}`, { input: 'second question' });
    await api('POST', `/api/chat/playground/start?workflowId=${wf.id}&workflowMode=React`, { input: 'third question' });

    const seen = {
      chatMessages: [] as string[],
      chatLogs: [] as string[],
      chatStats: [] as string[],
      messages: [] as string[],
      logs: [] as string[],
    };
    let afterTimestamp: number | undefined;
    let lastMessage: string | undefined;
    let lastLog: string | undefined;
    const poll = async () => {
      const data = (
        await api('GET', `/api/chat/playground/${wf.id}/chatData${afterTimestamp === undefined ? '' : `?afterTimestamp=${afterTimestamp}`}`)
      ).body;
      const items = [...data.messages, ...data.logs, ...data.stats, ...data.documents];
      seen.chatMessages.push(...data.messages.map((m: any) => m.id));
      seen.chatLogs.push(...data.logs.map((l: any) => l.id));
      seen.chatStats.push(...data.stats.map((s: any) => s.id));
      if (items.length) afterTimestamp = Math.max(...items.map((i: any) => i._createdAt));
      const messages = (await api('GET', `/api/workflows/${wf.id}/messages${lastMessage ? `?messageId=${lastMessage}` : ''}`)).body;
      seen.messages.push(...messages.map((m: any) => m.id));
      if (messages.length) lastMessage = messages[messages.length - 1].id;
      const logs = (await api('GET', `/api/workflows/${wf.id}/logs${lastLog ? `?logId=${lastLog}` : ''}`)).body;
      seen.logs.push(...logs.map((l: any) => l.id));
      if (logs.length) lastLog = logs[logs.length - 1].id;
    };
    let polls = 0;
    const deadline = Date.now() + 60_000;
    for (; Date.now() < deadline && (await status(wf.id)).body.status === 'running'; polls++) {
      await poll();
      await new Promise((r) => setTimeout(r, 20));
    }
    await poll(); // once more after the last write

    const all = (await api('GET', `/api/chat/playground/${wf.id}/chatData`)).body;
    expect(polls).toBeGreaterThan(3); // it really polled while the runs wrote
    expect(all.messages).toHaveLength(6);
    expect(seen.chatMessages).toEqual(all.messages.map((m: any) => m.id));
    expect(seen.chatLogs).toEqual(all.logs.map((l: any) => l.id));
    expect(seen.chatStats).toEqual(all.stats.map((s: any) => s.id));
    expect(seen.messages).toEqual(all.messages.map((m: any) => m.id));
    expect(seen.logs).toEqual(all.logs.map((l: any) => l.id));
  }, 90_000);
});
