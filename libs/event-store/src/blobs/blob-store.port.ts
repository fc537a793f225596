/** What a blob is stored with besides its bytes. */
export interface BlobMeta {
  contentType: string;
}

export interface Blob {
  bytes: Buffer;
  meta: BlobMeta;
}

/**
 * Where uploaded files' bytes live (the event log records only their id, name, size, type and hash). Ids are chosen by
 * the caller (uuids) and written once: `put` of an id already there is refused and leaves the stored blob as it was.
 * A blob is all there or not there: a crash mid-put leaves nothing a `get` or `exists` would find.
 */
export interface BlobStore {
  put(id: string, bytes: Buffer, meta: BlobMeta): Promise<void>;
  get(id: string): Promise<Blob | null>;
  exists(id: string): Promise<boolean>;
  /** Removes the blob; removing one that is not there does nothing. */
  delete(id: string): Promise<void>;
  close(): Promise<void>;
}

export const BLOB_STORE = Symbol('BLOB_STORE');

/** A put of an id that is already stored. */
export class BlobExists extends Error {
  constructor(id: string) {
    super(`blob '${id}' is already stored`);
  }
}

const BLOB_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Ids become file names and GridFS keys: letters, digits, '-' and '_' only, so no id can name a path outside the store. */
export function checkBlobId(id: string): string {
  if (!BLOB_ID.test(id)) throw new Error(`blob id '${id.slice(0, 40)}' is not an id (letters, digits, '-', '_'; at most 128)`);
  return id;
}
