import { Collection, MongoClient, MongoServerError } from 'mongodb';
import { CounterRule, CounterWindow, RateCounterStore } from './rate-counter.port';

interface WindowDoc {
  _id: string;
  hits: number;
  windowEndsAt: number;
  blockedUntil: number;
  /** When the document may go: MongoDB's TTL monitor removes it (within about a minute) after this. */
  expireAt: Date;
}

export const RATE_WINDOWS = 'rate_windows';
export const LEASES = 'leases';

interface LeaseDoc {
  _id: string;
  holder: string;
  expiresAt: number;
}

const ended = (now: number) => ({
  $cond: [{ $gt: ['$blockedUntil', 0] }, { $lte: ['$blockedUntil', now] }, { $lte: ['$windowEndsAt', now] }],
});

/**
 * One update pipeline, so the server applies it atomically to the one document: the same rules as the SQLite
 * statement, with a missing document (upsert) counting as an ended window. Every stage-2 expression reads the
 * stored fields, as stage 1 keeps them and only adds flags.
 */
function incrementPipeline({ now, windowMs, limit, blockMs }: CounterRule) {
  const fresh = { $or: [{ $eq: [{ $type: '$hits' }, 'missing'] }, ended(now)] };
  const firstBlock = 1 > limit ? now + blockMs : 0;
  return [
    { $set: { _fresh: fresh, _blocked: { $gt: [{ $ifNull: ['$blockedUntil', 0] }, now] } } },
    {
      $set: {
        hits: { $cond: ['$_fresh', 1, { $cond: ['$_blocked', '$hits', { $add: ['$hits', 1] }] }] },
        windowEndsAt: { $cond: ['$_fresh', now + windowMs, '$windowEndsAt'] },
        blockedUntil: {
          $cond: [
            '$_fresh',
            firstBlock,
            { $cond: ['$_blocked', '$blockedUntil', { $cond: [{ $gt: [{ $add: ['$hits', 1] }, limit] }, now + blockMs, 0] }] },
          ],
        },
      },
    },
    { $set: { expireAt: { $toDate: { $max: ['$windowEndsAt', '$blockedUntil'] } } } },
    { $unset: ['_fresh', '_blocked'] },
  ];
}

/** Rate counters in a MongoDB collection (MONGODB_URL's database) with a TTL index, shared by every API process. */
export class MongoRateCounterStore implements RateCounterStore {
  private constructor(
    private readonly client: MongoClient,
    private readonly windows: Collection<WindowDoc>,
    private readonly leases: Collection<LeaseDoc>,
  ) {}

  static async connect(url: string, timeoutMs = 5000): Promise<MongoRateCounterStore> {
    const client = new MongoClient(url, { serverSelectionTimeoutMS: timeoutMs });
    try {
      await client.connect();
      const windows = client.db().collection<WindowDoc>(RATE_WINDOWS);
      await windows.createIndex({ expireAt: 1 }, { name: 'rate_windows_expiry', expireAfterSeconds: 0 });
      return new MongoRateCounterStore(client, windows, client.db().collection<LeaseDoc>(LEASES));
    } catch (error) {
      await client.close();
      throw error;
    }
  }

  async increment(key: string, rule: CounterRule): Promise<CounterWindow> {
    const update = () =>
      this.windows.findOneAndUpdate({ _id: key }, incrementPipeline(rule), {
        upsert: true,
        returnDocument: 'after',
        includeResultMetadata: false,
      });
    let doc: WindowDoc | null;
    try {
      doc = await update();
    } catch (error) {
      // Two first hits racing to insert one key: the loser's retry finds the winner's document and updates it.
      if (!(error instanceof MongoServerError && error.code === 11000)) throw error;
      doc = await update();
    }
    return toWindow(doc!);
  }

  async peek(key: string, now: number): Promise<CounterWindow | null> {
    const doc = await this.windows.findOne({ _id: key, $expr: { $not: [ended(now)] } });
    return doc ? toWindow(doc) : null;
  }

  /** The TTL index removes ended windows on its own (about once a minute); this does it now. */
  async sweep(now: number): Promise<number> {
    return (await this.windows.deleteMany({ $expr: ended(now) })).deletedCount;
  }

  async claimLease(name: string, holder: string, ttlMs: number, now: number): Promise<boolean> {
    try {
      // Matches only a lease this holder has or one that is over; otherwise the upsert's insert hits the taken _id.
      const filter = { _id: name, $or: [{ holder }, { expiresAt: { $lt: now } }] };
      await this.leases.updateOne(filter, { $set: { holder, expiresAt: now + ttlMs } }, { upsert: true });
      return true;
    } catch (error) {
      if (error instanceof MongoServerError && error.code === 11000) return false;
      throw error;
    }
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    await this.leases.updateOne({ _id: name, holder }, { $set: { expiresAt: 0 } });
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

const toWindow = ({ hits, windowEndsAt, blockedUntil }: WindowDoc): CounterWindow => ({ hits, windowEndsAt, blockedUntil });
