import { randomUUID } from 'crypto';
import { chmodSync, readdirSync, readFileSync, statSync } from 'fs';
import { join } from 'path';
import { AppConfig } from '@forkline/platform';
import { APP_CONFIG } from '../apps/api/src/infrastructure/tokens';
import { EVENT_STORE, EventStore } from './support/events';
import { call, eventually, newDataDir, startTestApp, TestApp } from './support/test-app';

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe('files and secrets on disk', () => {
  it('DATA_DIR is 700 (tightened when it was looser) and every file Forkline writes there is 600', async () => {
    const dataDir = newDataDir();
    chmodSync(dataDir, 0o755);
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const t = await startTestApp({ API_KEYS: '' }, dataDir);
    try {
      expect(modeOf(dataDir)).toBe('700');
      expect(warn).toHaveBeenCalledWith(`forkline: DATA_DIR '${dataDir}' was open to other accounts (mode 755); it is now 700`);
      const files = readdirSync(dataDir);
      expect(files).toEqual(
        expect.arrayContaining(['api-keys.json', 'events.db', 'events.db-wal', 'events.db-shm', 'read-models.db', 'read-models.db-wal']),
      );
      expect(Object.fromEntries(files.map((f) => [f, modeOf(join(dataDir, f))]))).toEqual(Object.fromEntries(files.map((f) => [f, '600'])));
    } finally {
      warn.mockRestore();
      await t.close();
    }
  });

  it('a deleted workflow leaves none of its text in the store files or their write-ahead logs', async () => {
    const t: TestApp = await startTestApp();
    try {
      const secret = `secret-${randomUUID()}`;
      const api = (method: string, path: string, body?: unknown) => call(t.baseUrl, method, path, body);
      const wf = (await api('POST', '/api/chat/playground/start', { input: `remember ${secret}` })).body;
      await eventually(
        () => api('GET', `/api/workflows/${wf.id}/status`),
        (r) => r.body.status !== 'running',
      );
      const files = () => readdirSync(t.dataDir).filter((f) => /\.db(-wal)?$/.test(f));
      const holding = () => files().filter((f) => readFileSync(join(t.dataDir, f)).includes(secret));
      expect(holding()).not.toEqual([]);
      expect((await api('DELETE', `/api/workflows/${wf.id}`)).status).toBe(200);
      const events: EventStore = t.app.get(EVENT_STORE);
      await eventually(
        () => events.readStream(`thread-${wf.id}`),
        (e) => e.length === 0,
      );
      expect(
        await eventually(
          async () => holding(),
          (h) => h.length === 0,
          5000,
        ),
      ).toEqual([]);
    } finally {
      await t.close();
    }
  });

  it('API_KEYS is gone from the environment and from the configuration once read', async () => {
    process.env.API_KEYS = 'carol-key-0c9e7a5b3d1f2e4a6c8b0d2f4e6a8c1b:carol';
    const t = await startTestApp({ API_KEYS: process.env.API_KEYS });
    try {
      expect(process.env.API_KEYS).toBeUndefined();
      expect(t.app.get<AppConfig>(APP_CONFIG).env.API_KEYS).toBeUndefined();
      expect((await call(t.baseUrl, 'GET', '/threads', undefined, { key: 'carol-key-0c9e7a5b3d1f2e4a6c8b0d2f4e6a8c1b' })).status).toBe(200);
    } finally {
      delete process.env.API_KEYS;
      await t.close();
    }
  });
});
