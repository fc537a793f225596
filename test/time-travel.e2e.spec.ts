import { CheckpointSaved } from '@forkline/domain';
import { EVENT_STORE, EventStore } from './support/events';
import { BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';

describe('time travel: GET /threads/{id}/state and forks at a checkpoint', () => {
  let t: TestApp;
  let events: EventStore;
  let firstCheckpoint: string;
  const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
  const state = (query = '') => api('GET', `/threads/tt/state${query}`);

  beforeAll(async () => {
    t = await startTestApp();
    events = t.app.get(EVENT_STORE);
    await api('POST', '/commands/create-thread', { thread_id: 'tt' });
    await api('POST', '/commands/send-message', { thread_id: 'tt', content: 'first' });
    firstCheckpoint = (
      await eventually(
        () => api('GET', '/threads/tt/head'),
        (r) => r.body.latest_checkpoint_id !== null,
      )
    ).body.latest_checkpoint_id;
    await api('POST', '/commands/send-message', { thread_id: 'tt', content: 'second' });
    await eventually(
      () => api('GET', '/threads/tt/messages'),
      (r) => r.body.length === 4,
    );
  });
  afterAll(() => t.close());

  it('shows the thread as it is now by default, and as it was at any event number', async () => {
    const now = (await state()).body;
    expect(now).toMatchObject({ thread_id: 'tt', event_number: 10, run: { status: 'completed', pending_messages: 0 } });
    expect(now.messages.map((m: any) => m.content)).toEqual([
      'first',
      expect.stringContaining('"first"'),
      'second',
      expect.stringContaining('"second"'),
    ]);

    const asked = (await state('?event_number=6')).body; // the second question, not yet answered
    expect(asked.messages.map((m: any) => m.event_number)).toEqual([1, 3, 6]);
    expect(asked.run).toEqual({ status: 'running', run_id: expect.any(String), pending_messages: 1 });
    expect(asked.checkpoint_id).toBe(firstCheckpoint);

    const created = (await state('?event_number=0')).body;
    expect(created).toMatchObject({
      event_number: 0,
      messages: [],
      checkpoint_id: null,
      run: { status: 'idle', run_id: null, pending_messages: 0 },
    });
  });

  it('shows the thread as it was at a checkpoint', async () => {
    const atCheckpoint = (await state(`?checkpoint_id=${firstCheckpoint}`)).body;
    expect(atCheckpoint).toMatchObject({ event_number: 3, checkpoint_id: firstCheckpoint, run: { status: 'running' } }); // its reply is in, RunCompleted not yet
    expect(atCheckpoint.messages.map((m: any) => m.role)).toEqual(['user', 'assistant']);
  });

  it('refuses both parameters, an event number past the head, a negative one, and unknown checkpoints', async () => {
    expect((await state(`?event_number=1&checkpoint_id=${firstCheckpoint}`)).status).toBe(400);
    expect((await state('?event_number=11')).body.detail).toMatch(/^event_number: must be between 0 and 10/);
    expect((await state('?event_number=-1')).status).toBe(400);
    expect((await state('?event_number=two')).body.detail).toMatch(/^event_number: /);
    expect((await state('?checkpoint_id=nope')).status).toBe(404);
    expect((await api('GET', '/threads/missing/state')).status).toBe(404);
  });

  it('forks at a checkpoint, and the fork starts from that checkpoint by reference', async () => {
    const fork = await api('POST', '/commands/fork-thread', { source_thread_id: 'tt', checkpoint_id: firstCheckpoint });
    expect(fork.status).toBe(200);
    const id = fork.body.new_thread_id;
    expect((await api('GET', `/threads/${id}/messages`)).body.map((m: any) => m.event_number)).toEqual([1, 3]);
    expect((await api('GET', '/threads/tt/branches')).body).toContainEqual(
      expect.objectContaining({ thread_id: id, from_event_number: 3 }),
    );

    await api('POST', '/commands/send-message', { thread_id: id, content: 'on the branch' });
    await eventually(
      () => api('GET', `/threads/${id}/messages`),
      (r) => r.body.length === 4,
    );
    const stream = await events.readStream(`checkpoints-${id}`);
    expect(stream[0]).toMatchObject({ type: 'CheckpointForked', data: { source: { threadId: 'tt', checkpointId: firstCheckpoint } } });
    const saved = stream.filter((e) => e.type === 'CheckpointSaved').map((e) => e.data as CheckpointSaved['data']);
    expect(saved[0].parentCheckpointId).toBe((stream[0].data as any).checkpointId);
    expect(Object.keys(saved[0].blobs.messages.value)).toEqual(['extends', 'append']); // only what the branch added
  });

  it('GET /threads/{id}/events returns the raw log with its audit metadata, paged by event number', async () => {
    const page = await api('GET', '/threads/tt/events?from=5&limit=3');
    expect(page.body.map((e: any) => [e.event_number, e.type, e.actor])).toEqual([
      [5, 'RunCompleted', 'agent'],
      [6, 'UserMessageAdded', 'alice'],
      [7, 'RunStarted', 'agent'],
    ]);
    expect(page.body[1]).toMatchObject({
      stream: 'thread-tt',
      event_id: expect.any(String),
      correlation_id: expect.any(String),
      causation_id: null,
      occurred_at: expect.any(String),
      schema_version: 1,
    });
    expect(page.body[2].causation_id).toBe(page.body[1].event_id);
    expect((await api('GET', '/threads/tt/events')).body).toHaveLength(11);
    expect((await api('GET', '/threads/tt/events?limit=0')).status).toBe(400);
    expect((await call(t.baseUrl, 'GET', '/threads/tt/events', undefined, { key: BOB_KEY })).status).toBe(404);
  });

  it('refuses a fork with both or neither of event_number and checkpoint_id, or an unknown checkpoint', async () => {
    expect((await api('POST', '/commands/fork-thread', { source_thread_id: 'tt' })).status).toBe(400);
    expect(
      (await api('POST', '/commands/fork-thread', { source_thread_id: 'tt', event_number: 1, checkpoint_id: firstCheckpoint })).status,
    ).toBe(400);
    expect((await api('POST', '/commands/fork-thread', { source_thread_id: 'tt', checkpoint_id: 'nope' })).status).toBe(404);
  });
});
