import { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  Checkpoint,
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
  ChannelVersions,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  PendingWrite,
  WRITES_IDX_MAP,
  writesSortKey,
} from '@langchain/langgraph-checkpoint';
import { CheckpointEvent, CheckpointSaved, CheckpointWritesSaved, checkpointStreamId, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { deterministicId, EventStore, NewEvent } from '@forkline/event-store';
import { CheckpointIndex, indexCheckpointEvent, newCheckpointIndex, writesKey } from './checkpoint-index';

type Serialized = [string, string];

/**
 * A LangGraph checkpointer whose storage is the event log: every `put` and `putWrites` is an event
 * in the thread's `checkpoints-<threadId>` stream. Works on any EventStore adapter.
 */
export class EventSourcedCheckpointSaver extends BaseCheckpointSaver {
  private readonly indexes = new Map<string, CheckpointIndex>();

  constructor(private readonly store: EventStore, private readonly actor = 'agent') {
    super();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = requireThreadId(config);
    const ns = config.configurable?.checkpoint_ns ?? '';
    const index = await this.index(threadId);
    const inNs = index.checkpoints.get(ns);
    const id = getCheckpointId(config) || (inNs && [...inNs.keys()].sort().pop());
    const saved = id ? inNs?.get(id) : undefined;
    return saved ? this.toTuple(index, saved.data) : undefined;
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let limit = options.limit;
    const threadIds = config.configurable?.thread_id ? [config.configurable.thread_id as string] : [...this.indexes.keys()];
    for (const threadId of threadIds) {
      const index = await this.index(threadId);
      for (const [ns, checkpoints] of index.checkpoints) {
        if (config.configurable?.checkpoint_ns !== undefined && ns !== config.configurable.checkpoint_ns) continue;
        for (const id of [...checkpoints.keys()].sort().reverse()) {
          if (config.configurable?.checkpoint_id && id !== config.configurable.checkpoint_id) continue;
          if (before?.configurable?.checkpoint_id && id >= before.configurable.checkpoint_id) continue;
          const tuple = await this.toTuple(index, checkpoints.get(id)!.data);
          if (filter && !Object.entries(filter).every(([k, v]) => (tuple.metadata as Record<string, unknown>)?.[k] === v)) continue;
          if (limit !== undefined) {
            if (limit <= 0) return;
            limit--;
          }
          yield tuple;
        }
      }
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    const threadId = requireThreadId(config);
    const checkpointNs = config.configurable?.checkpoint_ns ?? '';
    const threadEventNumber = checkpoint.channel_values?.threadEventNumber;
    const data: CheckpointSaved['data'] = {
      threadId,
      checkpointNs,
      checkpointId: checkpoint.id,
      parentCheckpointId: config.configurable?.checkpoint_id ?? null,
      threadEventNumber: typeof threadEventNumber === 'number' ? threadEventNumber : null,
      checkpoint: await this.dump(copyCheckpoint(checkpoint)),
      metadata: await this.dump(metadata),
      newVersions,
    };
    await this.append(threadId, { type: 'CheckpointSaved', data }, `${threadId}/${checkpointNs}/${checkpoint.id}`);
    return { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath = ''): Promise<void> {
    const threadId = requireThreadId(config);
    const checkpointNs = config.configurable?.checkpoint_ns ?? '';
    const checkpointId = config.configurable?.checkpoint_id;
    if (checkpointId === undefined) throw new Error('putWrites needs configurable.checkpoint_id');
    const existing = (await this.index(threadId)).writes.get(writesKey(checkpointNs, checkpointId));
    const fresh: CheckpointWritesSaved['data']['writes'] = [];
    for (const [i, [channel, value]] of writes.entries()) {
      const idx = WRITES_IDX_MAP[channel] ?? i;
      // Regular writes of a task are kept once; special (negative idx) writes such as errors replace.
      if (idx >= 0 && existing?.has(`${taskId},${idx}`)) continue;
      fresh.push({ idx, channel, value: await this.dump(value) });
    }
    if (fresh.length === 0) return;
    const data = { threadId, checkpointNs, checkpointId, taskId, taskPath, writes: fresh };
    await this.append(threadId, { type: 'CheckpointWritesSaved', data }, `${threadId}/${checkpointNs}/${checkpointId}/${taskId}/${JSON.stringify(fresh.map((w) => [w.idx, w.value]))}`);
  }

  /** Drops what it cached of a thread whose checkpoint stream was removed. */
  forget(threadId: string): void {
    this.indexes.delete(threadId);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.append(threadId, { type: 'CheckpointsCleared', data: { threadId } });
  }

  private async toTuple(index: CheckpointIndex, saved: CheckpointSaved['data']): Promise<CheckpointTuple> {
    const { threadId, checkpointNs, checkpointId, parentCheckpointId } = saved;
    const stored = [...(index.writes.get(writesKey(checkpointNs, checkpointId))?.values() ?? [])];
    stored.sort((a, b) => compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)));
    const pendingWrites: CheckpointPendingWrite[] = await Promise.all(
      stored.map(async (w) => [w.taskId, w.channel, await this.load(w.value)] as CheckpointPendingWrite),
    );
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: checkpointId } },
      checkpoint: (await this.load(saved.checkpoint)) as Checkpoint,
      metadata: (await this.load(saved.metadata)) as CheckpointMetadata,
      pendingWrites,
    };
    if (parentCheckpointId) {
      tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: checkpointNs, checkpoint_id: parentCheckpointId } };
    }
    return tuple;
  }

  /** The thread's checkpoints folded from its stream, brought up to date with one read of newer events. */
  private async index(threadId: string): Promise<CheckpointIndex> {
    const index = this.indexes.get(threadId) ?? newCheckpointIndex();
    this.indexes.set(threadId, index);
    const newer = await this.store.readStream(checkpointStreamId(threadId), { fromRevision: index.revision + 1 });
    for (const e of newer) indexCheckpointEvent(index, { type: e.type, data: e.data } as CheckpointEvent, e.revision);
    return index;
  }

  private async append(threadId: string, event: CheckpointEvent, idempotencyKey?: string): Promise<void> {
    const envelope: NewEvent = {
      eventId: idempotencyKey ? deterministicId(`${event.type}:${idempotencyKey}`) : crypto.randomUUID(),
      type: event.type,
      data: event.data,
      metadata: { actor: this.actor, correlationId: threadId, causationId: null, occurredAt: new Date().toISOString(), schemaVersion: THREAD_SCHEMA_VERSION },
    };
    await this.store.append(checkpointStreamId(threadId), [envelope], 'any');
    await this.index(threadId);
  }

  private async dump(value: unknown): Promise<Serialized> {
    const [type, bytes] = await this.serde.dumpsTyped(value);
    return [type, Buffer.from(bytes).toString('base64')];
  }

  private load([type, base64]: Serialized): Promise<unknown> {
    return this.serde.loadsTyped(type, Buffer.from(base64, 'base64'));
  }
}

function requireThreadId(config: RunnableConfig): string {
  const threadId = config.configurable?.thread_id;
  if (typeof threadId !== 'string' || threadId === '') throw new Error('a checkpointer call needs configurable.thread_id');
  return threadId;
}
