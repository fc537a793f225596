import { ClientSession, Db, Document, Filter, MongoClient, Sort } from 'mongodb';
import { Position } from '@forkline/event-store';
import { checkConditions, QueryOptions, READ_MODEL_TABLES, RowOf, TableName } from '../read-model.schema';
import {
  BranchView,
  CheckpointView,
  FollowsAnotherEventStore,
  MessageView,
  ReadStore,
  SubscriberBatch,
  ThreadView,
} from '../read-store.port';
import { batchesAhead, Checkpoint, checkpointMoves, CHECKPOINTS } from './mongo-checkpoints';
import { META, prepareLayout, supportsTransactions } from './mongo-layout';
import { bulkOperations, LIVE_ROWS } from './mongo-row-writes';

/**
 * Read models in MongoDB, a collection per table. On a replica set or behind mongos a batch commits in a
 * transaction; without, each row change is guarded by the row's position (mongo-row-writes) and the checkpoint
 * only moves forward, so a replayed or concurrent duplicate batch changes nothing.
 */
export class MongoReadStore implements ReadStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly transactions: boolean,
  ) {}

  static async connect(url: string, timeoutMs = 5000): Promise<MongoReadStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs });
    try {
      await client.connect();
      const db = client.db();
      const hello = await db.admin().command({ hello: 1 });
      await prepareLayout(db);
      return new MongoReadStore(client, db, supportsTransactions(hello));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async checkpointOf(subscriber: string): Promise<Position | undefined> {
    const doc = await this.db.collection<Checkpoint>(CHECKPOINTS).findOne({ _id: subscriber });
    return doc ? BigInt(doc.position) : undefined;
  }

  async commit(batches: SubscriberBatch[]): Promise<void> {
    if (!this.transactions) return this.commitGuarded(batches);
    const session = this.client.startSession();
    try {
      // Nothing in the callback catches an error: a swallowed one inside a transaction makes the driver re-run it for two minutes.
      await session.withTransaction(() => this.commitGuarded(batches, session));
    } finally {
      await session.endSession();
    }
  }

  /**
   * One read of the checkpoints, one ordered bulkWrite per collection, then the checkpoints, each moved with
   * `$max` (an equality filter on `_id`: never lowered, and no duplicate-key error when two writers insert it).
   */
  private async commitGuarded(batches: SubscriberBatch[], session?: ClientSession): Promise<void> {
    const checkpoints = this.db.collection<Checkpoint>(CHECKPOINTS);
    const current = await checkpoints.find({ _id: { $in: batches.map((b) => b.subscriber) } }, { session }).toArray();
    const ahead = batchesAhead(batches, current);
    if (ahead.length === 0) return;
    for (const [table, ops] of bulkOperations(ahead.flatMap((b) => b.changes))) {
      await this.db.collection(table).bulkWrite(ops, { session, ordered: true });
    }
    await checkpoints.bulkWrite(checkpointMoves(ahead), { session, ordered: true });
  }

  async follow(eventStore: string): Promise<void> {
    const meta = this.db.collection<{ _id: string; value: string }>(META);
    // Equality on _id: two servers starting at once both end up with the first one's record, without an error.
    await meta.updateOne({ _id: 'event_store' }, { $setOnInsert: { value: eventStore } }, { upsert: true });
    const recorded = (await meta.findOne({ _id: 'event_store' }))?.value;
    if (recorded !== eventStore) throw new FollowsAnotherEventStore(String(recorded), eventStore);
  }

  async getThread(threadId: string): Promise<ThreadView | null> {
    const [thread] = await this.threadViews({ thread_id: threadId });
    return thread ?? null;
  }

  async listThreads(ownerId: string): Promise<ThreadView[]> {
    return this.threadViews({ owner_id: ownerId });
  }

  private async threadViews(filter: Filter<Document>): Promise<ThreadView[]> {
    const threads = await this.rows('threads', filter, { created_at: 1, thread_id: 1 });
    const heads = await this.rows('heads', { thread_id: { $in: threads.map((t) => t.thread_id) } });
    const headOf = new Map(heads.map((h) => [h.thread_id, h]));
    return threads.flatMap((t) => {
      const head = headOf.get(t.thread_id);
      return head ? [{ ...t, ...head }] : [];
    });
  }

  async listBranches(parentThreadId: string): Promise<BranchView[]> {
    return this.rows('branches', { parent_thread_id: parentThreadId }, { created_at: 1, thread_id: 1 });
  }

  async listMessages(threadId: string, upTo = Number.MAX_SAFE_INTEGER, last?: number): Promise<MessageView[]> {
    const filter = { thread_id: threadId, event_number: { $lte: upTo } };
    if (last === undefined) return (await this.rows('messages', filter, { event_number: 1 })) as MessageView[];
    return ((await this.rows('messages', filter, { event_number: -1 }, last)) as MessageView[]).reverse();
  }

  async countMessages(threadId: string, after: number, upTo: number): Promise<number> {
    return this.db.collection('messages').countDocuments({ thread_id: threadId, event_number: { $gt: after, $lte: upTo }, ...LIVE_ROWS });
  }

  async latestMessage(threadId: string, role: MessageView['role'], upTo = Number.MAX_SAFE_INTEGER): Promise<MessageView | null> {
    const [m] = await this.rows('messages', { thread_id: threadId, role, event_number: { $lte: upTo } }, { event_number: -1 }, 1);
    return (m as MessageView | undefined) ?? null;
  }

  async getCheckpoint(checkpointId: string): Promise<CheckpointView | null> {
    const [c] = await this.rows('checkpoints', { checkpoint_id: checkpointId });
    return c ?? null;
  }

  async latestCheckpoint(threadId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<CheckpointView | null> {
    const [c] = await this.rows(
      'checkpoints',
      { thread_id: threadId, event_number: { $lte: upTo } },
      { event_number: -1, saved_at: -1, _id: -1 },
      1,
    );
    return c ?? null;
  }

  async agentInbox(): Promise<RowOf<'agent_inbox'>[]> {
    return this.rows('agent_inbox', {}, { thread_id: 1 });
  }

  async clearAgentInbox(threadId: string, upTo: number): Promise<void> {
    await this.db.collection('agent_inbox').deleteOne({ thread_id: threadId, event_number: { $lte: upTo } });
  }

  async removeRows<T extends TableName>(table: T, where: Partial<RowOf<T>>): Promise<void> {
    checkConditions(table, where);
    await this.db.collection(table).deleteMany(where);
  }

  async query<T extends TableName>(table: T, where: Partial<RowOf<T>>, options: QueryOptions = {}): Promise<RowOf<T>[]> {
    checkConditions(table, where, options);
    const filter: Filter<Document> = { ...where };
    if (options.after) filter[options.after.column] = { $gt: options.after.value };
    if (options.upTo) {
      const { column, value } = options.upTo;
      filter[column] = { ...(options.after?.column === column ? filter[column] : {}), $lte: value };
    }
    const sort: Sort | undefined = options.orderBy ? { [options.orderBy]: options.desc ? -1 : 1 } : undefined;
    return this.rows(table, filter, sort, options.limit, options.columns);
  }

  /** Added up over the owner's thread_sizes rows, from the (owner_id, bytes) index kept for it (see mongo-indexes). */
  async storedBytesOf(ownerId: string): Promise<number> {
    const [total] = await this.db
      .collection('thread_sizes')
      .aggregate([{ $match: { owner_id: ownerId, ...LIVE_ROWS } }, { $group: { _id: null, total: { $sum: '$bytes' } } }])
      .toArray();
    return (total?.total as number | undefined) ?? 0;
  }

  async dump(table: string): Promise<Record<string, unknown>[]> {
    const t = READ_MODEL_TABLES[table as TableName];
    if (!t) throw new Error(`unknown read model table '${table}'`);
    return this.rows(table as TableName, {}, Object.fromEntries(t.key.map((k) => [k, 1 as const])));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /**
   * Live rows as the SQLite adapter returns them: the declared columns (null when unset), no `_id` nor
   * bookkeeping. Values are as the projectors stored them, which their typed changes keep to the row types.
   */
  private async rows<T extends TableName>(
    table: T,
    filter: Filter<Document>,
    sort?: Sort,
    limit?: number,
    only?: readonly string[],
  ): Promise<RowOf<T>[]> {
    const projection = only?.length ? { _id: 0, ...Object.fromEntries(only.map((c) => [c, 1])) } : { _id: 0 };
    let cursor = this.db.collection(table).find({ ...filter, ...LIVE_ROWS }, { projection });
    if (sort) cursor = cursor.sort(sort);
    if (limit !== undefined) cursor = cursor.limit(limit);
    const columns = only?.length ? only : Object.keys(READ_MODEL_TABLES[table].columns);
    return (await cursor.toArray()).map((doc) => Object.fromEntries(columns.map((c) => [c, doc[c] ?? null])) as RowOf<T>);
  }
}
