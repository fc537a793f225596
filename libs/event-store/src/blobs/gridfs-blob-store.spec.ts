import { describeWithServer } from '../server-contract';
import { describeBlobStoreContract } from './blob-store.contract';
import { GridFsBlobStore } from './gridfs-blob-store';

describeWithServer('MONGODB_URL', 'MongoDB GridFS blob store', (url) => {
  const fresh = () => url.replace(/\/([^/?]*)(\?|$)/, `/forkline_blobs_${Date.now()}_${Math.random().toString(36).slice(2)}$2`);

  describeBlobStoreContract('gridfs', async () => {
    const dbUrl = fresh();
    return [await GridFsBlobStore.connect(dbUrl), await GridFsBlobStore.connect(dbUrl)];
  });
});
