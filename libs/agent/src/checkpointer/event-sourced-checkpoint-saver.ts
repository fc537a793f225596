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
import { CheckpointEvent, CheckpointSaved, checkpointStreamId, StoredValue, THREAD_SCHEMA_VERSION } from '@forkline/domain';
import { DEFAULT_CACHED_THREADS, deterministicId, EventStore, NewEvent, ThreadWrite } from '@forkline/event-store';
import { CheckpointIndex, IndexedCheckpoint, writesKey } from './checkpoint-index';
import { CheckpointIndexes } from './checkpoint-indexes';
import { LinearValues } from './linear-values';
import { MessageRefs, PendingEvent, ThreadEvents } from './message-refs';
import { INPUT_EVENT_KEY } from '@forkline/domain';
import { VirtualTuples } from './virtual-tuples';

const TASKS = '__pregel_tasks';

/** What put() takes. */
export interface CheckpointPut {
  config: RunnableConfig;
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  newVersions: ChannelVersions;
}

/** The thread's write of a reply with its checkpoint (see replyWrite). */
export interface ReplyWrite {
  write: ThreadWrite;
  checkpointed: boolean;
}

/** How a thread's own root-namespace checkpoint links to others (see checkpointLinks). */
export interface CheckpointLink {
  checkpointId: string;
  parentCheckpointId: string | null;
  threadEventNumber: number | null;
  /** For a fork's first checkpoint: the source's checkpoint it stands for (its values are that one's). */
  source?: { threadId: string; checkpointId: string };
  /** A checkpoint a run implies but does not store (see virtual-checkpoints). */
  virtual?: 'input' | 'root';
}

/**
 * A LangGraph checkpointer whose storage is the event log: every `put` and `putWrites` is an event in
 * the thread's `checkpoints-<threadId>` stream (any EventStore adapter). Storage is linear in the
 * conversation: only changed channels are stored, and an array that grows (messages) as what it
 * appends, or as a pointer to the pending writes that carried it. Decoded values of the latest
 * checkpoints are cached, so reading the head does not walk the delta chain again.
 */
export class EventSourcedCheckpointSaver extends BaseCheckpointSaver {
  private readonly indexes: CheckpointIndexes;
  private readonly values: LinearValues;
  private readonly virtuals: VirtualTuples;

  /**
   * `cachedThreads`: threads whose indexes it keeps (LRU); `threadEvents`, given: messages are stored as their events'
   * numbers; `cacheBytes`: what its indexes may weigh, and its decoded values (LinearValues), each (AGENT_CACHE_MB).
   */
  constructor(
    private readonly store: EventStore,
    private readonly actor = 'agent',
    cachedThreads = DEFAULT_CACHED_THREADS,
    threadEvents?: ThreadEvents,
    cacheBytes?: number,
  ) {
    super();
    this.indexes = new CheckpointIndexes(store, cachedThreads, cacheBytes);
    this.values = new LinearValues(
      (threadId) => this.index(threadId),
      this.serde,
      threadEvents && new MessageRefs(threadEvents),
      cacheBytes,
    );
    this.virtuals = new VirtualTuples(this.values, (threadId, checkpointId) =>
      this.getTuple({ configurable: { thread_id: threadId, checkpoint_ns: '', checkpoint_id: checkpointId } }),
    );
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = config.configurable?.thread_id;
    if (typeof threadId !== 'string') return undefined;
    const ns = config.configurable?.checkpoint_ns ?? '';
    const index = await this.index(threadId);
    const id = getCheckpointId(config) || index.latest.get(ns);
    const entry = id ? index.checkpoints.get(ns)?.get(id) : undefined;
    if (entry) return this.toTuple(threadId, ns, id!, entry);
    const virtual = id && ns === '' ? index.virtual.get(id) : undefined;
    return virtual && this.virtuals.tuple(threadId, virtual);
  }

