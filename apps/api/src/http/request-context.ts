import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'crypto';
import { CommandContext } from '@forkline/event-store';
import { AuthenticatedRequest } from '../auth/authenticated-request';

/** The authenticated user id (the API key guard has run before any handler). */
export const UserId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const user = ctx.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) throw new Error('UserId used on a route without authentication');
  return user.id;
});

/** Who is acting and under which correlation id (X-Correlation-Id when the client sends a sane one). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!request.user) throw new Error('Actor used on a route without authentication');
  const header = request.header('x-correlation-id');
  const correlationId = header && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
  return { actor: request.user.id, correlationId, causationId: null };
});
