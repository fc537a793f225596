import { mkdtempSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeBlobStoreContract } from './blob-store.contract';
import { FileBlobStore } from './file-blob-store';

describe('file blob store', () => {
  const dirs: string[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'forkline-blobs-'));
    dirs.push(dir);
    return join(dir, 'blobs');
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  describeBlobStoreContract('files', async () => {
    const dir = freshDir();
    return [new FileBlobStore(dir), new FileBlobStore(dir)];
  });

  it('keeps its files private to this account and leaves no temporary file behind, also after a refused put', async () => {
    const dir = freshDir();
    const store = new FileBlobStore(dir);
    await store.put('one', Buffer.from('secret'), { contentType: 'text/plain' });
    await expect(store.put('one', Buffer.from('again'), { contentType: 'text/plain' })).rejects.toThrow(/already stored/);
    expect(readdirSync(dir)).toEqual(['one']);
    expect(statSync(join(dir, 'one')).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
  });
});
