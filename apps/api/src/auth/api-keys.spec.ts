import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { hashApiKey } from '@forkline/platform';
import { loadApiKeys } from './api-keys';

describe('loadApiKeys without a key anywhere', () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-api-keys-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  it('creates DATA_DIR/api-keys.json with one key for user local, by default (the API process)', () => {
    const dir = dataDir();
    const { registry, createdKey } = loadApiKeys({}, dir);
    expect(createdKey).toMatchObject({ userId: 'local', file: join(dir, 'api-keys.json') });
    expect(registry.userFor(createdKey!.key)).toBe('local');
  });

  it('creates none when told not to (a headless process), and takes the file an API process writes later', () => {
    const dir = dataDir();
    const file = join(dir, 'api-keys.json');
    const { registry, createdKey } = loadApiKeys({}, dir, false);
    expect(createdKey).toBeUndefined();
    expect(existsSync(file)).toBe(false);
    const key = 'written-later-key-0123456789abcdef';
    expect(registry.userFor(key)).toBeNull();
    // Caught while its creator has claimed the name but not written it yet: no key, and no error.
    writeFileSync(file, '', { mode: 0o600 });
    expect(registry.userFor(key)).toBeNull();
    writeFileSync(file, JSON.stringify([{ user_id: 'ops', key_sha256: hashApiKey(key) }]));
    expect(registry.userFor(key)).toBe('ops');
    expect(registry.userFor('another-key-0123456789abcdef')).toBeNull();
  });
});
