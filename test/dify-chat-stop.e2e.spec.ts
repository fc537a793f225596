import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedSchemaErrors } from './support/dify-seed';
import { CHUNK_SCHEMAS, postStream } from './support/dify-stream';
import { FakeOpenAi, startFakeOpenAi } from './support/fake-openai-server';
import { ALICE_KEY, eventually } from './support/test-app';

/** Streams of /v1/chat-messages that do not end well: stopped by their end user, left by the client, failed by the model. */
describe('Dify service API: stopping a task', () => {
  let d: DifyTestApp;
  let key: string;

  beforeAll(async () => {
    // Slow tokens: a stop lands mid-answer.
    d = await startDifyTestApp({ OFFLINE_TOKEN_DELAY_MS: '100' });
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'slow-bot', name: 'Slow' }))).key;
  });
  afterAll(() => d.t.close());

  it("stops mid-stream for the task's own end user only, keeping the partial answer", async () => {
    const stream = await postStream(d.t.baseUrl, key, { inputs: {}, query: 'Tell me a long story', user: 'teller' });
    expect(stream.status).toBe(200);
    const [first] = await stream.until((c) => c.some((x) => x.event === 'message'));
    const taskId = first.task_id;
    const stopped = () => d.allEvents().then((all) => all.filter((e) => e.includes('"RunStopped"')));

    // Another end user (and another app) may ask: success, and nothing happens.
    expect(await d.api('POST', `/v1/chat-messages/${taskId}/stop`, key, { user: 'intruder' })).toMatchObject({
      status: 200,
      body: { result: 'success' },
    });
    expect(await stopped()).toEqual([]);
    // Unknown tasks answer success too, as Dify does.
    expect((await d.api('POST', '/v1/chat-messages/00000000-0000-4000-8000-000000000000/stop', key, { user: 'teller' })).body).toEqual({
      result: 'success',
    });
    expect((await d.api('POST', `/v1/chat-messages/${taskId}/stop`, key, {})).status).toBe(400); // user is required

    expect((await d.api('POST', `/v1/chat-messages/${taskId}/stop`, key, { user: 'teller' })).body).toEqual({ result: 'success' });
    await stream.ended;
    const events = stream.chunks.map((c) => c.event);
    expect(events.slice(-2)).toEqual(['message_end', 'workflow_finished']);
    expect(stream.chunks.at(-1).data.status).toBe('stopped');
    const partial = stream.chunks
      .filter((c) => c.event === 'message')
      .map((c) => c.answer)
      .join('');
    expect(partial.length).toBeGreaterThan(0);
    expect(stream.chunks.at(-1).data.outputs).toEqual({ answer: partial });
    expect(await stopped()).toHaveLength(1);
    const thread = await d.api('GET', `/threads/${first.conversation_id}/messages`);
    expect(JSON.stringify(thread.body)).toContain(JSON.stringify(partial).slice(1, -1));
  });

  it('lets the run finish when the client goes away', async () => {
    const stream = await postStream(d.t.baseUrl, key, { inputs: {}, query: 'Leave early', user: 'leaver' });
    const [first] = await stream.until((c) => c.length > 0);
    stream.close();
    const completed = await eventually(
      () => d.allEvents(),
      (all) => all.some((e) => e.includes('"RunCompleted"') && e.includes(first.task_id)),
      30_000,
    );
    expect(completed.some((e) => e.includes('"RunStopped"') && e.includes(first.task_id))).toBe(false);
  });
});

describe('Dify service API: a failing model', () => {
  let d: DifyTestApp;
  let fake: FakeOpenAi;
  let key: string;

  beforeAll(async () => {
    fake = await startFakeOpenAi(() => ({ fail: 'the model is down' }));
    d = await startDifyTestApp({ MODEL: 'openai:gpt-fake', OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key' });
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'down-bot', name: 'Down' }))).key;
  });
  afterAll(async () => {
    await d.t.close();
    await fake.close();
  });

  it('ends the stream with workflow_finished(failed) and an error chunk, HTTP still 200; blocking answers 400', async () => {
    const stream = await postStream(d.t.baseUrl, key, { inputs: {}, query: 'Anyone there?', user: 'waiting' });
    expect(stream.status).toBe(200);
    await stream.ended;
    const last = stream.chunks.slice(-2);
    expect(last.map((c) => c.event)).toEqual(['workflow_finished', 'error']);
    expect(last[0].data).toMatchObject({ status: 'failed', error: expect.stringContaining('the model is down') });
    expect(last[1]).toMatchObject({ code: 'completion_request_error', status: 400, message: expect.stringContaining('the model is down') });
    expect(last[1].task_id).toBeUndefined();
    for (const chunk of stream.chunks) expect(seedSchemaErrors(CHUNK_SCHEMAS[chunk.event], chunk)).toEqual([]);
    expect(stream.chunks.some((c) => c.event === 'message_end')).toBe(false);

    const blocking = await d.api('POST', '/v1/chat-messages', key, { inputs: {}, query: 'Still down?', user: 'waiting' });
    expect(blocking).toMatchObject({ status: 400, body: { code: 'completion_request_error', status: 400 } });
  }, 60_000);
});
