import { readFileSync } from 'fs';
import { join } from 'path';
import { spawnServer, stopServer } from './support/server-process';
import { call, newDataDir } from './support/test-app';

describe('first start without configured keys', () => {
  it('creates one key for user local, prints it once with a curl example, keeps only its hash', async () => {
    const dataDir = newDataDir();
    const first = await spawnServer({ DATA_DIR: dataDir, API_KEYS: '' });
    let key: string;
    try {
      const printed = /Bearer (fl_[A-Za-z0-9_-]+)" http:\/\/127\.0\.0\.1:\d+\/threads/.exec(first.output());
      expect(printed).not.toBeNull();
      key = printed![1];
      const stored = readFileSync(join(dataDir, 'api-keys.json'), 'utf8');
      expect(stored).not.toContain(key);
      expect(JSON.parse(stored)).toEqual([
        { user_id: 'local', key_sha256: expect.stringMatching(/^[0-9a-f]{64}$/), created_at: expect.any(String) },
      ]);
      expect((await call(first.baseUrl, 'POST', '/commands/create-thread', { thread_id: 'local-thread' }, { key })).status).toBe(200);
    } finally {
      await stopServer(first, 'SIGTERM');
    }

    const second = await spawnServer({ DATA_DIR: dataDir, API_KEYS: '' });
    try {
      expect(second.output()).not.toContain('Created an API key');
      expect((await call(second.baseUrl, 'GET', '/threads', undefined, { key })).body.map((x: any) => x.thread_id)).toEqual([
        'local-thread',
      ]);
      expect((await call(second.baseUrl, 'GET', '/threads', undefined, { key: 'fl_wrong' })).status).toBe(401);
    } finally {
      await stopServer(second, 'SIGTERM');
    }
  });
});
