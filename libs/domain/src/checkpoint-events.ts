/**
 * What the saver's serde produced: for JSON the parsed value itself, so the event's own JSON holds it
 * without a second layer of escaping; for anything else, base64. One type is the saver's own: `messageRefs`, an
 * appended list whose numbers are thread event numbers of the message events (UserMessageAdded,
 * AssistantMessageAdded) that added those messages, referenced rather than copied; its other items are Serialized.
 */
export type Serialized = [type: string, payload: unknown];

/**
 * How a channel value (or a pending write) is stored. Linear storage: an array that extends the same
 * channel's value at a parent checkpoint keeps only what it appends; a value equal to one of the
 * parent's pending writes points at it; a list that rewrites the parent's tail keeps the prefix they share;
 * anything else is stored in full.
 */
export type StoredValue =
  | { full: Serialized }
  | { extends: { checkpointId: string }; append: Serialized }
  /** Extends the parent's value by exactly what the parent's pending writes on the channel carried. */
  | { extends: { checkpointId: string }; appendWrites: Array<[taskId: string, idx: number]> }
  | { sameAsWrite: { checkpointId: string; taskId: string; idx: number } }
  /** A rewritten list (a run restarted from its conversation): the parent's value's first `keep` items, then `append`. */
  | { prefixOf: { checkpointId: string; keep: number }; append: Serialized };

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
    /** The checkpoint without its id, channel versions and channel values (kept beside it). */
    checkpoint: Serialized;
    metadata: Serialized;
    /** The checkpoint's channel_versions, kept in the clear so channel values can be found without deserializing. */
    channelVersions: Record<string, number | string>;
    /** Only the channels whose version changed (LangGraph's newVersions), each at its new version. */
    blobs: Record<string, { version: number | string; value: StoredValue }>;
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
    writes: Array<{ idx: number; channel: string; value: StoredValue }>;
  };
}

/** A fork's first checkpoint: the source's checkpoint at the fork point, referenced, not copied. */
export interface CheckpointForked {
  type: 'CheckpointForked';
  data: {
    threadId: string;
    checkpointNs: '';
    checkpointId: string;
    source: { threadId: string; checkpointId: string };
    threadEventNumber: number | null;
  };
}

/** LangGraph's deleteThread: earlier checkpoints of the thread no longer count. */
export interface CheckpointsCleared {
  type: 'CheckpointsCleared';
  data: { threadId: string };
}

export type CheckpointEvent = CheckpointSaved | CheckpointWritesSaved | CheckpointForked | CheckpointsCleared;

export const CHECKPOINT_EVENT_TYPES: readonly CheckpointEvent['type'][] = [
  'CheckpointSaved',
  'CheckpointWritesSaved',
  'CheckpointForked',
  'CheckpointsCleared',
];
