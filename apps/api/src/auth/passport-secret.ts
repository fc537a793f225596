import { randomBytes } from 'crypto';
import { closeSync, existsSync, linkSync, openSync, unlinkSync, writeFileSync } from 'fs';
import { join } from 'path';
import { AppConfig, ConfigError } from '@forkline/platform';
import { readGuardedFile } from './keys-file';

const FILE_NAME = 'passport-secret';
const NAME = 'DATA_DIR/passport-secret';

/**
 * The key passports are signed with: PASSPORT_SECRET, else the secret in DATA_DIR/passport-secret, which the first
 * start creates (32 random bytes, readable by this user only). Several processes on one DATA_DIR share it; processes
 * on separate hosts (a server backend) need one PASSPORT_SECRET, or each refuses the others' passports.
 */
export function loadPassportSecret(config: Pick<AppConfig, 'passportSecret' | 'dataDir'>): Uint8Array {
  if (config.passportSecret) return new TextEncoder().encode(config.passportSecret);
  const file = join(config.dataDir, FILE_NAME);
  if (!existsSync(file)) createSecretFile(file, randomBytes(32).toString('base64url'));
  const secret = readGuardedFile(file, NAME, true).trim();
  if (secret.length < 32) throw new ConfigError(`${NAME} (${file}) holds no secret of 32 characters or more; remove it to get a new one`);
  return new TextEncoder().encode(secret);
}

/**
 * Writes the secret whole to a private temporary file, then links it into place: the name appears with its content,
 * so a process starting at the same moment reads either no file or the whole secret, and of two only one link wins.
 */
function createSecretFile(file: string, secret: string): void {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  try {
    const fd = openSync(temporary, 'wx', 0o600);
    try {
      writeFileSync(fd, secret + '\n');
    } finally {
      closeSync(fd);
    }
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new ConfigError(`cannot create ${NAME} (${file}): ${(error as Error).message}`);
    }
  } finally {
    try {
      unlinkSync(temporary);
    } catch {
      // never created
    }
  }
}
