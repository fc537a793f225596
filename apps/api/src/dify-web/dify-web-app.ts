import { applyDecorators, Controller, createParamDecorator, ExecutionContext } from '@nestjs/common';
import { ApiHeader, ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest } from '../auth/authenticated-request';
import { TakesPassports } from '../auth/public.decorator';
import { correlationIdOf } from '../http/correlation-id';
import { DifyAppContext, DifyErrorResponse } from '../http/dify/dify-app-context';

/** A web-app request's app and the anonymous end user its passport names (never taken from the body). */
export interface DifyWebContext extends DifyAppContext {
  endUserId: string;
}

export const WebApp = createParamDecorator((_: unknown, ctx: ExecutionContext): DifyWebContext => {
  const request = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  const user = request.user;
  if (!user?.app || !user.endUserId) throw new Error('WebApp used on a route that takes no passport');
  return {
    agentId: user.app.agentId,
    ownerId: user.id,
    endUserId: user.endUserId,
    context: { actor: user.id, correlationId: correlationIdOf(request), causationId: null },
  };
});

const MEANING: Record<number, string> = {
  400: '`invalid_param` (the message names the field) or another Dify code',
  401: '`unauthorized`: missing, invalid or expired passport, or a passport of another app',
  403: '`web_app_access_denied`: the app is switched off for the web',
  404: "`not_found` or the resource's own code",
  429: "`too_many_requests`: the app owner's rate limit (see Retry-After)",
};

/** A controller of the Dify web-app API: under /api, passports only (X-App-Passport or Bearer, plus X-App-Code), Dify's envelope. */
export const DifyWebController = (...statuses: number[]) =>
  applyDecorators(
    Controller('api'),
    TakesPassports(),
    ApiTags('dify-web'),
    ApiBearerAuth(),
    ApiHeader({ name: 'X-App-Code', required: true, description: "the app's site code" }),
    ...[401, 403, 429, ...statuses].map((status) => ApiResponse({ status, description: MEANING[status], type: DifyErrorResponse })),
  );
