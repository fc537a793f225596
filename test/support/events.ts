export { EVENT_STORE } from '@forkline/event-store';
export type { EventStore } from '@forkline/event-store';
export { threadStreamId as threadStreamIdOf } from '@forkline/domain';
