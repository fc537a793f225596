export * from './read-model.schema';
export * from './read-store.port';
export * from './sqlite-read-store';
export * from './projection-runner';
export * from './projectors';
export * from './rebuild';
export * from './thread-history';
export * from './mongodb/mongo-read-store';
