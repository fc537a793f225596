import { ClientSession, Db, Document, Filter, MongoClient, MongoServerError, Sort } from 'mongodb';
import { Position } from '@forkline/event-store';
import { checkColumns, positionText, QueryOptions, READ_MODEL_TABLES, RowOf, TableName } from '../read-model.schema';
import { BranchView, CheckpointView, MessageView, ReadStore, SubscriberBatch, ThreadView } from '../read-store.port';
import { indexesFor } from './mongo-indexes';
import { applyChange, LIVE_ROWS } from './mongo-row-writes';

const CHECKPOINTS = 'projection_checkpoints';

/**
 * Read models in MongoDB, a collection per table. On a replica set a batch commits in a transaction;
 * without one, each row change is guarded by the row's position (mongo-row-writes) and the checkpoint
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
    await client.connect();
    const db = client.db();
    const hello = await db.admin().command({ hello: 1 });
    const store = new MongoReadStore(client, db, typeof hello.setName === 'string');
    for (const table of Object.keys(READ_MODEL_TABLES) as TableName[]) await db.collection(table).createIndexes(indexesFor(table));
    return store;
  }

  async checkpointOf(subscriber: string): Promise<Position | undefined> {
    const doc = await this.db.collection<{ _id: string; position: string }>(CHECKPOINTS).findOne({ _id: subscriber });
    return doc ? BigInt(doc.position) : undefined;
  }

  async commit(batches: SubscriberBatch[]): Promise<void> {
    if (!this.transactions) return this.commitGuarded(batches);
    const session = this.client.startSession();
    try {
      await session.withTransaction(() => this.commitGuarded(batches, session));
    } finally {
      await session.endSession();
    }
  }

  private async commitGuarded(batches: SubscriberBatch[], session?: ClientSession): Promise<void> {
    const checkpoints = this.db.collection<{ _id: string; position: string }>(CHECKPOINTS);
    for (const { subscriber, position, changes } of batches) {
      const current = await checkpoints.findOne({ _id: subscriber }, { session });
      if (current && BigInt(current.position) >= position) continue;
      for (const change of changes) await applyChange(this.db, change, session);
      try {
        await checkpoints.updateOne(
          { _id: subscriber, position: { $lt: positionText(position) } },
          { $set: { position: positionText(position) } },
          { upsert: true, session },
        );
      } catch (error) {
        // Another writer already moved this checkpoint further: never move it back.
        if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      }
    }
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
    await this.db.collection(table).deleteMany(where);
  }

  async query<T extends TableName>(table: T, where: Partial<RowOf<T>>, options: QueryOptions = {}): Promise<RowOf<T>[]> {
    checkColumns(table, [...Object.keys(where), options.orderBy, options.after?.column]);
    const filter: Filter<Document> = { ...where };
    if (options.after) filter[options.after.column] = { $gt: options.after.value };
    const sort: Sort | undefined = options.orderBy ? { [options.orderBy]: options.desc ? -1 : 1 } : undefined;
    return this.rows(table, filter, sort, options.limit);
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
  private async rows<T extends TableName>(table: T, filter: Filter<Document>, sort?: Sort, limit?: number): Promise<RowOf<T>[]> {
    let cursor = this.db.collection(table).find({ ...filter, ...LIVE_ROWS }, { projection: { _id: 0 } });
    if (sort) cursor = cursor.sort(sort);
    if (limit !== undefined) cursor = cursor.limit(limit);
    const columns = Object.keys(READ_MODEL_TABLES[table].columns);
    return (await cursor.toArray()).map((doc) => Object.fromEntries(columns.map((c) => [c, doc[c] ?? null])) as RowOf<T>);
  }
}
