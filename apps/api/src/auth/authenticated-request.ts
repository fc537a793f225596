import type { Request } from 'express';

/**
 * Who a key stands for: a user, or with `app` an app key, which acts as its agent's owner on that agent alone.
 * A web-app passport is like an app key that also names its anonymous end user (`endUserId`).
 */
export interface Principal {
  id: string;
  app?: { agentId: string };
  endUserId?: string;
}

export interface AuthenticatedRequest extends Request {
  user?: Principal;
}
