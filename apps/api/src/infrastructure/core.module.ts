import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgentSaga, createChatModel, EventSourcedCheckpointSaver, ModelResolver, RunLeases } from '@forkline/agent';
import {
  AgentRepository,
  BLOB_STORE,
  BlobStore,
  EVENT_STORE,
  EventStore,
  ForkRegistry,
  LIVE_RECORDS,
  LiveRecordStore,
  ThreadDeleter,
  ThreadForker,
  ThreadLineage,
  ThreadRepository,
} from '@forkline/event-store';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { AppConfig, Backends, Metrics, openBlobStore, openRateCounters } from '@forkline/platform';
import { AFTER_COMMIT_SUBSCRIBERS, AfterCommitSubscriber } from './after-commit-subscriber';
import { BlueGreenSwitch } from './blue-green-switch.service';
import { CoreLifecycle } from './core-lifecycle.service';
import { DeletedThreadFiles } from './deleted-thread-files';
import { LiveRecordsJanitor } from './live-records-janitor';
import { ProjectionsService } from './projections.service';
import { RunMetrics } from './run-metrics';
import { StreamJanitor } from './stream-janitor';
import { ThreadFeed } from './thread-feed/thread-feed';
import { APP_CONFIG, BACKENDS, PROJECTOR_LEASES } from './tokens';
import { StorageQuota } from '../http/storage-quota';
import { SSE_STREAM_SLOTS, sseStreamSlotsProvider } from '../http/stream-slots';

