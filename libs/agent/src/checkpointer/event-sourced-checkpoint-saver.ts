import { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  ChannelVersions,
  Checkpoint,
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
  compareWritesSortKeys,
  copyCheckpoint,
  getCheckpointId,
  maxChannelVersion,
  PendingWrite,
  uuid6,
  WRITES_IDX_MAP,
  writesSortKey,
} from '@langchain/langgraph-checkpoint';
import { CheckpointEvent, CheckpointSaved, checkpointStreamId, Serialized, StoredValue, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { deterministicId, EventStore, NewEvent } from '@forkline/event-store';
import { blobKey, CheckpointIndex, IndexedCheckpoint, indexCheckpointEvent, newCheckpointIndex, StoredWrite, writesKey } from './checkpoint-index';
import { DecodedCache } from './decoded-cache';
import { extendsArray, sameArray } from './value-identity';

const TASKS = '__pregel_tasks';

/**
 * A LangGraph checkpointer whose storage is the event log: every `put` and `putWrites` is an event in
 * the thread's `checkpoints-<threadId>` stream (any EventStore adapter). Storage is linear in the
 * conversation: only changed channels are stored, and an array that grows (messages) as what it
 * appends, or as a pointer to the pending writes that carried it. Decoded values of the latest
 * checkpoints are cached, so reading the head does not walk the delta chain again.
 */
export class EventSourcedCheckpointSaver extends BaseCheckpointSaver {
  private readonly indexes = new Map<string, CheckpointIndex>();
  private readonly decoded = new DecodedCache(64);

  constructor(private readonly store: EventStore, private readonly actor = 'agent') {
    super();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id;
    if (typeof threadId !== 'string') return undefined;
    const ns = config.configurable?.checkpoint_ns ?? '';
    const index = await this.index(threadId);
    const id = getCheckpointId(config) || index.latest.get(ns);
    const entry = id ? index.checkpoints.get(ns)?.get(id) : undefined;
    return entry ? this.toTuple(threadId, ns, id!, entry) : undefined;
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let limit = options.limit;
    const threadIds = config.configurable?.thread_id ? [config.configurable.thread_id as string] : [...this.indexes.keys()];
    for (const threadId of threadIds) {
      for (const [ns, checkpoints] of (await this.index(threadId)).checkpoints) {
        if (config.configurable?.checkpoint_ns !== undefined && ns !== config.configurable.checkpoint_ns) continue;
        for (const id of [...checkpoints.keys()].sort().reverse()) {
          if (config.configurable?.checkpoint_id && id !== config.configurable.checkpoint_id) continue;
          if (before?.configurable?.checkpoint_id && id >= before.configurable.checkpoint_id) continue;
          const tuple = await this.toTuple(threadId, ns, id, checkpoints.get(id)!);
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
    const ns = config.configurable?.checkpoint_ns ?? '';
    const parentId: string | undefined = config.configurable?.checkpoint_id;
    // id and channel_versions are kept in the clear below, channel values as blobs: only the rest is serialized.
    const { channel_values, id: _id, channel_versions: _versions, ...skeleton } = copyCheckpoint(checkpoint);
    const blobs: CheckpointSaved['data']['blobs'] = {};
    for (const [channel, version] of Object.entries(newVersions)) {
      if (!(channel in channel_values)) continue;
      blobs[channel] = { version, value: await this.encodeBlob(threadId, ns, parentId, channel, channel_values[channel]) };
      this.decoded.set(this.blobCacheKey(threadId, ns, channel, version), channel_values[channel]);
    }
    const threadEventNumber = channel_values.threadEventNumber;
    const data: CheckpointSaved['data'] = {
      threadId,
      checkpointNs: ns,
      checkpointId: checkpoint.id,
      parentCheckpointId: parentId ?? null,
      threadEventNumber: typeof threadEventNumber === 'number' ? threadEventNumber : null,
      checkpoint: await this.dump(skeleton),
      metadata: await this.dump(metadata),
      channelVersions: checkpoint.channel_versions,
      blobs,
    };
    await this.append(threadId, { type: 'CheckpointSaved', data }, `${threadId}/${ns}/${checkpoint.id}`);
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpoint.id } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath = ''): Promise<void> {
    const threadId = requireThreadId(config);
    const ns = config.configurable?.checkpoint_ns ?? '';
    const checkpointId: string | undefined = config.configurable?.checkpoint_id;
    if (checkpointId === undefined) throw new Error('putWrites needs configurable.checkpoint_id');
    const existing = (await this.index(threadId)).writes.get(writesKey(ns, checkpointId));
    const fresh: Array<{ idx: number; channel: string; value: StoredValue }> = [];
    for (const [i, [channel, value]] of writes.entries()) {
      const idx = WRITES_IDX_MAP[channel] ?? i;
      // Regular writes of a task are kept once; special (negative idx) writes such as errors replace.
      if (idx >= 0 && existing?.has(`${taskId},${idx}`)) continue;
      fresh.push({ idx, channel, value: await this.encodeAgainst(threadId, ns, checkpointId, channel, value) });
      this.decoded.set(this.writeCacheKey(threadId, ns, checkpointId, taskId, idx), value);
    }
    if (fresh.length === 0) return;
    const data = { threadId, checkpointNs: ns, checkpointId, taskId, taskPath, writes: fresh };
    await this.append(threadId, { type: 'CheckpointWritesSaved', data }, `${threadId}/${ns}/${checkpointId}/${taskId}/${JSON.stringify(fresh.map((w) => [w.idx, w.value]))}`);
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.append(threadId, { type: 'CheckpointsCleared', data: { threadId } });
  }

  /** Starts a fork's checkpoints at the source's checkpoint, by reference: nothing is copied. */
  async forkFrom(threadId: string, source: { threadId: string; checkpointId: string }, threadEventNumber: number | null): Promise<string> {
    const checkpointId = uuid6(-3);
    await this.append(threadId, { type: 'CheckpointForked', data: { threadId, checkpointNs: '', checkpointId, source, threadEventNumber } }, `${threadId}/fork`);
    return checkpointId;
  }

  /** Drops what it cached of a thread whose checkpoint stream was removed. */
  forget(threadId: string): void {
    this.indexes.delete(threadId);
    this.decoded.clear();
  }

  /**
   * Versions carry a random suffix (as LangGraph's Postgres saver does) so two branches of one thread
   * never store different values under one version. LangGraph compares versions as strings then; the
   * base class is typed for numbers only, hence the cast.
   */
  getNextVersion(current: number | undefined): number {
    const value = current as number | string | undefined;
    const n = value === undefined ? 0 : typeof value === 'number' ? value : parseInt(value.split('.')[0], 10);
    return `${String(n + 1).padStart(10, '0')}.${Math.random().toFixed(6).slice(2)}` as unknown as number;
  }

  private async toTuple(threadId: string, ns: string, id: string, entry: IndexedCheckpoint): Promise<CheckpointTuple> {
    const config = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: id } };
    if (entry.forked) {
      const source = await this.getTuple({ configurable: { thread_id: entry.forked.source.threadId, checkpoint_ns: '', checkpoint_id: entry.forked.source.checkpointId } });
      if (!source) throw new Error(`fork checkpoint ${id} refers to a missing source checkpoint`);
      return { config, checkpoint: { ...source.checkpoint, id }, metadata: { source: 'fork', step: source.metadata?.step ?? -1, parents: {} }, pendingWrites: [] };
    }
    const saved = entry.saved;
    const skeleton = (await this.load(saved.checkpoint)) as Omit<Checkpoint, 'id' | 'channel_versions' | 'channel_values'>;
    const checkpoint: Checkpoint = { ...skeleton, id, channel_versions: { ...saved.channelVersions }, channel_values: {} };
    for (const [channel, version] of Object.entries(saved.channelVersions)) {
      const value = await this.blobValue(threadId, ns, channel, version);
      if (value !== undefined) checkpoint.channel_values[channel] = value;
    }
    const pendingWrites = await this.pendingWrites(threadId, ns, id);
    if (checkpoint.v < 4 && saved.parentCheckpointId) {
      const sends = (await this.pendingWrites(threadId, ns, saved.parentCheckpointId)).filter(([, channel]) => channel === TASKS).map(([, , v]) => v);
      checkpoint.channel_values[TASKS] = sends;
      const versions = Object.values(checkpoint.channel_versions);
      checkpoint.channel_versions[TASKS] = versions.length ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
    }
    const tuple: CheckpointTuple = { config, checkpoint, metadata: (await this.load(saved.metadata)) as CheckpointMetadata, pendingWrites };
    if (saved.parentCheckpointId) tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: saved.parentCheckpointId } };
    return tuple;
  }

  private async pendingWrites(threadId: string, ns: string, checkpointId: string): Promise<CheckpointPendingWrite[]> {
    const stored = [...((await this.index(threadId)).writes.get(writesKey(ns, checkpointId))?.values() ?? [])];
    stored.sort((a, b) => compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)));
    return Promise.all(stored.map(async (w) => [w.taskId, w.channel, await this.writeValue(threadId, ns, checkpointId, w)] as CheckpointPendingWrite));
  }

  // --- values: linear encoding and decoding ---------------------------------------------------

  /** The value of `channel` at a checkpoint (following a fork to its source), or undefined. */
  private async channelAt(threadId: string, ns: string, checkpointId: string, channel: string): Promise<unknown> {
    const entry = (await this.index(threadId)).checkpoints.get(ns)?.get(checkpointId);
    if (!entry) return undefined;
    if (entry.forked) return this.channelAt(entry.forked.source.threadId, '', entry.forked.source.checkpointId, channel);
    const version = entry.saved.channelVersions[channel];
    return version === undefined ? undefined : this.blobValue(threadId, ns, channel, version);
  }

  private async blobValue(threadId: string, ns: string, channel: string, version: number | string): Promise<unknown> {
    const key = this.blobCacheKey(threadId, ns, channel, version);
    if (this.decoded.has(key)) return this.decoded.get(key);
    const index = await this.index(threadId);
    const stored = index.blobs.get(blobKey(ns, channel, version));
    // A fork's channels keep the versions they had in its source until they change.
    if (!stored) return index.forkedFrom && ns === '' ? this.blobValue(index.forkedFrom, ns, channel, version) : undefined;
    const value = await this.decode(threadId, ns, channel, stored);
    this.decoded.set(key, value);
    return value;
  }

  private async writeValue(threadId: string, ns: string, checkpointId: string, write: StoredWrite): Promise<unknown> {
    const key = this.writeCacheKey(threadId, ns, checkpointId, write.taskId, write.idx);
    if (this.decoded.has(key)) return this.decoded.get(key);
    const value = await this.decode(threadId, ns, write.channel, write.value);
    this.decoded.set(key, value);
    return value;
  }

  private async decode(threadId: string, ns: string, channel: string, stored: StoredValue): Promise<unknown> {
    if ('full' in stored) return this.load(stored.full);
    if ('sameAsWrite' in stored) {
      const { checkpointId, taskId, idx } = stored.sameAsWrite;
      const write = (await this.index(threadId)).writes.get(writesKey(ns, checkpointId))?.get(`${taskId},${idx}`);
      return write && this.writeValue(threadId, ns, checkpointId, write);
    }
    const base = (await this.channelAt(threadId, ns, stored.extends.checkpointId, channel)) as unknown[];
    return [...base, ...('append' in stored ? ((await this.load(stored.append)) as unknown[]) : await this.writtenItems(threadId, ns, stored.extends.checkpointId, stored.appendWrites))];
  }

  /** The items the given pending writes of a checkpoint carried, in order (a write of one item counts as one). */
  private async writtenItems(threadId: string, ns: string, checkpointId: string, refs: Array<[string, number]>): Promise<unknown[]> {
    const writes = (await this.index(threadId)).writes.get(writesKey(ns, checkpointId));
    const items: unknown[] = [];
    for (const [taskId, idx] of refs) {
      const write = writes?.get(`${taskId},${idx}`);
      if (!write) throw new Error(`checkpoint ${checkpointId} has no write ${taskId},${idx}`);
      const value = await this.writeValue(threadId, ns, checkpointId, write);
      items.push(...(Array.isArray(value) ? value : [value]));
    }
    return items;
  }

  /** A checkpoint's new channel value: a pointer to the parent's write that produced it, a delta, or in full. */
  private async encodeBlob(threadId: string, ns: string, parentId: string | undefined, channel: string, value: unknown): Promise<StoredValue> {
    if (parentId !== undefined && Array.isArray(value)) {
      for (const write of (await this.index(threadId)).writes.get(writesKey(ns, parentId))?.values() ?? []) {
        if (write.channel === channel && sameArray(await this.writeValue(threadId, ns, parentId, write), value)) {
          return { sameAsWrite: { checkpointId: parentId, taskId: write.taskId, idx: write.idx } };
        }
      }
    }
    return this.encodeAgainst(threadId, ns, parentId, channel, value);
  }

  private async encodeAgainst(threadId: string, ns: string, checkpointId: string | undefined, channel: string, value: unknown): Promise<StoredValue> {
    const base = checkpointId === undefined || !Array.isArray(value) ? undefined : await this.channelAt(threadId, ns, checkpointId, channel);
    if (Array.isArray(base) && extendsArray(base, value as unknown[])) {
      const appended = (value as unknown[]).slice(base.length);
      return (await this.fromParentWrites(threadId, ns, checkpointId!, channel, appended)) ?? { extends: { checkpointId: checkpointId! }, append: await this.dump(appended) };
    }
    return { full: await this.dump(value) };
  }

  /** When what a channel appends is exactly what the checkpoint's pending writes carried, point at them. */
  private async fromParentWrites(threadId: string, ns: string, checkpointId: string, channel: string, appended: unknown[]): Promise<StoredValue | undefined> {
    const writes = [...((await this.index(threadId)).writes.get(writesKey(ns, checkpointId))?.values() ?? [])].filter((w) => w.channel === channel);
    if (writes.length === 0) return undefined;
    writes.sort((a, b) => compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)));
    const refs = writes.map((w): [string, number] => [w.taskId, w.idx]);
    const items = await this.writtenItems(threadId, ns, checkpointId, refs);
    return sameArray(items, appended) ? { extends: { checkpointId }, appendWrites: refs } : undefined;
  }

  // --- storage ------------------------------------------------------------------------------------

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

  private blobCacheKey = (threadId: string, ns: string, channel: string, version: number | string) => `b|${threadId}|${ns}|${channel}|${version}`;
  private writeCacheKey = (threadId: string, ns: string, checkpointId: string, taskId: string, idx: number) => `w|${threadId}|${ns}|${checkpointId}|${taskId}|${idx}`;

  /** JSON is kept as the JSON value itself (no base64, no escaping inside the event); other serializations as base64. */
  private async dump(value: unknown): Promise<Serialized> {
    const [type, bytes] = await this.serde.dumpsTyped(value);
    const buffer = Buffer.from(bytes);
    return type === 'json' ? [type, JSON.parse(buffer.toString('utf8'))] : [type, buffer.toString('base64')];
  }

  private load([type, payload]: Serialized): Promise<unknown> {
    return this.serde.loadsTyped(type, type === 'json' ? JSON.stringify(payload) : Buffer.from(String(payload), 'base64'));
  }
}


function requireThreadId(config: RunnableConfig): string {
  const threadId = config.configurable?.thread_id;
  if (typeof threadId !== 'string' || threadId === '') throw new Error('a checkpointer call needs configurable.thread_id');
  return threadId;
}
