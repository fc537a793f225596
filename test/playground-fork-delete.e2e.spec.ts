import { call, eventually, startTestApp } from './support/test-app';

describe('fork and delete of one workflow at the same time', () => {
  it('never lets both succeed: either the fork is listed and the delete refused, or the source is gone and the fork refused', async () => {
    const t = await startTestApp();
    const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
    try {
      for (let i = 0; i < 8; i++) {
        const wf = (await api('POST', '/api/chat/playground/start', { input: `race ${i}` })).body;
        await eventually(
          () => api('GET', `/api/workflows/${wf.id}/status`),
          (r) => r.body.status !== 'running',
        );
        const [fork, del] = await Promise.all([
          api('POST', '/commands/fork-thread', { source_thread_id: wf.id, event_number: 1 }),
          api('DELETE', `/api/workflows/${wf.id}`),
        ]);
        expect([fork.status, del.status].sort()).toEqual(fork.status === 200 ? [200, 409] : [200, 404]);
        if (fork.status === 200) expect((await api('GET', `/threads/${fork.body.new_thread_id}/messages`)).status).toBe(200);
      }
    } finally {
      await t.close();
    }
  });
});
