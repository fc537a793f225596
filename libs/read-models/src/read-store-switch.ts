import { existsSync, readFileSync, renameSync, writeFileSync } from 'fs';
import { basename, join } from 'path';
import { ReadStore } from './read-store.port';

const POINTER = 'read-models.current';
const DEFAULT_FILE = 'read-models.db';

/** The embedded read store file in use: named by DATA_DIR/read-models.current, else read-models.db. */
export function currentReadStoreFile(dataDir: string): string {
  const pointer = join(dataDir, POINTER);
  const name = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : '';
  return join(dataDir, name || DEFAULT_FILE);
}

/** Points DATA_DIR at another read store file, atomically (a running server switches within a second). */
export function pointReadStoreAt(dataDir: string, file: string): void {
  const tmp = join(dataDir, `${POINTER}.tmp`);
  writeFileSync(tmp, `${basename(file)}\n`, { mode: 0o600 });
  renameSync(tmp, join(dataDir, POINTER));
}

export const readStorePointerFile = (dataDir: string) => join(dataDir, POINTER);

/** A ReadStore whose backing store can be replaced while everything keeps its reference (blue/green). */
export class SwitchableReadStore {
  readonly store: ReadStore;
  private current: ReadStore;

  constructor(initial: ReadStore) {
    this.current = initial;
    this.store = new Proxy({} as ReadStore, {
      get: (_, name: keyof ReadStore) => {
        const member = this.current[name];
        return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(this.current) : member;
      },
    });
  }

  /** Serves `next` from now on and returns the store it replaced (the caller closes it). */
  switchTo(next: ReadStore): ReadStore {
    const previous = this.current;
    this.current = next;
    return previous;
  }
}
