import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiKeyRegistry } from './api-keys';
import { isAppKey } from '@forkline/platform';
import { AppKeyLookup } from './app-key-lookup';
import { Principal } from './authenticated-request';
import { AuthFailureThrottle, clientBucket } from './auth-failure-throttle';

/** The key in `Authorization: Bearer <key>`, or null when the header is missing or has another form. */
export function bearerKey(request: Request): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.header('authorization') ?? '');
  return match ? match[1] : null;
}

/** The request's key: its bearer key, or with `xApiKey` (the LangGraph face) its `x-api-key` header when it has no bearer key. */
export function requestKey(request: Request, xApiKey = false): string | null {
  const header = xApiKey ? request.header('x-api-key')?.trim() : undefined;
  return bearerKey(request) ?? (header ? header : null);
}

/**
 * Checks a request's key against the failed-auth throttle (AUTH_FAILURES_PER_MINUTE): the guard and the
 * operator view of /health share it, so no route lets an address guess keys past its limit.
 */
@Injectable()
export class BearerAuthenticator {
  constructor(
    @Inject(ApiKeyRegistry) private readonly keys: ApiKeyRegistry,
    @Inject(AuthFailureThrottle) private readonly failures: AuthFailureThrottle,
    @Inject(AppKeyLookup) private readonly appKeys: AppKeyLookup,
  ) {}

  /** The user of a user key, or null: an app key is no user's key here (the operator view of /health uses this). */
  async authenticate(request: Request, response: Response): Promise<string | null> {
    const principal = await this.identify(request, response);
    return principal && !principal.app ? principal.id : null;
  }

  /**
   * Whom the request's key stands for (a user, or an app as its owner), or null, which counts as a failure against
   * its address. An address past its limit gets 429 before its key is looked at: a right guess must look like a wrong one.
   */
  async identify(request: Request, response: Response, xApiKey = false): Promise<Principal | null> {
    // request.ip follows TRUST_PROXY: behind a trusted proxy it is the forwarded client's address.
    const outcome = await this.identifyKey(requestKey(request, xApiKey), request.ip ?? request.socket.remoteAddress ?? 'unknown');
    if (outcome.retryAfter === undefined) return outcome.principal;
    response.setHeader('Retry-After', outcome.retryAfter);
    throw new HttpException(
      `too many failed authentications from this address (${this.failures.perMinute} per minute); retry after the number of seconds in Retry-After`,
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }

  /** The same check for a key given another way (a WebSocket's `?token=`), from a client address: `retryAfter` when throttled. */
  async identifyKey(key: string | null, clientAddress: string): Promise<{ principal: Principal | null; retryAfter?: number }> {
    const address = clientBucket(clientAddress);
    const wait = await this.failures.retryAfter(address);
    if (wait > 0) return { principal: null, retryAfter: wait };
    const principal = await this.principalOf(key);
    if (!principal) await this.failures.recordFailure(address);
    return { principal };
  }

  private async principalOf(key: string | null): Promise<Principal | null> {
    if (key === null) return null;
    const userId = this.keys.userFor(key);
    if (userId) return { id: userId };
    const app = isAppKey(key) ? await this.appKeys.find(key) : null;
    return app && { id: app.ownerId, app: { agentId: app.agentId } };
  }
}
