export * from './thread-events';
export * from './thread-commands';
export * from './thread.decider';
export * from './thread.state';
export * from './domain-errors';
export * from './checkpoint-events';
export * from './stream-names';