/** The stores, the write-side repository, the projections and the agent, shared by every API face. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, backends: Backends, metrics: Metrics): DynamicModule {
    // The models agents name, built with the server's provider settings (MODEL's own is built once, below).
    const models = new ModelResolver({ offlineTokenDelayMs: config.offlineTokenDelayMs, env: config.env });
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: ModelResolver, useValue: models },
        { provide: BACKENDS, useValue: backends },
        { provide: Metrics, useValue: metrics },
        { provide: EVENT_STORE, useValue: backends.eventStore },
        { provide: READ_STORE, useValue: backends.readStore },
        { provide: LIVE_RECORDS, useValue: backends.liveRecords },
        { provide: PROJECTOR_LEASES, useFactory: () => openRateCounters(config) },
        { provide: BLOB_STORE, useFactory: () => openBlobStore(config) },
        {
          provide: LiveRecordsJanitor,
          useFactory: (live: LiveRecordStore) => new LiveRecordsJanitor(live, config.runStreamRetentionMs),
          inject: [LIVE_RECORDS],
        },
        {
          provide: ThreadRepository,
          useFactory: (es: EventStore) => new ThreadRepository(es, config.cachedThreads),
          inject: [EVENT_STORE],
        },
        {
          provide: AgentRepository,
          useFactory: (es: EventStore) =>
            new AgentRepository(es, config.cachedThreads, { log: (message) => new Logger('Agents').warn(message) }),
          inject: [EVENT_STORE],
        },
        { provide: ThreadLineage, useFactory: (es: EventStore) => new ThreadLineage(es, config.cachedThreads), inject: [EVENT_STORE] },
        { provide: ForkRegistry, useFactory: (es: EventStore) => new ForkRegistry(es, config.cachedThreads), inject: [EVENT_STORE] },
        {
          provide: ThreadForker,
          useFactory: (repository: ThreadRepository, lineage: ThreadLineage, forks: ForkRegistry) =>
            new ThreadForker(repository, lineage, forks),
          inject: [ThreadRepository, ThreadLineage, ForkRegistry],
        },
        {
          provide: ThreadDeleter,
          useFactory: (repository: ThreadRepository, forks: ForkRegistry, es: EventStore, rs: ReadStore) =>
            new ThreadDeleter(repository, forks, es, async (id) => (await rs.listBranches(id)).map((b) => b.thread_id)),
          inject: [ThreadRepository, ForkRegistry, EVENT_STORE, READ_STORE],
        },
        { provide: ThreadHistory, useFactory: (rs: ReadStore) => new ThreadHistory(rs), inject: [READ_STORE] },
        {
          provide: EventSourcedCheckpointSaver,
          useFactory: (es: EventStore, lineage: ThreadLineage) =>
            new EventSourcedCheckpointSaver(es, 'agent', config.cachedThreads, lineage, config.agentCacheBytes),
          inject: [EVENT_STORE, ThreadLineage],
        },
        {
          provide: AgentSaga,
          inject: [ThreadRepository, READ_STORE, ThreadHistory, EventSourcedCheckpointSaver, AgentRepository, LIVE_RECORDS, EVENT_STORE],
          useFactory: async (
            repository: ThreadRepository,
            readStore: ReadStore,
            history: ThreadHistory,
            checkpointer: EventSourcedCheckpointSaver,
            agents: AgentRepository,
            liveRecords: LiveRecordStore,
            events: EventStore,
          ) => {
            const saga = new AgentSaga({
              leases: new RunLeases(events, config.runLeaseMs, (message) => new Logger('Agent').warn(message)),
              agents,
              models: (name) => models.model(name),
              repository,
              readStore,
              history,
              checkpointer,
              liveRecords,
              contextMessages: config.agentContextMessages,
              contextChars: config.agentContextChars,
              cacheBytes: config.agentCacheBytes,
              maxConcurrentRuns: config.maxConcurrentRuns,
              model: await createChatModel({ model: config.model, offlineTokenDelayMs: config.offlineTokenDelayMs, env: config.env }),
              log: (message) => new Logger('Agent').warn(message),
            });
            // Which process ran a run: its RunStarted / RunResumed name this worker.
            if (config.roles.includes('agent')) new Logger('Agent').log(`worker ${saga.workerId} (run lease ${config.runLeaseMs} ms)`);
            return saga;
          },
        },
        {
          provide: StreamJanitor,
          inject: [
            EVENT_STORE,
            READ_STORE,
            ThreadRepository,
            ThreadLineage,
            EventSourcedCheckpointSaver,
            LIVE_RECORDS,
            BLOB_STORE,
            ForkRegistry,
          ],
          useFactory: (
            es: EventStore,
            rs: ReadStore,
            repository: ThreadRepository,
            lineage: ThreadLineage,
            checkpointer: EventSourcedCheckpointSaver,
            live: LiveRecordStore,
            blobs: BlobStore,
            forks: ForkRegistry,
          ) =>
            new StreamJanitor(
              es,
              rs,
              (threadId) => [repository, lineage, checkpointer].forEach((cache) => cache.forget(threadId)),
              live,
              new DeletedThreadFiles(es, blobs).remove,
              forks,
            ),
        },
        // What works off the log after each projections commit, in call order; only a process with the agent role runs runs.
        {
          provide: AFTER_COMMIT_SUBSCRIBERS,
          inject: [AgentSaga, ThreadFeed, StreamJanitor, RunMetrics],
          useFactory: (agent: AgentSaga, feed: ThreadFeed, janitor: StreamJanitor, runs: RunMetrics): AfterCommitSubscriber[] => [
            ...(config.roles.includes('agent') ? [agent] : []),
            feed,
            janitor,
            runs,
          ],
        },
        ThreadFeed,
        RunMetrics,
        ProjectionsService,
        BlueGreenSwitch,
        CoreLifecycle,
        { provide: StorageQuota, inject: [READ_STORE], useFactory: (rs: ReadStore) => new StorageQuota(rs, config.userStorageBytes) },
        sseStreamSlotsProvider,
      ],
      exports: [
        APP_CONFIG,
        BACKENDS,
        Metrics,
        EVENT_STORE,
        READ_STORE,
        LIVE_RECORDS,
        BLOB_STORE,
        ThreadRepository,
        AgentRepository,
        ThreadLineage,
        ForkRegistry,
        ThreadForker,
        ThreadDeleter,
        ThreadHistory,
        EventSourcedCheckpointSaver,
        ModelResolver,
        AgentSaga,
        StreamJanitor,
        ThreadFeed,
        ProjectionsService,
        StorageQuota,
        SSE_STREAM_SLOTS,
        CqrsModule,
      ],
    };
  }
}
