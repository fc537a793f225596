import { randomBytes } from 'crypto';
import { existsSync } from 'fs';
import { join } from 'path';
import { ConfigError, hashApiKey } from '@forkline/platform';
import { estimatedKeyBits, HOW_TO_GENERATE_A_KEY, MIN_KEY_BITS } from './key-strength';
import { createKeysFile, readGuardedFile } from './keys-file';

/** One key as stored: never the key itself, only its SHA-256. */
export interface StoredApiKey {
  user_id: string;
  key_sha256: string;
  created_at?: string;
}

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
 * The keys of a process that creates none (a headless listener) and found none at start: DATA_DIR/api-keys.json is read
 * once it exists, so a worker started at the same moment as the first API process takes that process's key.
 */
class AwaitedKeysRegistry extends ApiKeyRegistry {
  private loaded: ApiKeyRegistry | undefined;

  constructor(private readonly file: string) {
    super([]);
  }

  override userFor(key: string): string | null {
    if (!this.loaded && existsSync(this.file)) {
      try {
        this.loaded = new ApiKeyRegistry(readKeysFile(this.file, 'DATA_DIR/api-keys.json', true));
      } catch {
        // Caught mid-write (the creator writes after claiming the name): no key yet, read again at the next request.
      }
    }
    return this.loaded?.userFor(key) ?? null;
  }
}

/**
 * Keys come from API_KEYS (`key:userId,...`), else API_KEYS_FILE (a JSON list of {user_id, key_sha256}),
 * else DATA_DIR/api-keys.json, which the first start creates with one key for user `local`. API_KEYS is
 * removed from the environment once read, so nothing started later (a tool, a child process) inherits it. Without
 * `create` (a headless process: the API prints the key it creates, where the operator looks for it) none is created.
 */
export function loadApiKeys(env: NodeJS.ProcessEnv, dataDir: string, create = true): LoadedKeys {
  if (env.API_KEYS) {
    const keys = parseApiKeys(env.API_KEYS);
    delete env.API_KEYS;
    delete process.env.API_KEYS;
    return { registry: new ApiKeyRegistry(keys) };
  }
  if (env.API_KEYS_FILE) return { registry: new ApiKeyRegistry(readKeysFile(env.API_KEYS_FILE, 'API_KEYS_FILE', false)) };
  const file = join(dataDir, 'api-keys.json');
  if (existsSync(file)) return { registry: new ApiKeyRegistry(readKeysFile(file, 'DATA_DIR/api-keys.json', true)) };
  if (!create) return { registry: new AwaitedKeysRegistry(file) };
  const key = `fl_${randomBytes(24).toString('base64url')}`;
  const stored: StoredApiKey[] = [{ user_id: 'local', key_sha256: hashApiKey(key), created_at: new Date().toISOString() }];
  // Another process starting on the same DATA_DIR may have created it first: then its key is the one.
  if (!createKeysFile(file, JSON.stringify(stored, null, 2) + '\n')) {
    return { registry: new ApiKeyRegistry(readKeysFile(file, 'DATA_DIR/api-keys.json', true)) };
  }
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
    const bits = Math.floor(estimatedKeyBits(key));
    if (bits < MIN_KEY_BITS) {
      throw new ConfigError(
        `API_KEYS: the key of user '${userId}' is too weak (about ${bits} bits, at least ${MIN_KEY_BITS} needed); ${HOW_TO_GENERATE_A_KEY}`,
      );
    }
    return { user_id: userId, key_sha256: hashApiKey(key) };
  });
}

function readKeysFile(file: string, name: string, tighten: boolean): StoredApiKey[] {
  const text = readGuardedFile(file, name, tighten);
  try {
    const keys = JSON.parse(text) as StoredApiKey[];
    if (!Array.isArray(keys) || !keys.every((k) => USER_ID.test(k.user_id) && /^[0-9a-f]{64}$/.test(k.key_sha256))) {
      throw new Error('expected a JSON list of {"user_id", "key_sha256"}');
    }
    return keys;
  } catch (error) {
    throw new ConfigError(`${name} (${file}) is not a valid keys file: ${(error as Error).message}`);
  }
}
