import { join } from 'path';
import { BlobStore, FileBlobStore } from '@forkline/event-store';
import { AppConfig, ConfigError, ensureDataDir } from './config/app-config';
import { withTimeout } from './config/with-timeout';

/**
 * Where uploaded files' bytes go, chosen like the read models: MongoDB GridFS (MONGODB_URL's database, bucket `blobs`)
 * when MONGODB_URL is set, so every API process serves every file; else files under DATA_DIR/blobs.
 */
export async function openBlobStore(config: AppConfig): Promise<BlobStore> {
  const { MONGODB_URL } = config.env;
  if (MONGODB_URL) {
    try {
      // The MongoDB driver is loaded only when configured, as for the read models (backends.ts).
      const { GridFsBlobStore } = await import('@forkline/event-store/blobs/gridfs-blob-store');
      return await withTimeout(GridFsBlobStore.connect(MONGODB_URL), 10_000);
    } catch (error) {
      throw new ConfigError(`MONGODB_URL: cannot use MongoDB there: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  ensureDataDir(config.dataDir);
  return new FileBlobStore(join(config.dataDir, 'blobs'));
}
