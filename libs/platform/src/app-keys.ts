import { hash, randomBytes } from 'crypto';
import { APP_KEY_PREFIX } from '@forkline/domain';

/**
 * How keys are stored and looked up, user keys and app keys alike: only their SHA-256 (hex). Every request hashes its
 * key; the one-shot `hash` makes no Hash object for it (about 1 us against 2 us).
 */
export const hashApiKey = (key: string) => hash('sha256', key);

/** Characters of a key's end kept to tell keys apart: 4 of 32 random ones, so it still carries 168 random bits unknown. */
const HINT_CHARS = 4;

export interface IssuedAppKey {
  key: string;
  keySha256: string;
  hint: string;
}

/** A new app key: `app-` and 192 random bits (Dify's keys look the same, `app-` and 24 characters). */
export function issueAppKey(): IssuedAppKey {
  const key = `${APP_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, keySha256: hashApiKey(key), hint: key.slice(-HINT_CHARS) };
}

/** How a key is shown once its secret is gone: `app-...wxyz`. */
export const maskedAppKey = (hint: string) => `${APP_KEY_PREFIX}...${hint}`;

export const isAppKey = (key: string) => key.startsWith(APP_KEY_PREFIX);
