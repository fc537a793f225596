import { join } from 'path';
import { DELETIONS_STREAM, FORKLINE_STREAM_PREFIXES, LIVE_STREAM_PREFIX } from '@forkline/domain';
import { EventStore, LiveRecordStore, SqliteEventStore, SqliteLiveRecordStore } from '@forkline/event-store';
import { currentReadStoreFile, FollowsAnotherEventStore, ReadStore, SqliteReadStore, SwitchableReadStore } from '@forkline/read-models';
import { AppConfig, ConfigError, ensureDataDir } from './config/app-config';
import { withTimeout } from './config/with-timeout';

export interface Backends {
  eventStore: EventStore;
  readStore: ReadStore;
  /** Live run records: in EventStoreDB when it holds the log, else in DATA_DIR/live.db (never in events.db). */
  liveRecords: LiveRecordStore;
  /** Set for the embedded read store: lets `forkline projections rebuild` switch it under a running server. */
  switchable?: SwitchableReadStore;
  kinds: { eventStore: 'sqlite' | 'eventstoredb'; readStore: 'sqlite' | 'mongodb' };
}

/**
 * Opens the configured stores: EVENTSTORE_URL picks EventStoreDB, MONGODB_URL picks MongoDB, each on
 * its own; unset means the embedded SQLite files under DATA_DIR. A bad URL or an unreachable server
 * is a ConfigError naming the variable.
 */
export async function openBackends(config: AppConfig): Promise<Backends> {
  ensureDataDir(config.dataDir);
  const { EVENTSTORE_URL, MONGODB_URL } = config.env;
  const kinds = { eventStore: EVENTSTORE_URL ? 'eventstoredb' : 'sqlite', readStore: MONGODB_URL ? 'mongodb' : 'sqlite' } as const;
  const { eventStore, liveRecords } = EVENTSTORE_URL
    ? await openEventStoreDb(EVENTSTORE_URL, config)
    : {
        eventStore: embedded(
          config,
          () => new SqliteEventStore(join(config.dataDir, 'events.db'), { maxAppendSize: config.maxAppendSize }),
        ),
        liveRecords: embedded(config, () => new SqliteLiveRecordStore(join(config.dataDir, 'live.db'))),
      };
  let backends: Backends;
  if (MONGODB_URL) {
    // The production clients are loaded only when configured: the embedded profile never holds them in memory.
    const { MongoReadStore } = await import('@forkline/read-models/mongodb');
    const readStore = await reach('MONGODB_URL', 'MongoDB', () => MongoReadStore.connect(MONGODB_URL));
    backends = { eventStore, readStore, liveRecords, kinds };
  } else {
    const switchable = new SwitchableReadStore(embedded(config, () => new SqliteReadStore(currentReadStoreFile(config.dataDir))));
    backends = { eventStore, readStore: switchable.store, liveRecords, switchable, kinds };
  }
  await followOrRefuse(config, backends);
  return backends;
}

/** The log and the live records on EventStoreDB (its client loaded now, only when configured). */
async function openEventStoreDb(url: string, config: AppConfig): Promise<{ eventStore: EventStore; liveRecords: LiveRecordStore }> {
  const { EventStoreDbEventStore, EsdbLiveRecordStore } = await import('@forkline/event-store/eventstoredb');
  const eventStore = await reach('EVENTSTORE_URL', 'EventStoreDB', () =>
    EventStoreDbEventStore.connect(url, {
      prefixes: FORKLINE_STREAM_PREFIXES,
      deletionsStream: DELETIONS_STREAM,
      maxAppendSize: config.maxAppendSize,
    }),
  );
  const liveRecords = await EsdbLiveRecordStore.connect(url, { prefix: LIVE_STREAM_PREFIX, retentionMs: config.runStreamRetentionMs });
  return { eventStore, liveRecords };
}

/** The read store records the event store it follows and refuses another: read models of one log are wrong for any other. */
async function followOrRefuse(config: AppConfig, { eventStore, readStore, liveRecords }: Backends): Promise<void> {
  const { EVENTSTORE_URL, MONGODB_URL } = config.env;
  const log = EVENTSTORE_URL ? 'the EventStoreDB log at EVENTSTORE_URL' : `the log in ${join(config.dataDir, 'events.db')}`;
  const models = MONGODB_URL ? 'MONGODB_URL' : currentReadStoreFile(config.dataDir);
  try {
    await readStore.follow(await eventStore.identity());
  } catch (error) {
    await Promise.allSettled([eventStore.close(), readStore.close(), liveRecords.close()]);
    if (!(error instanceof FollowsAnotherEventStore))
      throw new ConfigError(`${EVENTSTORE_URL ? 'EVENTSTORE_URL' : 'DATA_DIR'}: cannot read the event store's identity: ${error}`);
    throw new ConfigError(
      `${models}: these read models were projected from another event store than ${log}; ` +
        (MONGODB_URL ? 'point MONGODB_URL at an empty database' : `remove ${models}`) +
        ' (projections rebuild from the log) or use the event store they follow',
    );
  }
}

async function reach<T>(variable: string, server: string, connect: () => Promise<T>): Promise<T> {
  try {
    return await withTimeout(connect(), 10_000);
  } catch (error) {
    throw new ConfigError(`${variable}: cannot use ${server} there: ${(error as Error).message.split('\n')[0]}`);
  }
}

function embedded<T>(config: AppConfig, open: () => T): T {
  try {
    return open();
  } catch (error) {
    throw new ConfigError(`DATA_DIR '${config.dataDir}' cannot hold the embedded stores: ${(error as Error).message}`);
  }
}
