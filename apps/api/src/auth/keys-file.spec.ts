import { chmodSync, chownSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ConfigError } from '@forkline/platform';
import { createKeysFile, readGuardedFile } from './keys-file';

describe('keys file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fl-keys-'));
  const file = (name: string, mode: number) => {
    const path = join(dir, name);
    writeFileSync(path, '[]');
    chmodSync(path, mode);
    return path;
  };

  it('refuses a file that group or others may write, in one line', () => {
    const path = file('group-writable.json', 0o664);
    expect(() => readGuardedFile(path, 'API_KEYS_FILE', false)).toThrow(
      new ConfigError(`API_KEYS_FILE (${path}) is writable by group or others (mode 664); chmod 600 it`),
    );
    expect(() => readGuardedFile(file('world-writable.json', 0o602), 'API_KEYS_FILE', false)).toThrow(ConfigError);
  });

  it('reads a readable one, tightening it only when asked', () => {
    const path = file('readable.json', 0o644);
    expect(readGuardedFile(path, 'API_KEYS_FILE', false)).toBe('[]');
    expect(statSync(path).mode & 0o777).toBe(0o644);
    readGuardedFile(path, 'DATA_DIR/api-keys.json', true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  (process.getuid?.() === 0 ? it : it.skip)('refuses a file owned by another user (needs root to chown)', () => {
    const path = file('foreign.json', 0o600);
    chownSync(path, 4242, 4242);
    expect(() => readGuardedFile(path, 'API_KEYS_FILE', false)).toThrow(/is owned by another user \(uid 4242\)/);
  });

  it('creates exclusively, 600, and never overwrites', () => {
    const path = join(dir, 'created.json');
    expect(createKeysFile(path, 'first')).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(createKeysFile(path, 'second')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('first');
  });
});
