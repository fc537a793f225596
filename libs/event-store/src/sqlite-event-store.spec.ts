import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeEventStoreContract } from './event-store.contract';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract('sqlite', async () => new SqliteEventStore(join(mkdtempSync(join(tmpdir(), 'fl-es-')), 'events.db')));
