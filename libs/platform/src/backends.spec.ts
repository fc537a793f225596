import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { openBackends } from './backends';
import { ConfigError, loadConfig } from './config/app-config';

describe('openBackends', () => {
  const root = mkdtempSync(join(tmpdir(), 'forkline-backends-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('opens the embedded stores under DATA_DIR when no server URL is set', async () => {
    const dataDir = join(root, 'embedded');
    const backends = await openBackends(loadConfig({ DATA_DIR: dataDir }));
    try {
      expect(backends.kinds).toEqual({ eventStore: 'sqlite', readStore: 'sqlite' });
      expect(backends.switchable?.store).toBe(backends.readStore);
      expect(existsSync(join(dataDir, 'events.db'))).toBe(true);
    } finally {
      await backends.eventStore.close();
      await backends.readStore.close();
    }
  });

  it('names the variable when a server cannot be used', async () => {
    const config = loadConfig({ DATA_DIR: join(root, 'servers'), EVENTSTORE_URL: 'not a url' });
    const failure = openBackends(config);
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/^EVENTSTORE_URL: cannot use EventStoreDB there: /);
  });
});
