import { compareWritesSortKeys, JsonPlusSerializer, SerializerProtocol, writesSortKey } from '@langchain/langgraph-checkpoint';
import { Serialized, StoredValue } from '@forkline/domain';
import { LruCache } from '@forkline/event-store';
import { blobKey, CheckpointIndex, savedVersion, StoredWrite, writesKey } from './checkpoint-index';
import { MESSAGE_REFS, MessageRefs, PendingEvent } from './message-refs';
import { commonPrefix, extendsArray, sameArray } from './value-identity';
import { VirtualCheckpoint, virtualOfVersion } from '@forkline/domain';
import { approximateBytes, DEFAULT_AGENT_CACHE_BYTES } from '../message-weight';

/**
 * Channel values and pending writes, stored linearly: an array that grows is kept as what it appends
 * (or as a pointer to the pending writes that carried it) and decoded back by following those
 * references; the latest decoded values are cached, so reading the head does not walk the chain again.
 */
export class LinearValues {
  /**
   * Bounded by the bytes its values keep alive (approximateBytes), not by their number: a value is a whole conversation,
   * and an entry that does not share its messages with the thread's other values holds a copy of them. The default
   * holds the latest values of the threads answered at once many times over (at 64 entries, 32 busy threads pushed each
   * other's out and every run decoded its whole conversation again); a thread's older values go first, unused.
   */
  readonly decoded: LruCache<string, unknown>;

  constructor(
    private readonly index: (threadId: string) => Promise<CheckpointIndex>,
    private readonly serde: SerializerProtocol,
    /** Where messages are referenced in the thread's events rather than copied (none: every value is stored). */
    private readonly refs?: MessageRefs,
    cacheBytes = DEFAULT_AGENT_CACHE_BYTES,
  ) {
    this.decoded = new LruCache(cacheBytes, approximateBytes);
  }

  /** The value of `channel` at a checkpoint (following a fork to its source), or undefined. */
  async channelAt(threadId: string, ns: string, checkpointId: string, channel: string): Promise<unknown> {
    const index = await this.index(threadId);
    const entry = index.checkpoints.get(ns)?.get(checkpointId);
    const virtual = ns === '' ? index.virtual.get(checkpointId) : undefined;
    if (!entry) return virtual && this.virtualChannel(threadId, virtual, channel);
    if (entry.forked) return this.channelAt(entry.forked.source.threadId, '', entry.forked.source.checkpointId, channel);
    const version = entry.saved.channelVersions[channel];
    return version === undefined ? undefined : this.blobValue(threadId, ns, channel, version);
  }

  async blobValue(threadId: string, ns: string, channel: string, version: number | string): Promise<unknown> {
    const key = this.blobCacheKey(threadId, ns, channel, version);
    if (this.decoded.has(key)) return this.decoded.get(key);
    const index = await this.index(threadId);
    const stored = index.blobs.get(blobKey(ns, channel, version));
    // A fork's channels keep the versions they had in its source until they change (a virtual source's: see virtualVersion).
    if (!stored) {
      const virtual = ns === '' ? virtualOfVersion(version) : undefined;
      if (virtual !== undefined) return this.virtualVersionValue(threadId, virtual, channel);
      return index.forkedFrom && ns === '' ? this.blobValue(index.forkedFrom, ns, channel, version) : undefined;
    }
    const value = this.fromDecodedChild(index, threadId, ns, channel, version) ?? (await this.decode(threadId, ns, channel, stored));
    this.decoded.set(key, value);
    return value;
  }

  /**
   * A list's value read off a newer one already decoded that extends it: its items but the ones it appended. A thread's
   * history, newest first, then reads each older list off the newer one instead of decoding it from the thread's start.
   */
  private fromDecodedChild(index: CheckpointIndex, threadId: string, ns: string, channel: string, version: number | string) {
    for (const child of index.extendedBy.get(blobKey(ns, channel, version)) ?? []) {
      const decoded = this.decoded.get(this.blobCacheKey(threadId, ns, channel, child.version));
      if (Array.isArray(decoded) && decoded.length >= child.appended) return decoded.slice(0, decoded.length - child.appended);
    }
    return undefined;
  }

