import type { Request } from 'express';

/** Who a key stands for: a user, or with `app` an app key, which acts as its agent's owner on that agent alone. */
export interface Principal {
  id: string;
  app?: { agentId: string };
}

export interface AuthenticatedRequest extends Request {
  user?: Principal;
}
