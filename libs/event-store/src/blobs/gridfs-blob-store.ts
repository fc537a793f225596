import { GridFSBucket, MongoClient, MongoServerError, ObjectId } from 'mongodb';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';
import { Blob, BlobExists, BlobMeta, BlobStore, checkBlobId } from './blob-store.port';

export const BLOB_BUCKET = 'blobs';

/** GridFS keys files by any value; the driver's types say ObjectId only. */
const key = (id: string) => checkBlobId(id) as unknown as ObjectId;

/**
 * Blobs in MongoDB GridFS (the `blobs` bucket of MONGODB_URL's database), for the production profile where every
 * API process shares them. GridFS writes a file's chunks first and its files document last, so a blob is found only
 * once it is whole; a put of a taken id fails on the chunks' unique (files_id, n) index before anything is visible.
 */
export class GridFsBlobStore implements BlobStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly bucket: GridFSBucket,
  ) {}

  static async connect(url: string, timeoutMs = 5000): Promise<GridFsBlobStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs });
    try {
      await client.connect();
      return new GridFsBlobStore(client, new GridFSBucket(client.db(), { bucketName: BLOB_BUCKET }));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async put(id: string, bytes: Buffer, meta: BlobMeta): Promise<void> {
    if (await this.exists(id)) throw new BlobExists(id);
    const upload = this.bucket.openUploadStreamWithId(key(id), id, { metadata: meta });
    try {
      await pipeline(Readable.from([bytes]), upload);
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) throw new BlobExists(id);
      throw error;
    }
  }

  async get(id: string): Promise<Blob | null> {
    const [file] = await this.bucket.find({ _id: key(id) }, { limit: 1 }).toArray();
    if (!file) return null;
    const parts: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(key(id))) parts.push(chunk as Buffer);
    return { bytes: Buffer.concat(parts), meta: file.metadata as BlobMeta };
  }

  async exists(id: string): Promise<boolean> {
    return (await this.bucket.find({ _id: key(id) }, { limit: 1 }).toArray()).length > 0;
  }

  async delete(id: string): Promise<void> {
    try {
      await this.bucket.delete(key(id));
    } catch (error) {
      // The driver refuses to delete a file it cannot find (after removing any stray chunks): nothing is left either way.
      if (!/File not found/i.test((error as Error).message)) throw error;
    }
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