  /**
   * A channel of a virtual checkpoint: an input one has its stored checkpoint's messages up to the run's (last) human
   * message, the event number of that message, and its parent's other channels; a root one has none.
   */
  private async virtualChannel(threadId: string, v: VirtualCheckpoint, channel: string): Promise<unknown> {
    if (v.kind === 'root') return undefined;
    if (channel === 'threadEventNumber') return v.threadEventNumber;
    if (channel === 'messages') {
      const all = (await this.channelAt(threadId, '', v.of, channel)) as unknown[] | undefined;
      if (!Array.isArray(all)) return all;
      let last = all.length - 1;
      while (last >= 0 && messageType(all[last]) !== 'human') last--;
      return all.slice(0, last + 1);
    }
    return v.parentCheckpointId === null ? undefined : this.channelAt(threadId, '', v.parentCheckpointId, channel);
  }

  /** A channel version only a virtual checkpoint has: its value there, the checkpoint found in the thread or its sources. */
  private async virtualVersionValue(threadId: string, checkpointId: string, channel: string): Promise<unknown> {
    for (let at: string | undefined = threadId, hops = 0; at !== undefined && hops < 1000; hops++) {
      const index = await this.index(at);
      if (index.virtual.has(checkpointId)) return this.channelAt(at, '', checkpointId, channel);
      at = index.forkedFrom;
    }
    return undefined;
  }

  async writeValue(threadId: string, ns: string, checkpointId: string, write: StoredWrite): Promise<unknown> {
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
    // A list is a chain of deltas back to the thread's first checkpoint. Decoded step by step, each step would copy the
    // list (quadratic in the thread's length once its values no longer fit the cache): the chain is walked back to a value
    // already decoded (or stored otherwise), then applied to one array, the messages it references read in one range.
    const chain: ListDelta[] = [stored];
    let parentId = parentOf(stored);
    for (
      let step = await this.undecodedDelta(threadId, ns, parentId, channel);
      step;
      step = await this.undecodedDelta(threadId, ns, parentId, channel)
    ) {
      chain.push(step);
      parentId = parentOf(step);
    }
    const items = [...((await this.channelAt(threadId, ns, parentId, channel)) as unknown[])];
    const messages = await this.referenced(threadId, chain);
    for (const step of chain.reverse()) {
      if ('prefixOf' in step) items.length = Math.min(items.length, step.prefixOf.keep);
      if ('append' in step) items.push(...(await this.appendedItems(threadId, step.append, messages)));
      else items.push(...(await this.writtenItems(threadId, ns, step.extends.checkpointId, step.appendWrites)));
    }
    return items;
  }

  /** The checkpoint's stored list delta for the channel when its value is not decoded yet; undefined otherwise (read it). */
  private async undecodedDelta(threadId: string, ns: string, checkpointId: string, channel: string): Promise<ListDelta | undefined> {
    const index = await this.index(threadId);
    const version = savedVersion(index, ns, checkpointId, channel);
    if (version === undefined || this.decoded.has(this.blobCacheKey(threadId, ns, channel, version))) return undefined;
    const stored = index.blobs.get(blobKey(ns, channel, version));
    return stored && ('extends' in stored || 'prefixOf' in stored) ? stored : undefined;
  }

  /** The thread's messages the deltas reference by event number, read in one range. */
  private async referenced(threadId: string, deltas: StoredValue[]): Promise<Map<number, unknown>> {
    const numbers: number[] = [];
    for (const d of deltas)
      if ('append' in d && d.append[0] === MESSAGE_REFS)
        for (const item of d.append[1] as Array<number | Serialized>) if (typeof item === 'number') numbers.push(item);
    if (numbers.length > 0 && !this.refs)
      throw new Error(`checkpoints of thread ${threadId} reference its messages: the saver needs its events`);
    return numbers.length > 0 ? this.refs!.resolve(threadId, numbers) : new Map();
  }

