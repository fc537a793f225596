import { READ_STORE, ReadStore } from '@forkline/read-models';
import { call, eventually, startTestApp } from './support/test-app';

describe('GET /health', () => {
  it('tells callers without a key only ok or unavailable (503), and operators with a key each backend and the lag', async () => {
    const t = await startTestApp();
    try {
      await call(t.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'h' });
      const ok = await eventually(
        () => call(t.baseUrl, 'GET', '/health'),
        (r) => r.body.read_models.caught_up === true,
      );
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({
        status: 'ok',
        event_store: { kind: process.env.EVENTSTORE_URL ? 'eventstoredb' : 'sqlite', reachable: true, head_position: expect.any(String) },
        read_models: { kind: process.env.MONGODB_URL ? 'mongodb' : 'sqlite', reachable: true, caught_up: true, lag_positions: '0' },
      });
      for (const key of [null, 'not-a-key']) {
        expect(await call(t.baseUrl, 'GET', '/health', undefined, { key })).toMatchObject({ status: 200, body: { status: 'ok' } });
        expect(Object.keys((await call(t.baseUrl, 'GET', '/health', undefined, { key })).body)).toEqual(['status']);
      }
      await t.app.get<ReadStore>(READ_STORE).close(); // the read store goes away
      const down = await call(t.baseUrl, 'GET', '/health', undefined, { key: null });
      expect(down).toMatchObject({ status: 503, body: { status: 'unavailable' } });
      expect(Object.keys(down.body)).toEqual(['status']);
      const detailed = await call(t.baseUrl, 'GET', '/health');
      expect(detailed.status).toBe(503);
      expect(detailed.body).toMatchObject({ status: 'unavailable', read_models: { reachable: false, error: expect.any(String) } });
    } finally {
      await t.close().catch(() => undefined);
    }
  });
});
