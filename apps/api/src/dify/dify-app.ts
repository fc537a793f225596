import { applyDecorators, Controller, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest } from '../auth/authenticated-request';
import { TakesAppKeys } from '../auth/public.decorator';
import { correlationIdOf } from '../http/correlation-id';
import { DifyAppContext, DifyErrorResponse } from '../http/dify/dify-app-context';

export const DifyApp = createParamDecorator((_: unknown, ctx: ExecutionContext): DifyAppContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const app = request.user?.app;
  if (!request.user || !app) throw new Error('DifyApp used on a route that takes no app key');
  return {
    agentId: app.agentId,
    ownerId: request.user.id,
    context: { actor: request.user.id, correlationId: correlationIdOf(request), causationId: null },
  };
});

const MEANING: Record<number, string> = {
  400: '`invalid_param` (the message names the field) or another Dify code',
  401: '`unauthorized`: missing or invalid app key (user keys are refused here)',
  404: "`not_found` or the resource's own code (e.g. `end_user_not_found`)",
  429: "`too_many_requests`: the owner's rate limit (see Retry-After)",
};

/** A controller of the Dify service API: under /v1, app keys only, errors in Dify's envelope. */
export const DifyController = (...statuses: number[]) =>
  applyDecorators(
    Controller('v1'),
    TakesAppKeys(),
    ApiTags('dify'),
    ApiBearerAuth(),
    ...[401, 429, ...statuses].map((status) => ApiResponse({ status, description: MEANING[status], type: DifyErrorResponse })),
  );
