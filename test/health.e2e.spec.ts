import { READ_STORE, ReadStore } from '@forkline/read-models';
import { call, eventually, startTestApp } from './support/test-app';

describe('GET /health', () => {
  it('reports each backend, how far the read models are behind, and 503 when one is down', async () => {
    const t = await startTestApp();
    try {
      await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'h' });
      const ok = await eventually(
        () => call(t.baseUrl, 'GET', '/health', undefined, { key: null }),
        (r) => r.body.read_models.lag_events === 0,
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'ok',
        event_store: { kind: process.env.EVENTSTORE_URL ? 'eventstoredb' : 'sqlite', reachable: true, head_position: expect.any(String) },
        read_models: { kind: process.env.MONGODB_URL ? 'mongodb' : 'sqlite', reachable: true, lag_events: 0 },
      });
      await t.app.get<ReadStore>(READ_STORE).close(); // the read store goes away
      const down = await call(t.baseUrl, 'GET', '/health', undefined, { key: null });
      expect(down.status).toBe(503);
      expect(down.body).toMatchObject({ status: 'unavailable', read_models: { reachable: false, error: expect.any(String) } });
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
