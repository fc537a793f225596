import { rmSync } from 'fs';
import { postStream } from './support/dify-stream';
import { spawnServer, stopServer, ServerProcess } from './support/server-process';
import { ALICE_KEY, call, eventually, newDataDir } from './support/test-app';

/** The Dify face on two API processes sharing one DATA_DIR (the built server; `npm test` builds it first). */
describe('Dify service API across processes', () => {
  const dataDir = newDataDir();
  const servers: ServerProcess[] = [];
  afterAll(async () => {
    for (const server of servers) await stopServer(server, 'SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops, from another API process, a task streaming in the first; the second lists its conversation', async () => {
    // Slow tokens: the stop lands mid-answer.
    for (let i = 0; i < 2; i++) servers.push(await spawnServer({ DATA_DIR: dataDir, OFFLINE_TOKEN_DELAY_MS: '100' }));
    const [a, b] = servers;
    const agent = (await call(a.baseUrl, 'POST', '/agents', { slug: 'split', name: 'Split' }, { key: ALICE_KEY })).body.agent_id;
    const { key } = (await call(a.baseUrl, 'POST', `/agents/${agent}/api-keys`, undefined, { key: ALICE_KEY })).body;

    const stream = await postStream(a.baseUrl, key, { inputs: {}, query: 'A long story, please', user: 'traveller' });
    const [first] = await stream.until((c) => c.some((x) => x.event === 'message'));
    const stop = (user: string) => call(b.baseUrl, 'POST', `/v1/chat-messages/${first.task_id}/stop`, { user }, { key });
    expect((await stop('someone-else')).body).toEqual({ result: 'success' });
    expect((await stop('traveller')).body).toEqual({ result: 'success' });
    await stream.ended;
    expect(stream.chunks.at(-1)).toMatchObject({ event: 'workflow_finished', data: { status: 'stopped' } });
    const partial = stream.chunks.filter((c) => c.event === 'message').map((c) => c.answer);
    expect(partial.length).toBeGreaterThan(0);
    // The partial answer is durable before the stream ends; the read models of the other process show it once projected.
    const messages = () =>
      call(b.baseUrl, 'GET', `/v1/messages?user=traveller&conversation_id=${first.conversation_id}`, undefined, { key });
    const stored = await eventually(messages, (r) => r.body.data[0]?.answer !== '');
    expect(stored.body.data[0].answer).toBe(partial.join(''));

    const listed = await call(b.baseUrl, 'GET', '/v1/conversations?user=traveller', undefined, { key });
    expect(listed.body.data.map((c: { id: string }) => c.id)).toEqual([first.conversation_id]);
  });
});
