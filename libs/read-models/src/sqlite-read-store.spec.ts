import { mkdtempSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeReadStoreContract } from './read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

describeReadStoreContract('sqlite', async () => new SqliteReadStore(join(mkdtempSync(join(tmpdir(), 'fl-rs-')), 'read-models.db')));
