import { join } from 'path';
import { RateCounterStore, SqliteRateCounterStore } from '@forkline/read-models';
import { AppConfig, ConfigError, ensureDataDir } from './config/app-config';
import { withTimeout } from './config/with-timeout';

/**
 * The counters behind the rate limits, on the read-model backend so every API process shares them: MongoDB when
 * MONGODB_URL is set, else DATA_DIR/limits.db.
 */
export async function openRateCounters(config: AppConfig): Promise<RateCounterStore> {
  const { MONGODB_URL } = config.env;
  if (MONGODB_URL) {
    try {
      const { MongoRateCounterStore } = await import('@forkline/read-models/mongodb'); // loaded only when configured
      return await withTimeout(MongoRateCounterStore.connect(MONGODB_URL), 10_000);
    } catch (error) {
      throw new ConfigError(`MONGODB_URL: cannot use MongoDB there: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  ensureDataDir(config.dataDir);
  try {
    return new SqliteRateCounterStore(join(config.dataDir, 'limits.db'));
  } catch (error) {
    throw new ConfigError(`DATA_DIR '${config.dataDir}' cannot hold the embedded stores: ${(error as Error).message}`);
  }
}
