import { EVENT_STORE, EventStore, threadStreamIdOf } from './support/events';
import { call, eventually, startTestApp, TestApp } from './support/test-app';

describe('threads API (threads-api.md) over HTTP on the embedded default', () => {
  let t: TestApp;
  let events: EventStore;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const messages = (threadId: string, query = '') => api('GET', `/threads/${threadId}/messages${query}`);
  const replied = (threadId: string, count: number) =>
    eventually(
      () => messages(threadId),
      (r) => r.body.filter((m: any) => m.role === 'assistant').length >= count,
    );

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
  });
  afterAll(() => t.close());

  it('runs the documented walkthrough: create, send, agent reply, fork, branches, head, threads', async () => {
    const created = await api('POST', '/commands/create-thread', { thread_id: 'my-new-thread' });
    expect(created.status).toBe(200);
    expect(created.body).toEqual({ thread_id: 'my-new-thread', event_id: expect.any(String) });

    const generated = await api('POST', '/commands/create-thread', {});
    expect(generated.status).toBe(200);
    expect(generated.body.thread_id).toMatch(/^[0-9a-f-]{36}$/);

    const sent = await api('POST', '/commands/send-message', { thread_id: 'my-new-thread', content: 'Hello AI!' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ thread_id: 'my-new-thread', event_id: expect.any(String) });

    const conversation = (await replied('my-new-thread', 1)).body;
    expect(conversation).toEqual([
      { role: 'user', content: 'Hello AI!', message_id: sent.body.event_id, event_number: 1, created_at: expect.any(String) },
      {
        role: 'assistant',
        content: expect.stringContaining('offline'),
        message_id: expect.any(String),
        event_number: 3,
        created_at: expect.any(String),
      },
    ]);
    expect(new Date(conversation[0].created_at).toISOString()).toBe(conversation[0].created_at);

    const fork = await api('POST', '/commands/fork-thread', { source_thread_id: 'my-new-thread', event_number: 1 });
    expect(fork.status).toBe(200);
    expect(fork.body).toEqual({ new_thread_id: expect.any(String) });

    const branches = await api('GET', '/threads/my-new-thread/branches');
    expect(branches.body).toEqual([
      { thread_id: fork.body.new_thread_id, parent_thread_id: 'my-new-thread', from_event_number: 1, created_at: expect.any(String) },
    ]);

    const head = await eventually(
      () => api('GET', '/threads/my-new-thread/head'),
      (r) => r.body.latest_checkpoint_id !== null,
    );
    expect(head.body).toEqual({
      thread_id: 'my-new-thread',
      latest_checkpoint_id: expect.any(String),
      latest_ai_message_id: conversation[1].message_id,
      event_number: 5,
    });

    const threads = await api('GET', '/threads');
    const ids = threads.body.map((x: any) => x.thread_id);
    expect(ids).toEqual(expect.arrayContaining(['my-new-thread', generated.body.thread_id, fork.body.new_thread_id]));
    expect(threads.body.find((x: any) => x.thread_id === 'my-new-thread')).toEqual(head.body);
  });

  it('forks in O(1): one event written, inherited messages up to N, then its own; forks of forks work', async () => {
    const source = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    for (const text of ['one', 'two', 'three']) {
      await api('POST', '/commands/send-message', { thread_id: source, content: text });
      await replied(source, ['one', 'two', 'three'].indexOf(text) + 1);
    }
    // 0 created, then per turn: user, run started, assistant, run stats, run completed
    const sourceEventsBefore = (await events.readStream(`thread-${source}`)).length;
    expect(sourceEventsBefore).toBe(16);

    const fork = (await api('POST', '/commands/fork-thread', { source_thread_id: source, event_number: 8 })).body.new_thread_id;
    expect(await events.readStream(`thread-${source}`)).toHaveLength(sourceEventsBefore);
    const forkStream = await events.readStream(threadStreamIdOf(fork));
    expect(forkStream.map((e) => [e.type, (e.data as any).eventNumber])).toEqual([['ThreadForked', 9]]);

    const inherited = (await messages(fork)).body;
    expect(inherited.map((m: any) => [m.role, m.event_number])).toEqual([
      ['user', 1],
      ['assistant', 3],
      ['user', 6],
      ['assistant', 8],
    ]);
    expect((await api('GET', `/threads/${fork}/head`)).body).toMatchObject({
      event_number: 9,
      latest_ai_message_id: inherited[3].message_id,
    });

    await api('POST', '/commands/send-message', { thread_id: fork, content: 'fork says hi' });
    const own = (await replied(fork, 3)).body;
    expect(own.map((m: any) => m.event_number)).toEqual([1, 3, 6, 8, 10, 12]);
    expect(own[5].content).toContain('fork says hi');
    expect(own[5].content).toContain('(5 messages in context)');

    const forkOfFork = (await api('POST', '/commands/fork-thread', { source_thread_id: fork, event_number: 10 })).body.new_thread_id;
    const deep = (await replied(forkOfFork, 3)).body;
    expect(deep.slice(0, 5).map((m: any) => m.message_id)).toEqual(own.slice(0, 5).map((m: any) => m.message_id));
    expect(deep[5].event_number).toBe(13); // regenerated: ThreadForked 11, RunStarted 12, reply 13
    expect(deep[5].message_id).not.toBe(own[5].message_id);
    expect((await api('GET', `/threads/${fork}/branches`)).body).toEqual([
      expect.objectContaining({ thread_id: forkOfFork, from_event_number: 10 }),
    ]);
    expect((await api('GET', `/threads/${source}/branches`)).body.map((b: any) => b.thread_id)).toEqual([fork]);
  });

  it('regenerates: a fork ending on an unanswered user message gets its own reply', async () => {
    const source = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    await api('POST', '/commands/send-message', { thread_id: source, content: 'regenerate me' });
    const original = (await replied(source, 1)).body[1];
    const fork = (await api('POST', '/commands/fork-thread', { source_thread_id: source, event_number: 1 })).body.new_thread_id;
    const answer = (await replied(fork, 1)).body;
    expect(answer.map((m: any) => [m.role, m.event_number])).toEqual([
      ['user', 1],
      ['assistant', 4],
    ]);
    expect(answer[1].message_id).not.toBe(original.message_id);
    expect((await messages(source)).body).toHaveLength(2);
  });

  it('filters messages up to and including a checkpoint, and 404s an unknown one', async () => {
    const threadId = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    await api('POST', '/commands/send-message', { thread_id: threadId, content: 'first' });
    await replied(threadId, 1);
    const firstHead = await eventually(
      () => api('GET', `/threads/${threadId}/head`),
      (r) => r.body.latest_checkpoint_id !== null,
    );
    await api('POST', '/commands/send-message', { thread_id: threadId, content: 'second' });
    await replied(threadId, 2);

    const upToFirst = await messages(threadId, `?checkpoint_id=${firstHead.body.latest_checkpoint_id}`);
    expect(upToFirst.status).toBe(200);
    expect(upToFirst.body.map((m: any) => m.content)).toEqual(['first', expect.stringContaining('"first"')]);
    expect((await messages(threadId)).body).toHaveLength(4);

    const unknown = await messages(threadId, '?checkpoint_id=no-such-checkpoint');
    expect(unknown.status).toBe(404);
    expect(unknown.body.detail).toContain('no-such-checkpoint');
    const other = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    expect((await messages(other, `?checkpoint_id=${firstHead.body.latest_checkpoint_id}`)).status).toBe(404);
  });

  it('reads its own writes: a GET right after each command sees it', async () => {
    for (let i = 0; i < 5; i++) {
      const threadId = (await api('POST', '/commands/create-thread', {})).body.thread_id;
      expect((await api('GET', `/threads/${threadId}/head`)).body.event_number).toBe(0);
      const sent = await api('POST', '/commands/send-message', { thread_id: threadId, content: `hi ${i}` });
      expect((await messages(threadId)).body.map((m: any) => m.message_id)).toContain(sent.body.event_id);
      const fork = (await api('POST', '/commands/fork-thread', { source_thread_id: threadId, event_number: 0 })).body.new_thread_id;
      expect((await api('GET', `/threads/${threadId}/branches`)).body.map((b: any) => b.thread_id)).toContain(fork);
      expect((await api('GET', `/threads/${fork}/head`)).status).toBe(200);
    }
  });

  it('lands 20 concurrent messages on one thread with contiguous event numbers and no duplicates', async () => {
    const threadId = (await api('POST', '/commands/create-thread', {})).body.thread_id;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => api('POST', '/commands/send-message', { thread_id: threadId, content: `message ${i}` })),
    );
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(results.map((r) => r.body.event_id)).size).toBe(20);
    const done = await replied(threadId, 20);
    const users = done.body.filter((m: any) => m.role === 'user');
    expect(users.map((m: any) => m.content).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`).sort());
    const stream = await events.readStream(threadStreamIdOf(threadId));
    expect(stream.map((e) => (e.data as any).eventNumber)).toEqual(stream.map((_, i) => i));
    // every user message answered exactly once, in order
    const replies = stream.filter((e) => e.type === 'AssistantMessageAdded').map((e) => (e.data as any).replyTo);
    expect(replies).toEqual(stream.filter((e) => e.type === 'UserMessageAdded').map((e) => e.eventId));
  });
});