  private async appendedItems(threadId: string, [type, payload]: Serialized, messages: Map<number, unknown>): Promise<unknown[]> {
    if (type !== MESSAGE_REFS) return (await this.load([type, payload])) as unknown[];
    const items = payload as Array<number | Serialized>;
    return Promise.all(
      items.map((item) => {
        if (typeof item !== 'number') return this.load(item);
        const message = messages.get(item);
        if (!message) throw new Error(`thread ${threadId} has no message event ${item} that a checkpoint refers to`);
        return message;
      }),
    );
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

  /**
   * A checkpoint's new channel value: a pointer to the parent's write that produced it, a delta, or in full. `upTo`: the
   * thread event number the checkpoint corresponds to, up to which new messages are looked for among the thread's events
   * (and `pending`, those appended in the same write as the checkpoint).
   */
  async encodeBlob(
    threadId: string,
    ns: string,
    parentId: string | undefined,
    channel: string,
    value: unknown,
    upTo?: number | null,
    pending?: PendingEvent[],
  ): Promise<StoredValue> {
    if (parentId !== undefined && Array.isArray(value)) {
      for (const write of (await this.index(threadId)).writes.get(writesKey(ns, parentId))?.values() ?? []) {
        if (write.channel === channel && sameArray(await this.writeValue(threadId, ns, parentId, write), value)) {
          return { sameAsWrite: { checkpointId: parentId, taskId: write.taskId, idx: write.idx } };
        }
      }
    }
    return this.encodeAgainst(threadId, ns, parentId, channel, value, upTo, pending);
  }

  async encodeAgainst(
    threadId: string,
    ns: string,
    checkpointId: string | undefined,
    channel: string,
    value: unknown,
    upTo?: number | null,
    pending?: PendingEvent[],
  ): Promise<StoredValue> {
    const base =
      checkpointId === undefined || !Array.isArray(value) ? undefined : await this.channelAt(threadId, ns, checkpointId, channel);
    if (Array.isArray(base) && extendsArray(base, value as unknown[])) {
      const appended = (value as unknown[]).slice(base.length);
      return (
        (await this.fromParentWrites(threadId, ns, checkpointId!, channel, appended)) ??
        (await this.asMessageRefs(threadId, ns, checkpointId!, appended, upTo, pending)) ?? {
          extends: { checkpointId: checkpointId! },
          append: await this.dump(appended),
        }
      );
    }
    // A run restarted from its conversation (say, replies landed after queued messages) rewrites the list's tail:
    // stored whole, each restart would copy the conversation, and a thread's checkpoints grow with its length squared.
    const keep = Array.isArray(base) ? commonPrefix(base, value as unknown[]) : 0;
    if (keep > 0) return { prefixOf: { checkpointId: checkpointId!, keep }, append: await this.dump((value as unknown[]).slice(keep)) };
    return { full: await this.dump(value) };
  }

  /** What a channel appends, its messages referenced in the thread events since the parent checkpoint's (when any is). */
  private async asMessageRefs(
    threadId: string,
    ns: string,
    checkpointId: string,
    appended: unknown[],
    upTo: number | null | undefined,
    pending?: PendingEvent[],
  ): Promise<StoredValue | undefined> {
    if (!this.refs || typeof upTo !== 'number' || appended.length === 0) return undefined;
    const entry = (await this.index(threadId)).checkpoints.get(ns)?.get(checkpointId);
    const from = entry?.saved?.threadEventNumber ?? entry?.forked?.threadEventNumber;
    if (typeof from !== 'number') return undefined;
    const numbers = await this.refs.find(threadId, from + 1, upTo, appended, pending);
    if (numbers.every((n) => n === undefined)) return undefined;
    const items = await Promise.all(appended.map((item, i) => numbers[i] ?? this.dump(item)));
    return { extends: { checkpointId }, append: [MESSAGE_REFS, items] };
  }

  /** When what a channel appends is exactly what the checkpoint's pending writes carried, point at them. */
  private async fromParentWrites(
    threadId: string,
    ns: string,
    checkpointId: string,
    channel: string,
    appended: unknown[],
  ): Promise<StoredValue | undefined> {
    const writes = [...((await this.index(threadId)).writes.get(writesKey(ns, checkpointId))?.values() ?? [])].filter(
      (w) => w.channel === channel,
    );
    if (writes.length === 0) return undefined;
    writes.sort((a, b) => compareWritesSortKeys(writesSortKey(a.taskPath, a.taskId, a.idx), writesSortKey(b.taskPath, b.taskId, b.idx)));
    const refs = writes.map((w): [string, number] => [w.taskId, w.idx]);
    const items = await this.writtenItems(threadId, ns, checkpointId, refs);
    return sameArray(items, appended) ? { extends: { checkpointId }, appendWrites: refs } : undefined;
  }

  blobCacheKey = (threadId: string, ns: string, channel: string, version: number | string) => `b|${threadId}|${ns}|${channel}|${version}`;
  writeCacheKey = (threadId: string, ns: string, checkpointId: string, taskId: string, idx: number) =>
    `w|${threadId}|${ns}|${checkpointId}|${taskId}|${idx}`;

  /** JSON is kept as the JSON value itself (no base64, no escaping inside the event); other serializations as base64. */
  async dump(value: unknown): Promise<Serialized> {
    const [type, bytes] = await this.serde.dumpsTyped(value);
    const buffer = Buffer.from(bytes);
    return type === 'json' ? [type, JSON.parse(buffer.toString('utf8'))] : [type, buffer.toString('base64')];
  }

  /**
   * JSON without any of the serializer's records (each is an object with an `lc` key) is read as it is: the checkpoint's
   * skeleton and metadata, on every read of a tuple. JsonPlusSerializer's reviver would copy it node by node, each through
   * an awaited promise (the process's promise hooks included), to the same result.
   */
  load([type, payload]: Serialized): Promise<unknown> {
    if (type !== 'json') return this.serde.loadsTyped(type, Buffer.from(String(payload), 'base64'));
    const stored = typeof payload === 'object' && payload !== null ? payload : undefined;
    const known = stored && this.plainText.get(stored);
    if (known !== undefined) return Promise.resolve(JSON.parse(known));
    const text = JSON.stringify(payload);
    // Only LangGraph's own serializer is known to revive nothing else (a subclass may).
    const own = Object.getPrototypeOf(this.serde) === JsonPlusSerializer.prototype;
    if (!own || MAY_REVIVE.test(text)) return this.serde.loadsTyped(type, text);
    if (stored) this.plainText.set(stored, text);
    return Promise.resolve(JSON.parse(text));
  }

  /**
   * The text of payloads read as they are, by payload (the stored event's object, which nothing changes): every read of
   * a tuple parses a fresh copy of its skeleton and metadata (callers may change them) without serializing them again.
   */
  private readonly plainText = new WeakMap<object, string>();
}

/** A key the reviver acts on: a record's `lc`, or `__proto__` (which it would assign as a prototype, JSON.parse as a key). */
const MAY_REVIVE = /"lc"|"__proto__"/;

/** A list stored as a change to its value at an earlier checkpoint. */
type ListDelta = Extract<StoredValue, { extends: unknown } | { prefixOf: unknown }>;

const parentOf = (delta: ListDelta): string => ('prefixOf' in delta ? delta.prefixOf.checkpointId : delta.extends.checkpointId);

function messageType(message: unknown): unknown {
  const m = message as { getType?: () => string; type?: string } | null;
  return typeof m?.getType === 'function' ? m.getType() : m?.type;
}
