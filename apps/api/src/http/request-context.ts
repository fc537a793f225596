import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { randomUUID } from 'crypto';
import type { Request } from 'express';
import { CommandContext } from '@forkline/event-store';

/** Until API keys exist every request acts as the local user. */
export const LOCAL_USER = 'local';

/** Who is acting and under which correlation id (X-Correlation-Id when the client sends a sane one). */
export const Actor = createParamDecorator((_: unknown, ctx: ExecutionContext): CommandContext => {
  const request = ctx.switchToHttp().getRequest<Request>();
  const header = request.header('x-correlation-id');
  const correlationId = header && /^[\w.:-]{1,128}$/.test(header) ? header : randomUUID();
  return { actor: LOCAL_USER, correlationId, causationId: null };
});
