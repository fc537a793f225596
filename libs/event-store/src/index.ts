export * from './event-store.port';
export * from './sqlite-event-store';
export * from './polling-subscription';
export * from './thread-repository';
export * from './thread-lineage';
export * from './deterministic-id';
export * from './sqlite-database';
