import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeEventStoreContract } from './event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

const freshFile = () => join(mkdtempSync(join(tmpdir(), 'fl-es-')), 'events.db');

describeEventStoreContract('sqlite', async () => new SqliteEventStore(freshFile()));

describe('SQLite event store identity', () => {
  it('is made with the file, kept in it across opens, and differs for another file', async () => {
    const file = freshFile();
    const first = new SqliteEventStore(file);
    const identity = await first.identity();
    await first.close();
    const reopened = new SqliteEventStore(file);
    const other = new SqliteEventStore(freshFile());
    expect(identity).toMatch(/^sqlite:[0-9a-f-]{36}$/);
    expect(await reopened.identity()).toBe(identity);
    expect(await other.identity()).not.toBe(identity);
    await Promise.all([reopened.close(), other.close()]);
  });
});
