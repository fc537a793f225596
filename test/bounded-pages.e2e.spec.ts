import { ALICE_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

/** Issue 11 item 10 follow-up: list answers are bounded in bytes and pageable. */
describe('bounded pages', () => {
  let t: TestApp;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const raw = async (path: string) => {
    const response = await fetch(t.baseUrl + path, { headers: { authorization: `Bearer ${ALICE_KEY}` } });
    expect(response.status).toBe(200);
    return { text: await response.text(), headers: response.headers };
  };

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  describe('GET /threads/{id}/events', () => {
    const MiB = 1024 * 1024;

    it('stops a page at 4 MiB of JSON; paging on from the last event_number + 1 reads the whole log', async () => {
      let id: string | undefined;
      for (let i = 0; i < 5; i++) {
        const files = [0, 1, 2, 3, 4].map((j) => ({ id: `f${i}${j}`, name: `part-${i}${j}.txt`, content: String(j).repeat(200_000) }));
        const body = { input: `part ${i}`, files };
        const started = await api('POST', `/api/chat/playground/start${id ? `?workflowId=${id}` : ''}`, body);
        expect(started.status).toBe(200);
        id = started.body.id as string;
        await eventually(
          () => api('GET', `/api/workflows/${id}/status`),
          (r) => r.body.status !== 'running',
        );
      }
      const head = (await api('GET', `/threads/${id}/head`)).body.event_number;

      const first = await raw(`/threads/${id}/events?limit=1000`);
      expect(Buffer.byteLength(first.text)).toBeLessThanOrEqual(4 * MiB);
      expect(Buffer.byteLength(first.text)).toBeGreaterThan(3 * MiB); // filled, not cut short
      const firstPage = JSON.parse(first.text) as { event_number: number; type: string }[];
      expect(firstPage.length).toBeGreaterThan(0);
      expect(firstPage.length).toBeLessThan(head + 1);
      expect(firstPage.map((e) => e.event_number)).toEqual(firstPage.map((_, i) => i));

      const all = [...firstPage];
      for (;;) {
        const page = await raw(`/threads/${id}/events?limit=1000&from=${all[all.length - 1].event_number + 1}`);
        expect(Buffer.byteLength(page.text)).toBeLessThanOrEqual(4 * MiB);
        const events = JSON.parse(page.text) as typeof firstPage;
        if (events.length === 0) break;
        all.push(...events);
      }
      expect(all.map((e) => e.event_number)).toEqual(Array.from({ length: head + 1 }, (_, i) => i));
      expect(all.filter((e) => e.type === 'DocumentAttached')).toHaveLength(25);
    }, 60_000);
  });
});
