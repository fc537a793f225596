import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { CommandContext } from '@forkline/event-store';
import { AuthenticatedRequest } from '../auth/authenticated-request';
import { correlationIdOf } from './correlation-id';

/** The authenticated user id (the API key guard has run before any handler). */
export const UserId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('UserId used on a route without authentication');
  return user.id;
});

/** Who is acting and under which correlation id: the request's, as its log lines show it (see correlation-id.ts). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) throw new Error('Actor used on a route without authentication');
  return { actor: request.user.id, correlationId: correlationIdOf(request), causationId: null };
});
