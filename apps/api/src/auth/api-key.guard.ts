import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import type { Response } from 'express';
import { AuthenticatedRequest, Principal } from './authenticated-request';
import { BearerAuthenticator, requestKey } from './bearer-authenticator';
import { PassportAuthenticator } from './passport-authenticator';
import { RouteMetadataCache } from './route-metadata-cache';
import { IS_PUBLIC, ISSUES_PASSPORTS, TAKES_APP_KEYS, TAKES_PASSPORTS, TAKES_X_API_KEY } from './public.decorator';

/**
 * Every route but the public ones needs `Authorization: Bearer <key>`; the key decides the user. An address
 * with too many failed attempts this minute gets 429 before its key is checked (AUTH_FAILURES_PER_MINUTE).
 * App keys work on the Dify service API's routes alone, and those take nothing else. A valid key of the wrong kind
 * is refused without counting as a failed attempt: it guesses nothing. The Dify web API's routes take passports
 * instead (PassportAuthenticator), and no other route does.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly reflector = new RouteMetadataCache();

  constructor(
    @Inject(BearerAuthenticator) private readonly authenticator: BearerAuthenticator,
    @Inject(PassportAuthenticator) private readonly passports: PassportAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    if (this.reflector.getAllAndOverride<boolean>(TAKES_PASSPORTS, targets)) {
      request.user = await this.passports.identify(request, response);
      return true;
    }
    if (this.reflector.getAllAndOverride<boolean>(ISSUES_PASSPORTS, targets)) {
      request.user = await this.passports.issuing(request, response);
      return true;
    }
    const xApiKey = this.reflector.getAllAndOverride<boolean>(TAKES_X_API_KEY, targets) === true;
    const principal = await this.authenticator.identify(request, response, xApiKey);
    const takesAppKeys = this.reflector.getAllAndOverride<boolean>(TAKES_APP_KEYS, targets) === true;
    const refusal = refusalOf(principal, takesAppKeys, request, xApiKey);
    if (refusal) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(refusal);
    }
    request.user = principal!;
    return true;
  }
}

/** Why the request is refused, or null when its key fits the route. */
function refusalOf(principal: Principal | null, takesAppKeys: boolean, request: AuthenticatedRequest, xApiKey: boolean): string | null {
  if (!principal) {
    if (requestKey(request, xApiKey)) return 'invalid API key';
    return `missing API key: send Authorization: Bearer <key>${xApiKey ? ' or x-api-key: <key>' : ''}`;
  }
  if (takesAppKeys && !principal.app) return 'the Dify service API (/v1) takes an app key (app-...), not a user key';
  if (!takesAppKeys && principal.app) return 'an app key works only on the Dify service API (/v1); send a user key here';
  return null;
}
