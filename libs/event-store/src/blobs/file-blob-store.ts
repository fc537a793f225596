import { randomUUID } from 'crypto';
import { promises as fs } from 'fs';
import { join } from 'path';
import { Blob, BlobExists, BlobMeta, BlobStore, checkBlobId } from './blob-store.port';

/**
 * Blobs as files under a directory (DATA_DIR/blobs on the embedded default), one per blob, private to this account
 * (0600 in a 0700 directory). Each file is its meta as one JSON line, then the bytes. A put writes a temporary file,
 * flushes it, then links it to its name: the link is atomic and fails if the name is taken, so a blob is never seen
 * half-written and never overwritten.
 */
export class FileBlobStore implements BlobStore {
  private ready: Promise<unknown> | null = null;

  constructor(private readonly dir: string) {}

  async put(id: string, bytes: Buffer, meta: BlobMeta): Promise<void> {
    const path = this.pathOf(id);
    await (this.ready ??= fs.mkdir(this.dir, { recursive: true, mode: 0o700 }));
    const temp = join(this.dir, `.tmp-${randomUUID()}`);
    const file = await fs.open(temp, 'wx', 0o600);
    try {
      await file.writeFile(Buffer.concat([Buffer.from(`${JSON.stringify(meta)}\n`), bytes]));
      await file.sync();
      await file.close();
      await fs.link(temp, path);
    } catch (error) {
      await file.close().catch(() => undefined);
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BlobExists(id);
      throw error;
    } finally {
      await fs.rm(temp, { force: true });
    }
  }

  async get(id: string): Promise<Blob | null> {
    let content: Buffer;
    try {
      content = await fs.readFile(this.pathOf(id));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const newline = content.indexOf(0x0a);
    return { meta: JSON.parse(content.subarray(0, newline).toString('utf8')) as BlobMeta, bytes: content.subarray(newline + 1) };
  }

  async exists(id: string): Promise<boolean> {
    return fs.access(this.pathOf(id)).then(
      () => true,
      () => false,
    );
  }

  async delete(id: string): Promise<void> {
    await fs.rm(this.pathOf(id), { force: true });
  }

  async close(): Promise<void> {}

  private pathOf(id: string): string {
    return join(this.dir, checkBlobId(id));
  }
}
