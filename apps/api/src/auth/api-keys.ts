import { createHash, randomBytes } from 'crypto';
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ConfigError } from '@forkline/platform';

/** One key as stored: never the key itself, only its SHA-256. */
export interface StoredApiKey {
  user_id: string;
  key_sha256: string;
  created_at?: string;
}

const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;

/** Maps bearer keys to user ids. Keys are compared by hash, so no plaintext key is kept in memory or on disk. */
export class ApiKeyRegistry {
  private readonly users = new Map<string, string>();

  constructor(keys: StoredApiKey[]) {
    for (const k of keys) this.users.set(k.key_sha256, k.user_id);
  }

  userFor(key: string): string | null {
    return this.users.get(hashApiKey(key)) ?? null;
  }
}

export interface LoadedKeys {
  registry: ApiKeyRegistry;
  /** Set when this start created the first key: shown once to the operator, then only its hash remains. */
  createdKey?: { key: string; userId: string; file: string };
}

/**
 * Keys come from API_KEYS (`key:userId,...`), else API_KEYS_FILE (a JSON list of {user_id, key_sha256}),
 * else DATA_DIR/api-keys.json, which the first start creates with one key for user `local`.
 */
export function loadApiKeys(env: NodeJS.ProcessEnv, dataDir: string): LoadedKeys {
  if (env.API_KEYS) return { registry: new ApiKeyRegistry(parseApiKeys(env.API_KEYS)) };
  if (env.API_KEYS_FILE) return { registry: new ApiKeyRegistry(readKeysFile(env.API_KEYS_FILE, 'API_KEYS_FILE')) };
  const file = join(dataDir, 'api-keys.json');
  if (existsSync(file)) return { registry: new ApiKeyRegistry(readKeysFile(file, 'DATA_DIR/api-keys.json')) };
  const key = `fl_${randomBytes(24).toString('base64url')}`;
  const stored: StoredApiKey[] = [{ user_id: 'local', key_sha256: hashApiKey(key), created_at: new Date().toISOString() }];
  writeFileSync(file, JSON.stringify(stored, null, 2) + '\n', { mode: 0o600 });
  return { registry: new ApiKeyRegistry(stored), createdKey: { key, userId: 'local', file } };
}

function parseApiKeys(raw: string): StoredApiKey[] {
  return raw.split(',').map((entry) => {
    const at = entry.lastIndexOf(':');
    const key = entry.slice(0, at).trim();
    const userId = entry.slice(at + 1).trim();
    if (at < 0 || key.length < 8 || !USER_ID.test(userId)) {
      throw new ConfigError(
        'API_KEYS must be a comma-separated list of key:userId, each key at least 8 characters, user ids of letters, digits and ._@-',
      );
    }
    return { user_id: userId, key_sha256: hashApiKey(key) };
  });
}

function readKeysFile(file: string, name: string): StoredApiKey[] {
  try {
    const keys = JSON.parse(readFileSync(file, 'utf8')) as StoredApiKey[];
    if (!Array.isArray(keys) || !keys.every((k) => USER_ID.test(k.user_id) && /^[0-9a-f]{64}$/.test(k.key_sha256))) {
      throw new Error('expected a JSON list of {"user_id", "key_sha256"}');
    }
    return keys;
  } catch (error) {
    throw new ConfigError(`${name} (${file}) is not a valid keys file: ${(error as Error).message}`);
  }
}
