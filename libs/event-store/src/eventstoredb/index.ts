// The EventStoreDB adapters, outside the package's main entry: they load the gRPC client (~20 MB), which only the
// production profile needs. Import them from '@forkline/event-store/eventstoredb' (backends.ts does, on demand).
export * from './eventstoredb-event-store';
export * from './esdb-position';
export * from './esdb-mapping';
export * from './esdb-scavenge';
export * from '../live/esdb-live-records';
