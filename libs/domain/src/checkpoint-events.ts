/** A LangGraph checkpoint, kept in the thread's `checkpoints-<threadId>` stream so it never uses a thread event number. */
export interface CheckpointSaved {
  type: 'CheckpointSaved';
  data: {
    threadId: string;
    checkpointNs: string;
    checkpointId: string;
    parentCheckpointId: string | null;
    /** The thread event number the checkpoint's state corresponds to; null when the graph does not track it. */
    threadEventNumber: number | null;
    /** Serialized by the saver's serde: [type, base64]. */
    checkpoint: [string, string];
    metadata: [string, string];
    newVersions: Record<string, number | string>;
  };
}

export interface CheckpointWritesSaved {
  type: 'CheckpointWritesSaved';
  data: {
    threadId: string;
    checkpointNs: string;
    checkpointId: string;
    taskId: string;
    taskPath: string;
    writes: Array<{ idx: number; channel: string; value: [string, string] }>;
  };
}

/** LangGraph's deleteThread: earlier checkpoints of the thread no longer count. */
export interface CheckpointsCleared {
  type: 'CheckpointsCleared';
  data: { threadId: string };
}

export type CheckpointEvent = CheckpointSaved | CheckpointWritesSaved | CheckpointsCleared;

export const CHECKPOINT_EVENT_TYPES: readonly CheckpointEvent['type'][] = ['CheckpointSaved', 'CheckpointWritesSaved', 'CheckpointsCleared'];
