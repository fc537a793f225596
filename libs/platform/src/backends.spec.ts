import { existsSync, mkdtempSync, renameSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { EsdbLiveRecordStore } from '@forkline/event-store/eventstoredb';
import { FakeEventStoreDb } from '../../../test/support/fake-eventstoredb-server';
import { Backends, openBackends } from './backends';
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
      await backends.liveRecords.append('t', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
      expect(existsSync(join(dataDir, 'live.db'))).toBe(true);
    } finally {
      await backends.eventStore.close();
      await backends.readStore.close();
      await backends.liveRecords.close();
    }
  });

  it('refuses read models projected from another event store, naming both files, and opens them again with their own', async () => {
    const dataDir = join(root, 'replaced-log');
    const close = (b: Backends) => Promise.all([b.eventStore.close(), b.readStore.close(), b.liveRecords.close()]);
    await close(await openBackends(loadConfig({ DATA_DIR: dataDir })));
    await close(await openBackends(loadConfig({ DATA_DIR: dataDir })));
    const events = join(dataDir, 'events.db');
    renameSync(events, join(root, 'events-of-replaced-log.db'));
    const refused = openBackends(loadConfig({ DATA_DIR: dataDir }));
    await expect(refused).rejects.toBeInstanceOf(ConfigError);
    await expect(refused).rejects.toThrow(
      `${join(dataDir, 'read-models.db')}: these read models were projected from another event store than the log in ${events}; ` +
        `remove ${join(dataDir, 'read-models.db')} (projections rebuild from the log) or use the event store they follow`,
    );
    renameSync(join(root, 'events-of-replaced-log.db'), events);
    await close(await openBackends(loadConfig({ DATA_DIR: dataDir })));
  });

  it('keeps live records in EventStoreDB, in live-<threadId>, when EVENTSTORE_URL is set', async () => {
    const fake = await FakeEventStoreDb.start();
    const dataDir = join(root, 'live-on-server');
    const backends = await openBackends(loadConfig({ DATA_DIR: dataDir, EVENTSTORE_URL: fake.url }));
    try {
      expect(backends.liveRecords).toBeInstanceOf(EsdbLiveRecordStore);
      await backends.liveRecords.append('t', [{ runId: 'r', type: 'token_delta', data: { text: 'x' } }]);
      expect(fake.streamRecords('live-t')).toHaveLength(1);
      expect(existsSync(join(dataDir, 'live.db'))).toBe(false);
    } finally {
      await Promise.all([backends.eventStore.close(), backends.readStore.close(), backends.liveRecords.close()]);
      await fake.stop();
    }
  });

  it('names the variable when a server cannot be used', async () => {
    const config = loadConfig({ DATA_DIR: join(root, 'servers'), EVENTSTORE_URL: 'not a url' });
    const failure = openBackends(config);
    await expect(failure).rejects.toBeInstanceOf(ConfigError);
    await expect(failure).rejects.toThrow(/^EVENTSTORE_URL: cannot use EventStoreDB there: /);
  });
});
