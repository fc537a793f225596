import { DifyTestApp, startDifyTestApp } from './support/dify-app';
import { difySdk } from './support/dify-sdk';
import { ALICE_KEY } from './support/test-app';

/** The completion and workflow app routes Dify's SDK also offers: Forkline's apps are chat apps, answered as Dify answers one. */
describe('Dify service API: routes of other app modes', () => {
  let d: DifyTestApp;
  let key: string;

  beforeAll(async () => {
    d = await startDifyTestApp();
    key = (await d.newKey(await d.newAgent(ALICE_KEY, { slug: 'chat-only', name: 'Chat only' }))).key;
  });
  afterAll(() => d.t.close());

  it("answers the SDK's CompletionClient methods with Dify's 400 for a chat app, writing nothing", async () => {
    const before = await d.events.headPosition();
    const sdk = (method: string, ...args: unknown[]) => difySdk(`${d.t.baseUrl}/v1`, key, method, ...args);
    expect(await sdk('CompletionClient.createCompletionMessage', { query: 'hi' }, 'someone', false)).toEqual({
      error: {
        status: 400,
        data: { code: 'app_unavailable', message: 'App unavailable, please check your app configurations.', status: 400 },
      },
    });
    expect(await sdk('CompletionClient.runWorkflow', {}, 'someone', false)).toEqual({
      error: {
        status: 400,
        data: { code: 'not_workflow_app', message: 'Please check if your Workflow app mode matches the right API route.', status: 400 },
      },
    });
    for (const path of ['/v1/completion-messages/t1/stop', '/v1/workflows/w1/run', '/v1/workflows/tasks/t1/stop'])
      expect((await d.api('POST', path, key, { user: 'someone' })).body.code).toMatch(/^(app_unavailable|not_workflow_app)$/);
    // Dify checks `user` first; without a key, 401 as everywhere on /v1.
    expect((await d.api('POST', '/v1/workflows/run', key, { inputs: {} })).body).toMatchObject({ status: 400, code: 'invalid_param' });
    expect((await d.api('POST', '/v1/completion-messages', null, { user: 'x' })).status).toBe(401);
    expect(await d.events.headPosition()).toBe(before);
  });
});
