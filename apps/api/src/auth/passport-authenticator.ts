import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isAppKey } from '@forkline/platform';
import { DifyError } from '../http/dify-error';
import { ApiKeyRegistry } from './api-keys';
import { AppKeyLookup } from './app-key-lookup';
import { AuthFailureThrottle, clientBucket } from './auth-failure-throttle';
import { Principal } from './authenticated-request';
import { bearerKey } from './bearer-authenticator';
import { PassportRefused, PassportTokens } from './passport-tokens';
import { WebApp, WebApps } from './web-apps';

const GET_ONE = 'get a passport with GET /api/passport (header X-App-Code) and send it as X-App-Passport or Authorization: Bearer';

/** A refusal that says nothing a guess could learn from counts against the client's address (AUTH_FAILURES_PER_MINUTE). */
class CountedRefusal extends DifyError {}

const unauthorized = (message: string) => new DifyError(401, 'unauthorized', message);

/**
 * Who a request of the Dify web API stands for: the passport's app, acting as its owner (whose rate limit it uses),
 * and the passport's anonymous end user. Every refusal is Dify's: 401 `unauthorized` (its front end then fetches a new
 * passport), 404 when the app is gone, 403 `web_app_access_denied` when its owner switched it off for the web.
 */
@Injectable()
export class PassportAuthenticator {
  constructor(
    @Inject(PassportTokens) private readonly tokens: PassportTokens,
    @Inject(WebApps) private readonly apps: WebApps,
    @Inject(ApiKeyRegistry) private readonly keys: ApiKeyRegistry,
    @Inject(AppKeyLookup) private readonly appKeys: AppKeyLookup,
    @Inject(AuthFailureThrottle) private readonly failures: AuthFailureThrottle,
  ) {}

  /** GET /api/passport: the app of the request's X-App-Code, as its owner (no end user yet: the route makes one). */
  issuing(request: Request, response: Response): Promise<Principal> {
    return this.counted(request, response, async () => {
      const code = request.header('x-app-code');
      if (!code)
        throw new CountedRefusal(401, 'unauthorized', "X-App-Code header is missing: send the app's site code (its agent's site_code).");
      const app = await this.apps.byCode(code);
      // A switched-off app is not told apart from a missing one here, as Dify (passport.py) answers both.
      if (!app || !app.webEnabled)
        throw new CountedRefusal(404, 'not_found', 'No web app has this X-App-Code (or its owner switched it off for the web).');
      return { id: app.ownerId, app: { agentId: app.agentId } };
    });
  }

  /** Every other route of the web API: the passport (X-App-Passport, else Bearer) of the app of X-App-Code. */
  identify(request: Request, response: Response): Promise<Principal> {
    return this.counted(request, response, async () => {
      const token = request.header('x-app-passport') || bearerKey(request);
      if (!token) throw new CountedRefusal(401, 'unauthorized', `App token is missing: ${GET_ONE}.`);
      if (this.keys.userFor(token) || isAppKey(token)) {
        // A valid key of the wrong kind guesses nothing; an unknown app- key is a failed guess all the same.
        const refusal = `The Dify web API (/api) takes a passport, not an API key: ${GET_ONE}. App keys work on /v1.`;
        const valid = this.keys.userFor(token) !== null || (await this.appKeys.find(token)) !== null;
        throw valid ? unauthorized(refusal) : new CountedRefusal(401, 'unauthorized', refusal);
      }
      const claims = await this.tokens.verify(token).catch((error: unknown) => {
        if (error instanceof PassportRefused)
          throw new CountedRefusal(401, 'unauthorized', `${error.message} Get a new passport with GET /api/passport.`);
        throw error;
      });
      const code = request.header('x-app-code');
      if (!code) throw unauthorized("X-App-Code header is missing: send the site code of the passport's app.");
      if (code !== claims.siteCode) throw unauthorized(`The passport is not one of the app of this X-App-Code: ${GET_ONE}.`);
      const app = await this.apps.byId(claims.agentId);
      checkStillServed(app, claims.siteCode);
      return { id: app!.ownerId, app: { agentId: app!.agentId }, endUserId: claims.endUserId };
    });
  }

  /** Refused before anything is looked at once the address is past its failures; a counted refusal adds one. */
  private async counted(request: Request, response: Response, check: () => Promise<Principal>): Promise<Principal> {
    const address = clientBucket(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    const wait = await this.failures.retryAfter(address);
    if (wait > 0) {
      response.setHeader('Retry-After', wait);
      throw new HttpException(
        `too many failed authentications from this address (${this.failures.perMinute} per minute); retry after the number of seconds in Retry-After`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    try {
      return await check();
    } catch (error) {
      if (error instanceof CountedRefusal) await this.failures.recordFailure(address);
      throw error;
    }
  }
}

/** A valid passport whose app is gone (404), took another code since (401: a new passport is the remedy) or is switched off (403). */
function checkStillServed(app: WebApp | null, siteCode: string): asserts app is WebApp {
  if (!app) throw new DifyError(404, 'not_found', "App not found: the passport's app was deleted.");
  if (app.siteCode !== siteCode) throw unauthorized(`The app's site code changed since this passport was issued: ${GET_ONE}.`);
  if (!app.webEnabled) throw new DifyError(403, 'web_app_access_denied', 'The app is switched off for the web by its owner.');
}
