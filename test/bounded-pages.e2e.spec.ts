import { ALICE_KEY, BOB_KEY, call, eventually, JsonResponse, startTestApp, TestApp } from './support/test-app';

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

  describe('pagination of lists: ?limit= and ?after=, with a Link rel="next" while more remain', () => {
    // Bob's own threads, so the other tests' threads (alice's) do not count.
    const bob = (path: string, body?: unknown) => call(t.baseUrl, body === undefined ? 'GET' : 'POST', path, body, { key: BOB_KEY });
    const next = (r: JsonResponse) => /^<([^>]+)>; rel="next"$/.exec(r.headers.get('link') ?? '')?.[1];
    /** Follows Link headers from `path`, checking every page but the last has one; the pages' items in order. */
    const pages = async (path: string) => {
      const seen: unknown[][] = [];
      for (let at: string | undefined = path; at !== undefined;) {
        const page = await bob(at);
        expect(page.status).toBe(200);
        seen.push(page.body);
        at = next(page);
      }
      return seen;
    };

    beforeAll(async () => {
      for (const id of ['pg-1', 'pg-2', 'pg-3']) expect((await bob('/commands/create-thread', { thread_id: id })).status).toBe(200);
      for (const content of ['one', 'two']) await bob('/commands/send-message', { thread_id: 'pg-1', content });
      await eventually(
        () => bob('/threads/pg-1/messages'),
        (r) => r.body.length === 4,
      );
      for (let i = 0; i < 3; i++) await bob('/commands/fork-thread', { source_thread_id: 'pg-2', event_number: 0 });
    });

    it.each(['/threads', '/threads/pg-2/branches', '/api/workflows'])(
      '%s: pages of ?limit= follow their Link to the same list',
      async (path) => {
        const whole = await bob(path);
        expect(whole.headers.get('link')).toBeNull();
        expect(whole.body.length).toBeGreaterThanOrEqual(3);
        const seen = await pages(`${path}?limit=2`);
        expect(seen.length).toBeGreaterThan(1);
        expect(seen[0]).toHaveLength(2);
        expect(seen.slice(0, -1).every((p) => p.length === 2)).toBe(true);
        expect(seen.flat()).toEqual(whole.body);
        const firstOnly = await bob(`${path}?limit=${whole.body.length}`);
        expect(firstOnly.body).toEqual(whole.body);
        expect(firstOnly.headers.get('link')).toBeNull();
        const key = (item: { thread_id?: string; id?: string }) => item.thread_id ?? item.id;
        expect((await bob(`${path}?after=${key(whole.body[0])}`)).body).toEqual(whole.body.slice(1));
      },
    );

    it('/threads/{id}/messages pages by event number, through inherited messages too', async () => {
      const whole = (await bob('/threads/pg-1/messages')).body;
      const seen = await pages('/threads/pg-1/messages?limit=3');
      expect(seen.map((p) => p.length)).toEqual([3, 1]);
      expect(seen.flat()).toEqual(whole);
      expect(next(await bob('/threads/pg-1/messages?limit=3'))).toBe(`/threads/pg-1/messages?limit=3&after=${whole[2].event_number}`);

      const { new_thread_id: fork } = (
        await bob('/commands/fork-thread', { source_thread_id: 'pg-1', event_number: whole[3].event_number })
      ).body;
      await bob('/commands/send-message', { thread_id: fork, content: 'three' });
      const forked = (
        await eventually(
          () => bob(`/threads/${fork}/messages`),
          (r) => r.body.length === 6,
        )
      ).body;
      const forkPages = await pages(`/threads/${fork}/messages?limit=2`);
      expect(forkPages.map((p) => p.length)).toEqual([2, 2, 2]);
      expect(forkPages.flat()).toEqual(forked);
      expect((await bob(`/threads/${fork}/messages?after=${whole[1].event_number}`)).body).toEqual(forked.slice(2));
    });

    it.each([
      ['/threads?limit=0', /^limit: must not be less than 1$/],
      ['/threads?limit=1001', /^limit: must not be greater than 1000$/],
      ['/threads/pg-2/branches?limit=abc', /^limit: must be an integer$/],
      ['/api/workflows?limit=2.5', /^limit: must be an integer$/],
      ['/threads/pg-1/messages?limit=-1', /^limit: must not be less than 1$/],
      ['/agents?limit=abc', /^limit: must be an integer$/],
      ['/api/v1/workflows?limit=abc', /^limit: must be an integer$/],
      ['/api/v1/workflows?limit=1001', /^limit: must not be greater than 1000$/],
      ['/api/v1/workflows?offset=x', /^offset: must be an integer$/],
      ['/threads/pg-1/messages?after=x', /^after: /],
      ['/threads?after=no%20such', /^after: /],
      ['/api/workflows?after=no-such-thread', /^after: /],
    ])('%s is a 400 naming the field', async (path, detail) => {
      const r = await bob(path);
      expect(r.status).toBe(400);
      expect(r.body.detail).toMatch(detail);
    });
  });

  it('documents the page parameters and the byte cap in the OpenAPI description', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    const params = (path: string) => spec.paths[path].get.parameters as { name: string; in: string; description?: string }[];
    for (const path of ['/threads', '/threads/{thread_id}/messages', '/threads/{thread_id}/branches', '/api/workflows']) {
      const query = params(path).filter((p) => p.in === 'query');
      expect(query.map((p) => p.name)).toEqual(expect.arrayContaining(['limit', 'after']));
      expect(query.find((p) => p.name === 'limit')!.description).toMatch(/rel="next"/);
    }
    expect(params('/threads/{thread_id}/events').find((p) => p.name === 'limit')!.description).toMatch(/4 MiB/);
  });
});
