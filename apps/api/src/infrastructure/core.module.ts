import { DynamicModule, Global, Logger, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AgentSaga, createChatModel, EventSourcedCheckpointSaver, ModelResolver } from '@forkline/agent';
import { AgentRepository, EVENT_STORE, EventStore, ThreadLineage, ThreadRepository } from '@forkline/event-store';
import { READ_STORE, ReadStore, ThreadHistory } from '@forkline/read-models';
import { AppConfig, Backends } from '@forkline/platform';
import { AFTER_COMMIT_SUBSCRIBERS, AfterCommitSubscriber } from './after-commit-subscriber';
import { BlueGreenSwitch } from './blue-green-switch.service';
import { CoreLifecycle } from './core-lifecycle.service';
import { ProjectionsService } from './projections.service';
import { StreamJanitor } from './stream-janitor';
import { APP_CONFIG, BACKENDS } from './tokens';
import { StorageQuota } from '../http/storage-quota';

/** The stores, the write-side repository, the projections and the agent, shared by every API face. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, backends: Backends): DynamicModule {
    // The models agents name, built with the server's provider settings (MODEL's own is built once, below).
    const models = new ModelResolver({ offlineTokenDelayMs: config.offlineTokenDelayMs, env: config.env });
    return {
      module: CoreModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: BACKENDS, useValue: backends },
        { provide: EVENT_STORE, useValue: backends.eventStore },
        { provide: READ_STORE, useValue: backends.readStore },
        {
          provide: ThreadRepository,
          useFactory: (es: EventStore) => new ThreadRepository(es, config.cachedThreads),
          inject: [EVENT_STORE],
        },
        { provide: AgentRepository, useFactory: (es: EventStore) => new AgentRepository(es, config.cachedThreads), inject: [EVENT_STORE] },
        { provide: ThreadLineage, useFactory: (es: EventStore) => new ThreadLineage(es, config.cachedThreads), inject: [EVENT_STORE] },
        { provide: ThreadHistory, useFactory: (rs: ReadStore) => new ThreadHistory(rs), inject: [READ_STORE] },
        {
          provide: EventSourcedCheckpointSaver,
          useFactory: (es: EventStore) => new EventSourcedCheckpointSaver(es, 'agent', config.cachedThreads),
          inject: [EVENT_STORE],
        },
        {
          provide: AgentSaga,
          inject: [ThreadRepository, READ_STORE, ThreadHistory, EventSourcedCheckpointSaver, AgentRepository],
          useFactory: async (
            repository: ThreadRepository,
            readStore: ReadStore,
            history: ThreadHistory,
            checkpointer: EventSourcedCheckpointSaver,
            agents: AgentRepository,
          ) =>
            new AgentSaga({
              agents,
              models: (name) => models.model(name),
              repository,
              readStore,
              history,
              checkpointer,
              contextMessages: config.agentContextMessages,
              contextChars: config.agentContextChars,
              maxConcurrentRuns: config.maxConcurrentRuns,
              model: await createChatModel({ model: config.model, offlineTokenDelayMs: config.offlineTokenDelayMs, env: config.env }),
              log: (message) => new Logger('Agent').warn(message),
            }),
        },
        {
          provide: StreamJanitor,
          inject: [EVENT_STORE, READ_STORE, ThreadRepository, ThreadLineage, EventSourcedCheckpointSaver],
          useFactory: (
            es: EventStore,
            rs: ReadStore,
            repository: ThreadRepository,
            lineage: ThreadLineage,
            checkpointer: EventSourcedCheckpointSaver,
          ) => new StreamJanitor(es, rs, (threadId) => [repository, lineage, checkpointer].forEach((cache) => cache.forget(threadId))),
        },
        // What works off the log after each projections commit, in call order.
        {
          provide: AFTER_COMMIT_SUBSCRIBERS,
          inject: [AgentSaga, StreamJanitor],
          useFactory: (agent: AgentSaga, janitor: StreamJanitor): AfterCommitSubscriber[] => [agent, janitor],
        },
        ProjectionsService,
        BlueGreenSwitch,
        CoreLifecycle,
        { provide: StorageQuota, inject: [READ_STORE], useFactory: (rs: ReadStore) => new StorageQuota(rs, config.userStorageBytes) },
      ],
      exports: [
        APP_CONFIG,
        BACKENDS,
        EVENT_STORE,
        READ_STORE,
        ThreadRepository,
        AgentRepository,
        ThreadLineage,
        ThreadHistory,
        AgentSaga,
        StreamJanitor,
        ProjectionsService,
        StorageQuota,
        CqrsModule,
      ],
    };
  }
}
