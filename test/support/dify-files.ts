import { existsSync, readdirSync } from 'fs';
import { MongoClient } from 'mongodb';
import { join } from 'path';
import { BLOB_BUCKET } from '@forkline/event-store/blobs/gridfs-blob-store';

export interface RawResponse {
  status: number;
  headers: Headers;
  body: any;
  bytes: Buffer;
}

/** A multipart request as browsers and Node send one (fetch + FormData); `parts` are form fields or files. */
export async function postForm(
  url: string,
  key: string,
  parts: Array<[string, string | { bytes: Buffer | string; name: string; type?: string }]>,
): Promise<RawResponse> {
  const form = new FormData();
  for (const [name, value] of parts) {
    if (typeof value === 'string') form.append(name, value);
    else form.append(name, new Blob([value.bytes], { type: value.type ?? 'application/octet-stream' }), value.name);
  }
  return raw(url, key, { method: 'POST', body: form });
}

export async function raw(url: string, key: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, { ...init, headers: { authorization: `Bearer ${key}`, ...(init.headers ?? {}) } });
  const bytes = Buffer.from(await response.arrayBuffer());
  const json = (response.headers.get('content-type') ?? '').includes('json') && bytes.length > 0;
  return { status: response.status, headers: response.headers, bytes, body: json ? JSON.parse(bytes.toString('utf8')) : undefined };
}

/** The ids of the stored blobs, wherever the server keeps them: GridFS with MONGODB_URL, else files under DATA_DIR/blobs. */
export async function blobFiles(dataDir: string): Promise<string[]> {
  const url = process.env.MONGODB_URL;
  if (!url) return existsSync(join(dataDir, 'blobs')) ? readdirSync(join(dataDir, 'blobs')).sort() : [];
  const client = await new MongoClient(url).connect();
  try {
    const files = await client
      .db()
      .collection(`${BLOB_BUCKET}.files`)
      .find({}, { projection: { _id: 1 } })
      .toArray();
    return files.map((f) => String(f._id)).sort();
  } finally {
    await client.close();
  }
}

/** A FormData argument for Dify's SDK through the child-process harness (see dify-sdk-call.mjs). */
export const sdkForm = (file: { bytes: Buffer | string; name: string; type: string }, user?: string) => ({
  $form: { file: { base64: Buffer.from(file.bytes).toString('base64'), name: file.name, type: file.type }, ...(user ? { user } : {}) },
});
