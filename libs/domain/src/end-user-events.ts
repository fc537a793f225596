import { deterministicId } from './deterministic-id';

/**
 * An end user of an app (Dify's `user` string: whoever the app's own users are), recorded at its first use in its
 * own stream. Its id derives from the app and the string, so every request naming the same user finds the same one.
 */
export interface EndUserCreated {
  type: 'EndUserCreated';
  data: { endUserId: string; agentId: string; ownerId: string; externalUserId: string };
}

export const endUserId = (agentId: string, externalUserId: string) => deterministicId(`end-user:${agentId}:${externalUserId}`);
