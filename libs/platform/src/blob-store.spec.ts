import { existsSync, mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { FileBlobStore } from '@forkline/event-store';
import { openBlobStore } from './blob-store';
import { ConfigError, loadConfig } from './config/app-config';

describe('openBlobStore', () => {
  const root = mkdtempSync(join(tmpdir(), 'forkline-blob-config-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('keeps blobs in files under DATA_DIR/blobs when MONGODB_URL is not set', async () => {
    const dataDir = join(root, 'embedded');
    const store = await openBlobStore(loadConfig({ DATA_DIR: dataDir }));
    expect(store).toBeInstanceOf(FileBlobStore);
    await store.put('b1', Buffer.from('x'), { contentType: 'text/plain' });
    expect(existsSync(join(dataDir, 'blobs', 'b1'))).toBe(true);
    await store.close();
  });

  it('goes to MongoDB when MONGODB_URL is set, failing in one line when it cannot', async () => {
    const config = loadConfig({ DATA_DIR: join(root, 'mongo'), MONGODB_URL: 'not-a-mongodb-url' });
    await expect(openBlobStore(config)).rejects.toThrow(ConfigError);
    await expect(openBlobStore(config)).rejects.toThrow(/^MONGODB_URL: cannot use MongoDB there: /);
    expect(existsSync(join(root, 'mongo', 'blobs'))).toBe(false);
  });
});
