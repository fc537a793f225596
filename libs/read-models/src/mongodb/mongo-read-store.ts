import { ClientSession, Db, Document, Filter, MongoClient, MongoServerError, Sort } from 'mongodb';
import { Position } from '@forkline/event-store';
import { QueryOptions, READ_MODEL_TABLES, ReadModelChange, Row, TableName } from '../read-model.schema';
import { BranchView, CheckpointView, MessageView, ReadStore, SubscriberBatch, ThreadView } from '../read-store.port';
import { indexesFor, positionText } from './mongo-indexes';

const CHECKPOINTS = 'projection_checkpoints';

/**
 * Read models in MongoDB, a collection per table. On a replica set a batch commits in a transaction;
 * without one, writes are idempotent upserts and the checkpoint only moves forward, so a replayed or
 * concurrent duplicate batch cannot move a read model backwards.
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
      for (const change of changes) await this.apply(change, session);
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

  private async apply(change: ReadModelChange, session?: ClientSession): Promise<void> {
    const collection = this.db.collection(change.table);
    if ('increment' in change) await collection.updateOne(change.key, { $inc: change.increment }, { session });
    else if ('delete' in change) await collection.deleteMany(change.delete, { session });
    else await collection.updateOne(keyOf(change.table, change.upsert), { $set: change.upsert }, { upsert: true, session });
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
    return threads.filter((t) => headOf.has(t.thread_id)).map((t) => ({ ...t, ...headOf.get(t.thread_id) }) as unknown as ThreadView);
  }

  async listBranches(parentThreadId: string): Promise<BranchView[]> {
    return (await this.rows('branches', { parent_thread_id: parentThreadId }, { created_at: 1, thread_id: 1 })) as unknown as BranchView[];
  }

  async listMessages(threadId: string, upTo = Number.MAX_SAFE_INTEGER, last?: number): Promise<MessageView[]> {
    const filter = { thread_id: threadId, event_number: { $lte: upTo } };
    if (last === undefined) return (await this.rows('messages', filter, { event_number: 1 })) as unknown as MessageView[];
    return ((await this.rows('messages', filter, { event_number: -1 }, last)) as unknown as MessageView[]).reverse();
  }

  async latestMessage(threadId: string, role: MessageView['role'], upTo = Number.MAX_SAFE_INTEGER): Promise<MessageView | null> {
    const [m] = await this.rows('messages', { thread_id: threadId, role, event_number: { $lte: upTo } }, { event_number: -1 }, 1);
    return (m as unknown as MessageView) ?? null;
  }

  async getCheckpoint(checkpointId: string): Promise<CheckpointView | null> {
    const [c] = await this.rows('checkpoints', { checkpoint_id: checkpointId });
    return (c as unknown as CheckpointView) ?? null;
  }

  async latestCheckpoint(threadId: string, upTo = Number.MAX_SAFE_INTEGER): Promise<CheckpointView | null> {
    const [c] = await this.rows(
      'checkpoints',
      { thread_id: threadId, event_number: { $lte: upTo } },
      { event_number: -1, saved_at: -1, _id: -1 },
      1,
    );
    return (c as unknown as CheckpointView) ?? null;
  }

  async agentInbox(): Promise<Array<{ thread_id: string; event_number: number }>> {
    return (await this.rows('agent_inbox', {}, { thread_id: 1 })) as unknown as Array<{ thread_id: string; event_number: number }>;
  }

  async clearAgentInbox(threadId: string, upTo: number): Promise<void> {
    await this.db.collection('agent_inbox').deleteOne({ thread_id: threadId, event_number: { $lte: upTo } });
  }

  async removeRows(table: TableName, where: Row): Promise<void> {
    await this.db.collection(table).deleteMany(where);
  }

  async query(table: TableName, where: Row, options: QueryOptions = {}): Promise<Row[]> {
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

  /** Rows as the SQLite adapter returns them: every column present (null when unset), no `_id`. */
  private async rows(table: TableName, filter: Filter<Document>, sort?: Sort, limit?: number): Promise<Row[]> {
    let cursor = this.db.collection(table).find(filter, { projection: { _id: 0 } });
    if (sort) cursor = cursor.sort(sort);
    if (limit !== undefined) cursor = cursor.limit(limit);
    const columns = [...READ_MODEL_TABLES[table].key, ...Object.keys(READ_MODEL_TABLES[table].columns)];
    return (await cursor.toArray()).map((doc) => Object.fromEntries(columns.map((c) => [c, doc[c] ?? null])) as Row);
  }
}

function keyOf(table: TableName, row: Row): Row {
  return Object.fromEntries(READ_MODEL_TABLES[table].key.map((k) => [k, row[k]]));
}
