import { difySdk } from './support/dify-sdk';
import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { seedProperties, seedSchemaErrors } from './support/dify-seed';
import { webappChunks, postStream } from './support/dify-stream';
import { ALICE_KEY, BOB_KEY } from './support/test-app';

/** GET /v1/workflows/logs and /v1/workflows/run/{id} (raw HTTP: dify-client 2.3.2 has neither), against the seed's schemas. */
describe('Dify service API: workflow runs', () => {
  let d: DifyTestApp;
  let key: string;
  let agentId: string;
  let otherKey: string;
  const runs: any[] = [];
  const sdk = (method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, key, method, ...args);

  beforeAll(async () => {
    d = await startDifyTestApp();
    agentId = await d.newAgent(ALICE_KEY, { slug: 'runs-bot', name: 'Runs bot' });
    key = (await d.newKey(agentId)).key;
    otherKey = (await d.newKey(await d.newAgent(BOB_KEY, { slug: 'bob-runs', name: 'Bob runs' }), BOB_KEY)).key;
    runs.push((await sdk('createChatMessage', { topic: 'tea' }, 'Tell me about green tea', 'runner-1', false, null, null)).data);
    runs.push((await sdk('createChatMessage', {}, 'And coffee?', 'runner-2', false, null, null)).data);
  });
  afterAll(() => d.t.close());

  it("finds a chat message's task_id and workflow_run_id as a run, in the seed's shape", async () => {
    const [first] = runs;
    const detail = await d.api('GET', `/v1/workflows/run/${first.task_id}`, key);
    expect(detail.status).toBe(200);
    expect(seedSchemaErrors('WorkflowRunDetailResponse', detail.body)).toEqual([]);
    expect(Object.keys(detail.body).sort()).toEqual(seedProperties('WorkflowRunDetailResponse'));
    expect(detail.body).toMatchObject({
      id: first.task_id,
      workflow_id: agentId,
      status: 'succeeded',
      inputs: { topic: 'tea', 'sys.query': 'Tell me about green tea' },
      outputs: { answer: first.answer },
      error: null,
      total_tokens: first.metadata.usage.total_tokens,
    });
    expect(detail.body.finished_at).toBeGreaterThanOrEqual(detail.body.created_at);

    const stream = await postStream(d.t.baseUrl, key, { query: 'Streamed', user: 'runner-1' });
    const started = webappChunks(await stream.ended).find((c) => c.event === 'workflow_started');
    const streamed = await d.api('GET', `/v1/workflows/run/${started.workflow_run_id}`, key);
    expect(streamed.body).toMatchObject({ id: started.workflow_run_id, status: 'succeeded', inputs: { 'sys.query': 'Streamed' } });
    runs.push({ task_id: started.workflow_run_id });
  });

  it("lists the app's runs newest first with the seed's filters, and another app sees none of them", async () => {
    const all = await d.api('GET', '/v1/workflows/logs', key);
    expect(all.status).toBe(200);
    expect(seedSchemaErrors('WorkflowLogsResponse', all.body)).toEqual([]);
    expect(Object.keys(all.body).sort()).toEqual(seedProperties('WorkflowLogsResponse'));
    expect(all.body).toMatchObject({ page: 1, limit: 20, total: 3, has_more: false });
    expect(all.body.data.map((l: any) => l.workflow_run.id)).toEqual(runs.map((r) => r.task_id).reverse());
    const item = all.body.data[2];
    expect(Object.keys(item).sort()).toEqual(seedProperties('WorkflowLogItem'));
    expect(Object.keys(item.workflow_run).sort()).toEqual(seedProperties('WorkflowRunSummary'));
    expect(item).toMatchObject({
      created_from: 'service-api',
      created_by_role: 'end_user',
      created_by_account: null,
      created_by_end_user: { type: 'service_api', is_anonymous: false, session_id: 'runner-1' },
      workflow_run: { status: 'succeeded' },
    });

    const ids = async (query: string, k = key) =>
      (await d.api('GET', `/v1/workflows/logs?${query}`, k)).body.data.map((l: any) => l.workflow_run.id);
    expect(await ids('created_by_end_user_session_id=runner-2')).toEqual([runs[1].task_id]);
    expect(await ids('keyword=GREEN')).toEqual([runs[0].task_id]);
    expect(await ids('status=failed')).toEqual([]);
    expect(await ids('status=succeeded&limit=1&page=2')).toEqual([runs[1].task_id]);
    expect(await ids(`created_at__after=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect(await ids(`created_at__before=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toHaveLength(3);
    expect(await ids('page=1', otherKey)).toEqual([]);
    const missing = { code: 'not_found', message: 'Workflow run not found.', status: 404 };
    for (const [id, k] of [
      [runs[0].task_id, otherKey],
      ['00000000-0000-4000-8000-000000000000', key],
    ]) {
      const answer = await d.api('GET', `/v1/workflows/run/${id}`, k);
      expect({ status: answer.status, body: answer.body }).toEqual({ status: 404, body: missing });
    }
  });

  it("refuses bad filters in Dify's envelope naming the field", async () => {
    const before = await d.events.headPosition();
    for (const [query, field] of [
      ['status=running', 'status'],
      ['limit=101', 'limit'],
      ['page=0', 'page'],
      ['created_at__before=yesterday', 'created_at__before'],
    ]) {
      const answer = await d.api('GET', `/v1/workflows/logs?${query}`, key);
      expect({ query, status: answer.status, code: answer.body.code }).toEqual({ query, status: 400, code: 'invalid_param' });
      expect(answer.body.message).toContain(field);
    }
    expect(await d.events.headPosition()).toBe(before);
  });
});
