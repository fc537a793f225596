import { BOB_KEY, call, eventually, startTestApp, TestApp } from './support/test-app';
import { WorkflowChatClient } from './support/workflow-chat';

/** GET /api/v1/executions/{id} and POST .../cancel: runs as the workflow platform's executions. */
describe('workflow chat executions', () => {
  let t: TestApp;
  let slow: TestApp;
  const get = (app: TestApp, id: string, key?: string) => call(app.baseUrl, 'GET', `/api/v1/executions/${id}`, undefined, { key });
  const cancel = (app: TestApp, id: string, key?: string) =>
    call(app.baseUrl, 'POST', `/api/v1/executions/${id}/cancel`, undefined, { key });

  beforeAll(async () => {
    [t, slow] = await Promise.all([startTestApp(), startTestApp({ OFFLINE_TOKEN_DELAY_MS: '200' })]);
  });
  afterAll(() => Promise.all([t.close(), slow.close()]));

  it('shows a completed execution with its answer, tokens and timings, to its owner only', async () => {
    const alice = new WorkflowChatClient(t.baseUrl, 'alice');
    const { threadId } = await alice.workflow('my-chatbot');
    const id = await alice.send(threadId, 'Hello, I need help with my order');
    const done = await eventually(
      () => get(t, id),
      (r) => r.body?.status === 'completed',
    );
    expect(done.status).toBe(200);
    expect(done.body).toEqual({
      execution_id: id,
      workflow_slug: 'my-chatbot',
      workflow_id: expect.any(String),
      status: 'completed',
      error_message: '',
      started_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      completed_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      total_tokens: expect.any(Number),
      total_cost_usd: 0,
      llm_calls: 1,
      final_output: { message: expect.any(String) },
      trigger_payload: { text: 'Hello, I need help with my order' },
      logs: [],
    });
    expect(done.body.total_tokens).toBeGreaterThan(0);
    const messages = await call(t.baseUrl, 'GET', `/threads/${threadId}/messages`);
    const stored = JSON.stringify(messages.body);
    expect(stored).toContain(JSON.stringify(done.body.final_output.message).slice(1, -1));

    expect(await get(t, id, BOB_KEY)).toEqual(expect.objectContaining({ status: 404, body: { detail: 'Execution not found.' } }));
    expect((await cancel(t, id, BOB_KEY)).status).toBe(404);
    expect((await get(t, '00000000-0000-5000-8000-000000000000')).body).toEqual({ detail: 'Execution not found.' });
    expect((await get(t, 'bad id!')).status).toBe(400);
    // Cancelling an execution that is over answers it unchanged, as the platform does.
    const again = await cancel(t, id);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(done.body);
  });

  it('cancels a running execution and a queued one behind it, leaving neither answered', async () => {
    const alice = new WorkflowChatClient(slow.baseUrl, 'alice');
    const { threadId } = await alice.workflow('slow-bot');
    const first = await alice.send(threadId, 'tell me a long story');
    const queued = await alice.send(threadId, 'and another');
    await eventually(
      () => get(slow, first),
      (r) => r.body?.status === 'running',
    );
    expect((await get(slow, queued)).body.status).toBe('pending');

    const stoppedQueued = await cancel(slow, queued);
    expect(stoppedQueued.body).toMatchObject({ status: 'cancelled', completed_at: expect.any(String), final_output: null });
    // The queued one's cancel left the running one running.
    expect((await get(slow, first)).body.status).toBe('running');

    const stopped = await cancel(slow, first);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toMatchObject({ execution_id: first, status: 'cancelled', completed_at: expect.any(String), final_output: null });
    expect((await get(slow, first)).body.status).toBe('cancelled');
  });

  it('documents both routes with their real shapes in OpenAPI, and the WebSocket in its description', async () => {
    const spec: any = await (await fetch(`${t.baseUrl}/docs-json`)).json();
    const ok = (route: any) => route.responses['200'].content['application/json'].schema.$ref;
    expect(ok(spec.paths['/api/v1/executions/{execution_id}'].get)).toMatch(/ExecutionResponse$/);
    expect(ok(spec.paths['/api/v1/executions/{execution_id}/cancel'].post)).toMatch(/ExecutionResponse$/);
    expect(Object.keys(spec.components.schemas.ExecutionResponse.properties)).toEqual(
      expect.arrayContaining(['execution_id', 'workflow_slug', 'status', 'error_message', 'started_at', 'completed_at', 'final_output']),
    );
    expect(spec.info.description).toContain('/ws/?token=');
  });
});
