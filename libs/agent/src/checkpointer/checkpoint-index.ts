import { CheckpointEvent, CheckpointSaved } from '@forkline/domain';

export interface StoredWrite {
  taskId: string;
  taskPath: string;
  idx: number;
  channel: string;
  value: [string, string];
}

/** One thread's checkpoints and pending writes, folded from its checkpoint stream. */
export interface CheckpointIndex {
  revision: number;
  checkpoints: Map<string, Map<string, { data: CheckpointSaved['data'] }>>;
  writes: Map<string, Map<string, StoredWrite>>;
}

export const newCheckpointIndex = (): CheckpointIndex => ({ revision: -1, checkpoints: new Map(), writes: new Map() });

export const writesKey = (ns: string, checkpointId: string) => JSON.stringify([ns, checkpointId]);

export function indexCheckpointEvent(index: CheckpointIndex, event: CheckpointEvent, revision: number): void {
  index.revision = revision;
  switch (event.type) {
    case 'CheckpointSaved': {
      const { checkpointNs, checkpointId } = event.data;
      if (!index.checkpoints.has(checkpointNs)) index.checkpoints.set(checkpointNs, new Map());
      index.checkpoints.get(checkpointNs)!.set(checkpointId, { data: event.data });
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
      index.checkpoints.clear();
      index.writes.clear();
  }
}
