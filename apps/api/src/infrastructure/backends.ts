import { join } from 'path';
import { EventStore, SqliteEventStore } from '@forkline/event-store';
import { ReadStore, SqliteReadStore } from '@forkline/read-models';
import { AppConfig, ConfigError, ensureDataDir } from '../config/app-config';

/** Opens the configured stores. The embedded default keeps both as SQLite files under DATA_DIR. */
export function openBackends(config: AppConfig): { eventStore: EventStore; readStore: ReadStore } {
  ensureDataDir(config.dataDir);
  try {
    return {
      eventStore: new SqliteEventStore(join(config.dataDir, 'events.db')),
      readStore: new SqliteReadStore(join(config.dataDir, 'read-models.db')),
    };
  } catch (error) {
    throw new ConfigError(`DATA_DIR '${config.dataDir}' cannot hold the embedded stores: ${(error as Error).message}`);
  }
}
