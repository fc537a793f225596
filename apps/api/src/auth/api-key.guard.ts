import { CanActivate, ExecutionContext, HttpException, HttpStatus, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ApiKeyRegistry } from './api-keys';
import { AuthFailureThrottle, clientBucket } from './auth-failure-throttle';
import { AuthenticatedRequest } from './authenticated-request';
import { IS_PUBLIC } from './public.decorator';

/**
 * Every route but the public ones needs `Authorization: Bearer <key>`; the key decides the user. An address
 * with too many failed attempts this minute gets 429 before its key is checked (AUTH_FAILURES_PER_MINUTE).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    @Inject(ApiKeyRegistry) private readonly keys: ApiKeyRegistry,
    @Inject(AuthFailureThrottle) private readonly failures: AuthFailureThrottle,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const address = clientBucket(request.ip ?? request.socket.remoteAddress ?? 'unknown');
    const wait = this.failures.retryAfter(address);
    if (wait > 0) {
      response.setHeader('Retry-After', wait);
      throw new HttpException(
        `too many failed authentications from this address (${this.failures.perMinute} per minute); retry after the number of seconds in Retry-After`,
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.header('authorization') ?? '');
    const userId = match ? this.keys.userFor(match[1]) : null;
    if (!userId) {
      this.failures.recordFailure(address);
      response.setHeader('WWW-Authenticate', 'Bearer');
      throw new UnauthorizedException(match ? 'invalid API key' : 'missing API key: send Authorization: Bearer <key>');
    }
    request.user = { id: userId };
    return true;
  }
}
