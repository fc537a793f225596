import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ThreadCommand } from '@forkline/domain';
import { NewLiveRecord, SqliteEventStore, SqliteLiveRecordStore, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { FeedItem } from './feed-cursor';
import { feedHistory } from './feed-history';
import { itemBytes, PAGE_BYTES } from './feed-pages';

describe('feedHistory over the SQLite stores', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-history-'));
  const store = new SqliteEventStore(join(dir, 'events.db'));
  const live = new SqliteLiveRecordStore(join(dir, 'live.db'));
  const repository = new ThreadRepository(store);
  const lineage = new ThreadLineage(store);
  const exec = (c: ThreadCommand) => repository.execute(c, { actor: 'u', correlationId: 'c', causationId: null });
  const records = (n: number, data: Record<string, unknown> = {}): NewLiveRecord[] =>
    Array.from({ length: n }, () => ({ runId: 'r', type: 'token_delta', data }));
  const read = async (threadId: string, to: { durable: number; live: number }) => {
    const batches: FeedItem[][] = [];
    for await (const batch of feedHistory(lineage, live, threadId, { durable: -1, live: -1 }, to)) batches.push(batch);
    return batches;
  };
  const show = (item: FeedItem) => (item.kind === 'event' ? `${item.eventNumber}` : `live ${item.record.seq}`);
  afterAll(async () => {
    await Promise.all([store.close(), live.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('merges both sources by when each was stored, every item once, across many pages of each', async () => {
    await exec({ type: 'CreateThread', threadId: 'm', ownerId: 'u' });
    await new Promise((r) => setTimeout(r, 5)); // the merge orders by stored time (ms): items of one millisecond may come either way
    await live.append('m', records(300));
    await exec({ type: 'SendMessage', threadId: 'm', userId: 'u', messageId: 'm1', content: 'hi' });
    await new Promise((r) => setTimeout(r, 5)); // stored after the message, by the clock too
    await live.append('m', records(450));
    const items = (await read('m', { durable: 1, live: 749 })).flat().map(show);
    const expected = [
      '0',
      ...Array.from({ length: 300 }, (_, i) => `live ${i}`),
      '1',
      ...Array.from({ length: 450 }, (_, i) => `live ${300 + i}`),
    ];
    expect(items).toEqual(expected);
  });

  it('hands over batches of at most PAGE_BYTES (or one item)', async () => {
    await exec({ type: 'CreateThread', threadId: 'b', ownerId: 'u' });
    await new Promise((r) => setTimeout(r, 5));
    await live.append('b', records(6, { output: 'x'.repeat(1024 * 1024) }));
    const batches = await read('b', { durable: 0, live: 5 });
    expect(batches.flat().map(show)).toEqual(['0', 'live 0', 'live 1', 'live 2', 'live 3', 'live 4', 'live 5']);
    expect(batches.length).toBeGreaterThan(1);
    for (const batch of batches) expect(batch.reduce((sum, item) => sum + itemBytes(item), 0)).toBeLessThanOrEqual(PAGE_BYTES);
  });
});