  async *list(config: RunnableConfig, options: CheckpointListOptions = {}): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options;
    let limit = options.limit;
    const threadIds = config.configurable?.thread_id ? [config.configurable.thread_id as string] : this.indexes.cachedThreads();
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

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const saved = await this.savedEvent({ config, checkpoint, metadata, newVersions });
    await this.append(saved.data.threadId, saved, savedKey(saved));
    return savedConfig(saved);
  }

  /**
   * A ThreadWrite that appends the thread's events and, in the same write (all or none), the checkpoint `at` makes of
   * the event number of the reply among them: no reply is stored without its checkpoint, in one transaction instead of
   * two. `checkpointed` says whether that write happened (a decider that refused the reply wrote nothing). Undefined on
   * a store that appends to one stream at a time (EventStoreDB): there the caller puts the checkpoint after the reply.
   */
  replyWrite(at: (recorded: number) => CheckpointPut): ReplyWrite | undefined {
    const atomically = this.store.appendAtomically?.bind(this.store);
    if (!atomically) return undefined;
    const joint: ReplyWrite = {
      checkpointed: false,
      write: async (append) => {
        const reply = append.events.find((e) => e.type === 'AssistantMessageAdded');
        if (!reply) return (await atomically([append]))[0];
        const saved = await this.savedEvent(at((reply.data as { eventNumber: number }).eventNumber), append.events);
        const { threadId } = saved.data;
        const own = {
          streamId: checkpointStreamId(threadId),
          events: [this.envelope(threadId, saved, savedKey(saved))],
          expected: 'any' as const,
        };
        const [thread, checkpoints] = await atomically([append, own]);
        await this.indexes.appended(threadId, saved, checkpoints.nextRevision);
        joint.checkpointed = true;
        return thread;
      },
    };
    return joint;
  }

  /** put()'s event; `pending`: thread events appended in the same write, whose messages it may reference. */
  private async savedEvent(
    { config, checkpoint, metadata, newVersions }: CheckpointPut,
    pending?: PendingEvent[],
  ): Promise<CheckpointSaved> {
    const threadId = requireThreadId(config);
    const ns = config.configurable?.checkpoint_ns ?? '';
    const parentId: string | undefined = config.configurable?.checkpoint_id;
    // id and channel_versions are kept in the clear below, channel values as blobs: only the rest is serialized.
    const { channel_values, id: _id, channel_versions: _versions, ...skeleton } = copyCheckpoint(checkpoint);
    const blobs: CheckpointSaved['data']['blobs'] = {};
    const upTo = typeof channel_values.threadEventNumber === 'number' ? channel_values.threadEventNumber : null;
    for (const [channel, version] of Object.entries(newVersions)) {
      if (!(channel in channel_values)) continue;
      const value = await this.values.encodeBlob(threadId, ns, parentId, channel, channel_values[channel], upTo, pending);
      blobs[channel] = { version, value };
      this.values.decoded.set(this.values.blobCacheKey(threadId, ns, channel, version), channel_values[channel]);
    }
    const data: CheckpointSaved['data'] = {
      threadId,
      checkpointNs: ns,
      checkpointId: checkpoint.id,
      parentCheckpointId: parentId ?? null,
      threadEventNumber: upTo,
      checkpoint: await this.values.dump(skeleton),
      metadata: await this.values.dump(withInputEvent(config, ns, metadata)),
      channelVersions: checkpoint.channel_versions,
      blobs,
    };
    return { type: 'CheckpointSaved', data };
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
      fresh.push({ idx, channel, value: await this.values.encodeAgainst(threadId, ns, checkpointId, channel, value) });
      this.values.decoded.set(this.values.writeCacheKey(threadId, ns, checkpointId, taskId, idx), value);
    }
    if (fresh.length === 0) return;
    const data = { threadId, checkpointNs: ns, checkpointId, taskId, taskPath, writes: fresh };
    await this.append(
      threadId,
      { type: 'CheckpointWritesSaved', data },
      `${threadId}/${ns}/${checkpointId}/${taskId}/${JSON.stringify(fresh.map((w) => [w.idx, w.value]))}`,
    );
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.append(threadId, { type: 'CheckpointsCleared', data: { threadId } });
  }

  /** Starts a fork's checkpoints at the source's checkpoint, by reference: nothing is copied. */
  async forkFrom(threadId: string, source: { threadId: string; checkpointId: string }, threadEventNumber: number | null): Promise<string> {
    const checkpointId = uuid6(-3);
    await this.append(
      threadId,
      { type: 'CheckpointForked', data: { threadId, checkpointNs: '', checkpointId, source, threadEventNumber } },
      `${threadId}/fork`,
    );
    return checkpointId;
  }

  /** The thread's own root-namespace checkpoints with their links, from its index (nothing is decoded). */
  async checkpointLinks(threadId: string): Promise<CheckpointLink[]> {
    const index = await this.index(threadId);
    const own = index.checkpoints.get('') ?? new Map<string, IndexedCheckpoint>();
    const links: CheckpointLink[] = [...own].map(([checkpointId, entry]) => linkOfEntry(index, checkpointId, entry));
    for (const v of index.virtual.values())
      links.push({
        checkpointId: v.checkpointId,
        parentCheckpointId: v.parentCheckpointId,
        threadEventNumber: v.threadEventNumber,
        virtual: v.kind,
      });
    return links;
  }

  /** Drops what it cached of a thread whose checkpoint stream was removed. */
  forget(threadId: string): void {
    this.indexes.forget(threadId);
    this.values.decoded.clear();
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
      const source = await this.getTuple({
        configurable: { thread_id: entry.forked.source.threadId, checkpoint_ns: '', checkpoint_id: entry.forked.source.checkpointId },
      });
      if (!source) throw new Error(`fork checkpoint ${id} refers to a missing source checkpoint`);
      return {
        config,
        checkpoint: { ...source.checkpoint, id },
        metadata: { source: 'fork', step: source.metadata?.step ?? -1, parents: {} },
        pendingWrites: [],
      };
    }
    const saved = entry.saved;
    const skeleton = (await this.values.load(saved.checkpoint)) as Omit<Checkpoint, 'id' | 'channel_versions' | 'channel_values'>;
    const checkpoint: Checkpoint = { ...skeleton, id, channel_versions: { ...saved.channelVersions }, channel_values: {} };
    for (const [channel, version] of Object.entries(saved.channelVersions)) {
      const value = await this.values.blobValue(threadId, ns, channel, version);
      if (value !== undefined) checkpoint.channel_values[channel] = value;
    }
    const pendingWrites = await this.pendingWrites(threadId, ns, id);
    if (checkpoint.v < 4 && saved.parentCheckpointId) {
      const sends = (await this.pendingWrites(threadId, ns, saved.parentCheckpointId))
        .filter(([, channel]) => channel === TASKS)
        .map(([, , v]) => v);
      checkpoint.channel_values[TASKS] = sends;
      const versions = Object.values(checkpoint.channel_versions);
      checkpoint.channel_versions[TASKS] = versions.length ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
    }
    const metadata = (await this.values.load(saved.metadata)) as CheckpointMetadata;
    const tuple: CheckpointTuple = { config, checkpoint, metadata, pendingWrites };
    if (saved.parentCheckpointId)
      tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: saved.parentCheckpointId } };
    return tuple;
  }

  private async pendingWrites(threadId: string, ns: string, checkpointId: string): Promise<CheckpointPendingWrite[]> {
    const stored = [...((await this.index(threadId)).writes.get(writesKey(ns, checkpointId))?.values() ?? [])];
    stored.sort((a, b) => compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)));
    return Promise.all(
      stored.map(async (w) => [w.taskId, w.channel, await this.values.writeValue(threadId, ns, checkpointId, w)] as CheckpointPendingWrite),
    );
  }

  private index(threadId: string): Promise<CheckpointIndex> {
    return this.indexes.get(threadId);
  }

  private async append(threadId: string, event: CheckpointEvent, idempotencyKey?: string): Promise<void> {
    const { nextRevision } = await this.store.append(checkpointStreamId(threadId), [this.envelope(threadId, event, idempotencyKey)], 'any');
    await this.indexes.appended(threadId, event, nextRevision);
  }

  private envelope(threadId: string, event: CheckpointEvent, idempotencyKey?: string): NewEvent {
    return {
      eventId: idempotencyKey ? deterministicId(`${event.type}:${idempotencyKey}`) : crypto.randomUUID(),
      type: event.type,
      data: event.data,
      metadata: {
        actor: this.actor,
        correlationId: threadId,
        causationId: null,
        occurredAt: new Date().toISOString(),
        schemaVersion: THREAD_SCHEMA_VERSION,
      },
    };
  }
}

