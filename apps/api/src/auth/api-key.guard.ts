import { CanActivate, ExecutionContext, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';
import { BearerAuthenticator, bearerKey } from './bearer-authenticator';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route but the public ones needs `Authorization: Bearer <key>`; the key decides the user. An address
 * with too many failed attempts this minute gets 429 before its key is checked (AUTH_FAILURES_PER_MINUTE).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(BearerAuthenticator) private readonly authenticator: BearerAuthenticator,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const userId = await this.authenticator.authenticate(request, response);
    if (!userId) {
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(bearerKey(request) ? 'invalid API key' : 'missing API key: send Authorization: Bearer <key>');
    }
    request.user = { id: userId };
    return true;
  }
}
