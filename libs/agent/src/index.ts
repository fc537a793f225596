export * from './agent-saga';
export * from './graphs/reply.graph';
export * from './models/offline-chat-model';
export * from './models/chat-model.factory';
export * from './checkpointer/event-sourced-checkpoint-saver';
