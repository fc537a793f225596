import { EVENT_STORE, EventStore, threadStreamIdOf } from './support/events';
import { BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

/** Issue 11 item 10: a per-user cap on stored bytes (USER_STORAGE_BYTES); deleting threads frees space. */
describe('per-user storage cap', () => {
  const LIMIT = 40_000;
  let t: TestApp;
  let events: EventStore;
  const api = (method: string, path: string, body?: unknown, key?: string) => call(t.baseUrl, method, path, body, { key });
  const settled = (id: string) =>
    eventually(
      () => api('GET', `/api/workflows/${id}/status`),
      (r) => r.body.status !== 'running',
    );

  beforeAll(async () => {
    t = await startTestApp({ USER_STORAGE_BYTES: String(LIMIT) });
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it("refuses a user's message past the cap with 413, writes nothing of it, on both faces; other users and freed space are unaffected", async () => {
    const input = 'x'.repeat(5_000);
    const first = await api('POST', '/api/chat/playground/start', { input });
    expect(first.status).toBe(200);
    const id = first.body.id;
    await settled(id);
    let refused;
    for (let i = 0; i < 10 && !refused; i++) {
      const r = await api('POST', `/api/chat/playground/start?workflowId=${id}`, { input });
      if (r.status === 413) refused = r;
      else {
        expect(r.status).toBe(200);
        await settled(id);
      }
    }
    expect(refused!.body).toEqual({ detail: expect.stringMatching(new RegExp(`^storage quota exceeded: .* of your ${LIMIT} bytes`)) });
    const stored = await events.readStream(threadStreamIdOf(id));
    const bytes = stored.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e.data)), 0);
    expect(bytes).toBeLessThanOrEqual(LIMIT + 2 * input.length); // replies are never refused: at most one past the cap
    expect(bytes + input.length).toBeGreaterThan(LIMIT);

    // The threads face checks the same cap, and a refused new workflow is not created either.
    await api('POST', '/commands/create-thread', { thread_id: 'quota-thread' });
    expect((await api('POST', '/commands/send-message', { thread_id: 'quota-thread', content: input })).status).toBe(413);
    expect((await api('POST', '/api/chat/playground/start', { input })).status).toBe(413);
    const workflows = (await api('GET', '/api/workflows')).body.map((w: { id: string }) => w.id);
    expect(workflows.filter((w: string) => w.startsWith('wf_'))).toEqual([id]);
    expect((await api('POST', `/api/chat/playground/start?workflowId=${id}`, { input })).status).toBe(413);
    expect(await events.readStream(threadStreamIdOf(id))).toHaveLength(stored.length);

    expect((await api('POST', '/api/chat/playground/start', { input }, BOB_KEY)).status).toBe(200);

    expect((await api('DELETE', `/api/workflows/${id}`)).status).toBe(200);
    expect((await api('POST', '/api/chat/playground/start', { input })).status).toBe(200);
  });
});
