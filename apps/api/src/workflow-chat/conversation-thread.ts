import { deterministicId } from '@forkline/domain';

/**
 * A user's conversation with a workflow (an agent) on this face is one Forkline thread, created on first use. Its id is
 * derived from the pair, so two first messages sent at once land in the same thread (the second create finds it).
 */
export const conversationThreadId = (userId: string, agentId: string): string => deterministicId(`workflow-chat:${userId}:${agentId}`);

/** The `thread_id` the platform shows (`{user_id}:{workflow_id}`); the Forkline thread behind it is `conversationThreadId`. */
export const conversationLabel = (userId: string, agentId: string): string => `${userId}:${agentId}`;
