import { CheckpointEvent, CheckpointForked, CheckpointSaved, StoredValue } from '@forkline/domain';

export interface StoredWrite {
  taskId: string;
  taskPath: string;
  idx: number;
  channel: string;
  value: StoredValue;
}

export type IndexedCheckpoint = { saved: CheckpointSaved['data']; forked?: undefined } | { forked: CheckpointForked['data']; saved?: undefined };

/** One thread's checkpoints, channel blobs and pending writes, folded from its checkpoint stream. */
export interface CheckpointIndex {
  revision: number;
  checkpoints: Map<string, Map<string, IndexedCheckpoint>>;
  /** `ns|channel|version` -> how the value is stored. */
  blobs: Map<string, StoredValue>;
  /** `ns|checkpointId` -> `taskId,idx` -> write. */
  writes: Map<string, Map<string, StoredWrite>>;
  /** `ns|channel` -> bytes of the last full value and of the appends since: decides the next snapshot. */
  sinceSnapshot: Map<string, { fullBytes: number; appendedBytes: number }>;
}

export const newCheckpointIndex = (): CheckpointIndex => ({ revision: -1, checkpoints: new Map(), blobs: new Map(), writes: new Map(), sinceSnapshot: new Map() });

export const blobKey = (ns: string, channel: string, version: number | string) => `${ns}|${channel}|${version}`;
export const writesKey = (ns: string, checkpointId: string) => `${ns}|${checkpointId}`;

export function storedBytes(value: StoredValue): number {
  if ('full' in value) return value.full[1].length;
  if ('extends' in value) return value.append[1].length;
  return 0;
}

export function indexCheckpointEvent(index: CheckpointIndex, event: CheckpointEvent, revision: number): void {
  index.revision = revision;
  switch (event.type) {
    case 'CheckpointSaved':
    case 'CheckpointForked': {
      const { checkpointNs, checkpointId } = event.data;
      if (!index.checkpoints.has(checkpointNs)) index.checkpoints.set(checkpointNs, new Map());
      const entry: IndexedCheckpoint = event.type === 'CheckpointSaved' ? { saved: event.data } : { forked: event.data };
      index.checkpoints.get(checkpointNs)!.set(checkpointId, entry);
      if (event.type === 'CheckpointSaved') {
        for (const [channel, { version, value }] of Object.entries(event.data.blobs)) {
          index.blobs.set(blobKey(checkpointNs, channel, version), value);
          track(index, `${checkpointNs}|${channel}`, value);
        }
      }
      return;
    }
    case 'CheckpointWritesSaved': {
      const { checkpointNs, checkpointId, taskId, taskPath, writes } = event.data;
      const key = writesKey(checkpointNs, checkpointId);
      if (!index.writes.has(key)) index.writes.set(key, new Map());
      for (const w of writes) index.writes.get(key)!.set(`${taskId},${w.idx}`, { taskId, taskPath, ...w });
      return;
    }
    case 'CheckpointsCleared':
      Object.assign(index, { ...newCheckpointIndex(), revision });
  }
}

function track(index: CheckpointIndex, key: string, value: StoredValue): void {
  const stats = index.sinceSnapshot.get(key) ?? { fullBytes: 0, appendedBytes: 0 };
  if ('full' in value) index.sinceSnapshot.set(key, { fullBytes: storedBytes(value), appendedBytes: 0 });
  else index.sinceSnapshot.set(key, { ...stats, appendedBytes: stats.appendedBytes + storedBytes(value) });
}