const savedKey = ({ data }: CheckpointSaved) => `${data.threadId}/${data.checkpointNs}/${data.checkpointId}`;
const savedConfig = ({ data }: CheckpointSaved) => ({
  configurable: { thread_id: data.threadId, checkpoint_ns: data.checkpointNs, checkpoint_id: data.checkpointId },
});

function linkOfEntry(index: CheckpointIndex, checkpointId: string, entry: IndexedCheckpoint): CheckpointLink {
  if (entry.forked)
    return { checkpointId, parentCheckpointId: null, threadEventNumber: entry.forked.threadEventNumber, source: entry.forked.source };
  const parentCheckpointId = index.inputOf.get(checkpointId) ?? entry.saved.parentCheckpointId;
  return { checkpointId, parentCheckpointId, threadEventNumber: entry.saved.threadEventNumber };
}

/** A run's checkpoint keeps which message the run answered (its configurable says): what its virtual ones derive from. */
function withInputEvent(config: RunnableConfig, ns: string, metadata: CheckpointMetadata): CheckpointMetadata {
  const answered = config.configurable?.[INPUT_EVENT_KEY];
  return ns === '' && typeof answered === 'number' ? ({ ...metadata, [INPUT_EVENT_KEY]: answered } as CheckpointMetadata) : metadata;
}

function requireThreadId(config: RunnableConfig): string {
  const threadId = config.configurable?.thread_id;
  if (typeof threadId !== 'string' || threadId === '') throw new Error('a checkpointer call needs configurable.thread_id');
  return threadId;
}
