import { ProjectedEvent } from '@forkline/read-models';

/**
 * Works off the log after the projections commit: it is told each committed batch, and resumes its
 * durable to-do list (kept by its own projector) at start and after a read-store switch.
 */
export interface AfterCommitSubscriber {
  afterCommit(events: ProjectedEvent[]): void;
  resume(): Promise<void>;
}

/** The subscribers the projections feed, in call order; core.module.ts lists them. */
export const AFTER_COMMIT_SUBSCRIBERS = Symbol('AFTER_COMMIT_SUBSCRIBERS');
