import { closeSync, fchmodSync, fstatSync, openSync, readFileSync, writeFileSync } from 'fs';
import { ConfigError } from '@forkline/platform';

/**
 * Reads a keys file, refusing one that another account could have written: owned by someone other than this
 * user or root (root-owned mounted secrets are fine, as for OpenSSH), or writable by group or others. With
 * `tighten` (the file in DATA_DIR, ours) one that others can read is made 0600.
 */
export function readGuardedFile(file: string, name: string, tighten: boolean): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    throw new ConfigError(`${name} (${file}) is not a valid keys file: ${(error as Error).message}`);
  }
  try {
    const stat = fstatSync(fd);
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid && stat.uid !== 0) {
      throw new ConfigError(`${name} (${file}) is owned by another user (uid ${stat.uid}); refusing keys that account could change`);
    }
    if (stat.mode & 0o022) {
      throw new ConfigError(`${name} (${file}) is writable by group or others (mode ${(stat.mode & 0o777).toString(8)}); chmod 600 it`);
    }
    if (tighten && stat.mode & 0o077) fchmodSync(fd, 0o600);
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Creates a keys file only if none exists (O_EXCL), private from its first byte; false when one appeared meanwhile. */
export function createKeysFile(file: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new ConfigError(`cannot create the keys file ${file}: ${(error as Error).message}`);
  }
  try {
    writeFileSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}
