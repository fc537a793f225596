import { randomBytes, randomUUID } from 'crypto';
import { BlobExists, BlobStore } from './blob-store.port';

/** The contract every blob store adapter keeps. `open` gives two handles (as two processes would hold) on one fresh store. */
export function describeBlobStoreContract(name: string, open: () => Promise<[BlobStore, BlobStore]>): void {
  describe(`blob store contract: ${name}`, () => {
    let a: BlobStore;
    let b: BlobStore;
    beforeEach(async () => {
      [a, b] = await open();
    });
    afterEach(async () => {
      await a.close();
      await b.close();
    });

    it('gives back the bytes and meta it was given, to any handle, byte for byte', async () => {
      const id = randomUUID();
      const bytes = randomBytes(300_000); // more than one GridFS chunk (255 KiB)
      await a.put(id, bytes, { contentType: 'image/png' });
      const blob = await b.get(id);
      expect(blob?.meta).toEqual({ contentType: 'image/png' });
      expect(Buffer.compare(blob!.bytes, bytes)).toBe(0);
      expect(await b.exists(id)).toBe(true);
    });

    it('keeps empty blobs and bytes that look like text, newlines included', async () => {
      await a.put('empty', Buffer.alloc(0), { contentType: 'text/plain' });
      expect((await a.get('empty'))?.bytes.length).toBe(0);
      await a.put('lines', Buffer.from('{"a":1}\n\nend\n'), { contentType: 'application/json' });
      expect((await b.get('lines'))?.bytes.toString()).toBe('{"a":1}\n\nend\n');
    });

    it('knows nothing of an id never stored', async () => {
      expect(await a.get(randomUUID())).toBeNull();
      expect(await a.exists(randomUUID())).toBe(false);
    });

    it('refuses a second put of an id and keeps the first blob', async () => {
      const id = randomUUID();
      await a.put(id, Buffer.from('first'), { contentType: 'text/plain' });
      await expect(b.put(id, Buffer.from('second!'), { contentType: 'text/html' })).rejects.toBeInstanceOf(BlobExists);
      expect(await a.get(id)).toEqual({ bytes: Buffer.from('first'), meta: { contentType: 'text/plain' } });
    });

    it('deletes a blob for every handle; deleting it again, or one never stored, does nothing', async () => {
      const id = randomUUID();
      await a.put(id, Buffer.from('bytes'), { contentType: 'text/plain' });
      await b.delete(id);
      expect(await a.get(id)).toBeNull();
      expect(await a.exists(id)).toBe(false);
      await a.delete(id);
      await a.delete(randomUUID());
    });

    it('keeps each blob apart: deleting one leaves the others', async () => {
      const [x, y] = [randomUUID(), randomUUID()];
      await a.put(x, Buffer.from('x'), { contentType: 'text/plain' });
      await a.put(y, Buffer.from('y'), { contentType: 'text/plain' });
      await a.delete(x);
      expect((await b.get(y))?.bytes.toString()).toBe('y');
    });

    it('refuses ids that could name something outside the store', async () => {
      for (const id of ['../escape', 'a/b', '', '.hidden', 'x'.repeat(129)]) {
        await expect(a.put(id, Buffer.from('no'), { contentType: 'text/plain' })).rejects.toThrow(/not an id/);
        await expect(a.get(id)).rejects.toThrow(/not an id/);
      }
    });
  });
}
