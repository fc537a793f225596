import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { describeReadStoreContract } from '../read-store.contract';
import { SqliteReadStore } from './sqlite-read-store';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describeReadStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-rs-'));
  dirs.push(dir);
  return new SqliteReadStore(join(dir, 'read-models.db'));
});
